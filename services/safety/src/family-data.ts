import type { FamilyScope } from '@manabee/contracts';
import type { Executor } from '@manabee/kernel';
import { type ContextTurn, openAlertText, sealedAs } from './alerts';
import type { SafetyDeps } from './ports';
import * as store from './store/alerts';

export type { FamilyScope };

export type ExportedAlert = {
  id: string;
  childId: string;
  conversationId: string | null;
  source: 'child' | 'tutor';
  category: string;
  categories: string[];
  severity: string;
  /** Where the safety team's review stands: new, in_review, resolved or false_positive. */
  state: store.ReviewState;
  raisedAt: string;
  acknowledgedAt: string | null;
  reviewedAt: string | null;
  flaggedText: string;
  context: ContextTurn[];
};

export type SafetyFamilyExport = {
  alerts: ExportedAlert[];
  /** Alerts the safety team judged false alarms, kept (sealed) as examples to improve the detectors. */
  falsePositiveExamples: Array<{
    id: string;
    alertId: string;
    categories: string[];
    severity: string;
    text: string;
    keptAt: string;
    usedForTrainingAt: string | null;
  }>;
  /** Messages the safety team reported the scanner should have caught, kept (sealed) the same way. */
  missedExamples: Array<{
    id: string;
    messageId: string | null;
    category: string;
    level: string | null;
    text: string;
    keptAt: string;
    usedForTrainingAt: string | null;
  }>;
};

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value ? iso(value) : null);

/** A parent's copy of what safety holds about the family, and its erasure when the family is deleted. */
export function createFamilyData(deps: Pick<SafetyDeps, 'database' | 'keyring'>) {
  const { database, keyring } = deps;
  return {
    /**
     * Deletes the family's alerts, the review notes on them and its feedback
     * rows in `executor` (the caller's transaction). Idempotent. Keyword
     * lists are not the family's and stay; nothing is cached per family.
     */
    async eraseFamily(executor: Executor, family: FamilyScope): Promise<Record<string, number>> {
      return store.deleteFamilyRows(executor, family.familyId);
    },

    /**
     * The family's alerts with the flagged text and its context decrypted.
     * Reviewers' notes are left out on purpose: they are the safety team's
     * internal working notes on a case (their judgement, sometimes about
     * other cases or people), not something the family gave us or was shown;
     * the outcome of the review is here as `state`. Operator ids stay out too.
     */
    async exportFamilyData(family: FamilyScope): Promise<SafetyFamilyExport> {
      const db = database.db;
      const alerts: ExportedAlert[] = [];
      for (const row of await store.alertsOfFamily(db, family.familyId)) {
        const text = await openAlertText(deps, db, row);
        alerts.push({
          id: row.id,
          childId: row.child_id,
          conversationId: row.conversation_id,
          source: row.source,
          category: row.category,
          categories: row.categories.split(',').filter(Boolean),
          severity: row.severity,
          state: row.review_state,
          raisedAt: iso(row.raised_at),
          acknowledgedAt: isoOrNull(row.acknowledged_at),
          reviewedAt: isoOrNull(row.resolved_at),
          flaggedText: text.flaggedText,
          context: text.context,
        });
      }
      const falsePositiveExamples: SafetyFamilyExport['falsePositiveExamples'] = [];
      const missedExamples: SafetyFamilyExport['missedExamples'] = [];
      // The reviewer's note on a missed report stays out, like review notes on alerts.
      for (const row of await store.feedbackOfFamily(db, family.familyId)) {
        const text = await keyring.open(db, row.family_id, row.text_sealed, sealedAs.feedback(row.id));
        const kept = { keptAt: iso(row.created_at), usedForTrainingAt: isoOrNull(row.exported_at) };
        if (row.kind === 'missed') {
          missedExamples.push({
            id: row.id,
            messageId: row.message_id,
            category: row.label,
            level: row.level,
            text,
            ...kept,
          });
        } else {
          falsePositiveExamples.push({
            id: row.id,
            alertId: row.alert_id ?? '',
            categories: row.categories.split(',').filter(Boolean),
            severity: row.severity,
            text,
            ...kept,
          });
        }
      }
      return { alerts, falsePositiveExamples, missedExamples };
    },
  };
}
