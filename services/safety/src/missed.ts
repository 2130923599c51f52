import { AppError, type Clock, isId, issuesFromZod, newId, type Principal } from '@manabee/kernel';
import { z } from 'zod';
import { guessLang, sealedAs } from './alerts';
import { CATEGORIES, type Category, LANGS, SELF_HARM_LEVELS, type SelfHarmLevel } from './domain/index';
import { actorOf, type SafetyDeps } from './ports';
import * as store from './store/alerts';

const MAX_NOTE_CHARS = 4000;

const reportSchema = z
  .object({
    messageId: z.string().min(1).max(64),
    category: z.enum(CATEGORIES),
    level: z.enum(SELF_HARM_LEVELS).optional(),
    note: z.string().max(MAX_NOTE_CHARS).optional(),
  })
  .refine((r) => r.level === undefined || r.category === 'self_harm', {
    message: 'a level is only for self_harm',
    path: ['level'],
  });

export interface MissedReportInput {
  messageId: string;
  /** What the reviewer says the message is. */
  category: Category | string;
  /** The self-harm rung (self_harm only). */
  level?: SelfHarmLevel | string | undefined;
  note?: string | undefined;
}

export interface MissedReport {
  id: string;
  messageId: string;
  category: Category;
  level: SelfHarmLevel | null;
  reportedBy: string;
  createdAt: Date;
}

/**
 * A reviewer reports a child's message the scanner let through: it becomes a
 * labelled training example (`safety_feedback`, kind `missed`), its text read
 * from the chat service and sealed again under the family key, like a false alarm.
 */
export function createMissedReports(deps: SafetyDeps & { clock: Clock }) {
  const { database, keyring, clock } = deps;

  return {
    async reportMissed(principal: Principal | null, input: MissedReportInput): Promise<MissedReport> {
      deps.authorize(principal, 'review.resolve', { type: 'review_queue' });
      const reviewer = principal!;
      const parsed = reportSchema.safeParse({
        ...input,
        level: input.level || undefined,
        note: input.note?.trim() || undefined,
      });
      if (!parsed.success) {
        throw new AppError('VALIDATION_FAILED', {
          detail: 'Invalid missed-message report',
          issues: issuesFromZod(parsed.error),
        });
      }
      const report = parsed.data;
      const message = isId('msg', report.messageId)
        ? await deps.messages.childMessage(report.messageId)
        : null;
      if (!message) throw new AppError('NOT_FOUND', { detail: 'No child message with this id' });

      const id = newId('sfb');
      const at = clock.now();
      const lang = (LANGS as readonly string[]).includes(message.lang ?? '')
        ? message.lang
        : guessLang(message.text);
      return database.transaction(async (tx) => {
        const inserted = await store.insertFeedback(tx, {
          id,
          kind: 'missed',
          alert_id: null,
          message_id: report.messageId,
          family_id: message.familyId,
          lang,
          source: 'child',
          categories: (message.scannedCategories ?? []).join(','),
          severity: message.scannedSeverity ?? 'none',
          label: report.category,
          level: report.level ?? null,
          text_sealed: await keyring.seal(tx, message.familyId, message.text, sealedAs.feedback(id)),
          note_sealed: report.note
            ? await keyring.seal(tx, message.familyId, report.note, sealedAs.feedbackNote(id))
            : null,
          reviewer_id: reviewer.id,
          created_at: at,
        });
        if (!inserted)
          throw new AppError('CONFLICT', { detail: 'This message has already been reported as missed' });
        await deps.audit.record(tx, {
          actor: actorOf(reviewer),
          action: 'safety.feedback.missed_reported',
          resource: { type: 'safety_feedback', id },
          metadata: {
            messageId: report.messageId,
            familyId: message.familyId,
            childId: message.childId,
            category: report.category,
            level: report.level ?? null,
            withNote: Boolean(report.note),
          },
        });
        return {
          id,
          messageId: report.messageId,
          category: report.category,
          level: report.level ?? null,
          reportedBy: reviewer.id,
          createdAt: at,
        };
      });
    },
  };
}
