import { type Clock, isAppError, type Principal } from '@manabee/kernel';
import { sealedAs } from './alerts';
import { actorOf, type SafetyDeps } from './ports';
import * as store from './store/alerts';

const PAGE = 500;

export interface FeedbackExportOptions {
  since?: Date | undefined;
  /** Only rows not exported before, and mark them exported (the next run's increment). */
  onlyNew?: boolean | undefined;
}

/**
 * False positives as training examples, one JSON line each, in the dataset's format
 * (`{text, lang, label: "benign"}`, see training/*.jsonl) plus what the scanner
 * said. Rows of a family whose data was deleted (key destroyed) are skipped: their
 * text no longer exists. The export itself is audited: it unseals child text.
 */
export function createFeedbackExport(deps: SafetyDeps & { clock: Clock }) {
  const { database, keyring, clock } = deps;

  async function* lines(
    actor: { id: string | null; role: string },
    options: FeedbackExportOptions,
  ): AsyncGenerator<string> {
    await database.transaction((tx) =>
      deps.audit.record(tx, {
        actor,
        action: 'safety.feedback.exported',
        resource: { type: 'safety_feedback' },
        metadata: { since: options.since?.toISOString() ?? null, onlyNew: options.onlyNew === true },
      }),
    );
    let after: string | undefined;
    let skipped = 0;
    for (;;) {
      const rows = await store.feedbackPage(database.db, {
        after,
        since: options.since,
        onlyNew: options.onlyNew === true,
        limit: PAGE,
      });
      if (rows.length === 0) break;
      for (const row of rows) {
        let text: string;
        try {
          text = await keyring.open(database.db, row.family_id, row.text_sealed, sealedAs.feedback(row.id));
        } catch (error) {
          if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
          skipped++;
          continue;
        }
        yield `${JSON.stringify({
          text,
          lang: row.lang ?? 'ja',
          label: 'benign',
          predicted: row.categories.split(',').filter(Boolean),
          severity: row.severity,
          source: row.source,
          feedbackId: row.id,
        })}\n`;
      }
      if (options.onlyNew) {
        await database.transaction((tx) =>
          store.markFeedbackExported(
            tx,
            rows.map((row) => row.id),
            clock.now(),
          ),
        );
      }
      after = rows.at(-1)!.id;
      if (rows.length < PAGE) break;
    }
    if (skipped > 0) deps.logger.info({ skipped }, 'feedback rows of deleted families skipped');
  }

  return {
    /** For an admin through the API. */
    exportFalsePositives(principal: Principal | null, options: FeedbackExportOptions = {}) {
      // Unsealing child text in bulk is for the people who maintain the detectors.
      deps.authorize(principal, 'keywords.edit', { type: 'keyword_list' });
      return lines(actorOf(principal!), options);
    },
    /** For `manabee safety export-feedback` run by an operator on the host. */
    exportFalsePositivesAsSystem(options: FeedbackExportOptions = {}) {
      return lines({ id: null, role: 'system' }, options);
    },
  };
}
