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

/** One exported line: the training format (`{text, lang, label, level?}`) plus what the scanner said. */
export interface FeedbackLine {
  text: string;
  lang: string;
  /** 'benign' for a false alarm; the reviewer's category for a missed message. */
  label: string;
  /** The self-harm rung, when a reviewer gave one. */
  level?: string;
  kind: store.FeedbackKind;
  /** A false alarm: benign text the scanner flagged (the dataset's hard-negative mark). */
  hard_negative?: true;
  predicted: string[];
  severity: string;
  source: string;
  feedbackId: string;
}

/**
 * Reviewers' feedback as training examples, one JSON line each, in the format
 * `npm run safety:train` reads from training/feedback/*.jsonl: false alarms
 * labelled `benign`, missed messages with the reviewer's category (and level),
 * plus what the scanner said. Rows of a family whose data was deleted (key
 * destroyed) are skipped: their text no longer exists. The export itself is
 * audited: it unseals child text.
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
        // The training reader refuses an empty line of text; there is nothing to learn from it anyway.
        if (!text.trim()) continue;
        const line: FeedbackLine = {
          text,
          lang: row.lang ?? 'ja',
          label: row.label,
          ...(row.level ? { level: row.level } : {}),
          kind: row.kind,
          ...(row.kind === 'false_alarm' ? { hard_negative: true as const } : {}),
          predicted: row.categories.split(',').filter(Boolean),
          severity: row.severity,
          source: row.source,
          feedbackId: row.id,
        };
        yield `${JSON.stringify(line)}\n`;
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
    /** Every feedback row (false alarms and missed messages), for an admin through the API. */
    exportFeedback(principal: Principal | null, options: FeedbackExportOptions = {}) {
      // Unsealing child text in bulk is for the people who maintain the detectors.
      deps.authorize(principal, 'keywords.edit', { type: 'keyword_list' });
      return lines(actorOf(principal!), options);
    },
    /** For `manabee safety export-feedback` run by an operator on the host. */
    exportFeedbackAsSystem(options: FeedbackExportOptions = {}) {
      return lines({ id: null, role: 'system' }, options);
    },
  };
}
