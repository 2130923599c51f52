import {
  AppError,
  type Clock,
  type Executor,
  isAppError,
  isId,
  issuesFromZod,
  newId,
  type Principal,
} from '@manabee/kernel';
import { z } from 'zod';
import { CATEGORIES, LANGS, SEVERITIES, type Severity, severityRank } from './domain/index';
import {
  actorOf,
  type SafetyAction,
  type SafetyAlertInput,
  type SafetyAlerts,
  type SafetyDeps,
} from './ports';
import * as store from './store/alerts';

/** Parents see the flagged message and a few turns before it, never the whole conversation. */
export const CONTEXT_TURNS = 4;
const MAX_FLAGGED_CHARS = 4000;
const MAX_TURN_CHARS = 1000;

const idOf = (prefix: string) => z.string().refine((v) => isId(prefix, v), `must be a ${prefix}_ id`);

const alertInputSchema = z.object({
  familyId: idOf('fam'),
  childId: idOf('chd'),
  conversationId: idOf('cnv').optional(),
  messageId: z.string().min(1).max(64).optional(),
  source: z.enum(['child', 'tutor']),
  categories: z.array(z.enum(CATEGORIES)).min(1).max(CATEGORIES.length),
  severity: z.enum(SEVERITIES),
  flaggedText: z.string(),
  context: z.array(z.object({ role: z.enum(['child', 'tutor']), text: z.string() })).max(100),
  lang: z.enum(LANGS).optional(),
});

export interface ContextTurn {
  role: 'child' | 'tutor';
  text: string;
}

/** An alert as parents and reviewers see it, without text. */
export interface AlertSummary {
  id: string;
  familyId: string;
  childId: string;
  conversationId: string | null;
  messageId: string | null;
  source: 'child' | 'tutor';
  category: string;
  categories: string[];
  severity: Severity;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

export interface AlertDetail extends AlertSummary {
  flaggedText: string;
  context: ContextTurn[];
}

export const summaryOf = (row: store.AlertRow): AlertSummary => ({
  id: row.id,
  familyId: row.family_id,
  childId: row.child_id,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  source: row.source,
  category: row.category,
  categories: row.categories.split(',').filter(Boolean),
  severity: row.severity,
  raisedAt: new Date(row.raised_at),
  acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at) : null,
  acknowledgedBy: row.acknowledged_by,
});

/** Associated data binds each sealed value to its row and column, so values cannot be swapped. */
export const sealedAs = {
  flagged: (alertId: string) => `safety_alert:${alertId}:flagged`,
  context: (alertId: string) => `safety_alert:${alertId}:context`,
  note: (noteId: string) => `safety_note:${noteId}`,
  feedback: (feedbackId: string) => `safety_feedback:${feedbackId}`,
  feedbackNote: (feedbackId: string) => `safety_feedback:${feedbackId}:note`,
};

/** Training data is ja/en; a script guess files feedback under the right one. Han alone reads as ja, the default. */
export function guessLang(text: string): string {
  if (/[\uac00-\ud7af]/u.test(text)) return 'ko';
  if (/[\u3040-\u30ff\u4e00-\u9fff]/u.test(text)) return 'ja';
  return 'en';
}

export async function openAlertText(
  deps: Pick<SafetyDeps, 'keyring'>,
  executor: Executor,
  row: store.AlertRow,
): Promise<{ flaggedText: string; context: ContextTurn[] }> {
  const flaggedText = await deps.keyring.open(
    executor,
    row.family_id,
    row.flagged_sealed,
    sealedAs.flagged(row.id),
  );
  const context = JSON.parse(
    await deps.keyring.open(executor, row.family_id, row.context_sealed, sealedAs.context(row.id)),
  ) as ContextTurn[];
  return { flaggedText, context };
}

export function createAlerts(deps: SafetyDeps & { clock: Clock }) {
  const { database, keyring, clock } = deps;

  const raiser: SafetyAlerts = {
    /** Runs in the caller's transaction: the alert, its event and its place in the queue commit with the message. */
    async raise(tx, input: SafetyAlertInput) {
      const parsed = alertInputSchema.safeParse(input);
      if (!parsed.success) {
        throw new AppError('VALIDATION_FAILED', {
          detail: 'Invalid safety alert',
          issues: issuesFromZod(parsed.error),
        });
      }
      const alert = parsed.data;
      const id = newId('alr');
      const raisedAt = clock.now();
      const context = alert.context
        .slice(-CONTEXT_TURNS)
        .map((turn) => ({ role: turn.role, text: turn.text.slice(0, MAX_TURN_CHARS) }));
      const flagged = alert.flaggedText.slice(0, MAX_FLAGGED_CHARS);
      // Most severe first is the scanner's order; the event carries the first.
      const category = alert.categories[0]!;
      const result = await store.insertAlert(tx, {
        id,
        familyId: alert.familyId,
        childId: alert.childId,
        conversationId: alert.conversationId ?? null,
        messageId: alert.messageId ?? null,
        source: alert.source,
        category,
        categories: alert.categories,
        severity: alert.severity,
        severityRank: severityRank(alert.severity),
        lang: alert.lang ?? guessLang(flagged),
        flaggedSealed: await keyring.seal(tx, alert.familyId, flagged, sealedAs.flagged(id)),
        contextSealed: await keyring.seal(tx, alert.familyId, JSON.stringify(context), sealedAs.context(id)),
        raisedAt,
      });
      if (!result.inserted) return { alertId: result.id };
      await deps.publish(tx, 'safety.alert.raised', {
        alertId: id,
        familyId: alert.familyId,
        childId: alert.childId,
        ...(alert.conversationId ? { conversationId: alert.conversationId } : {}),
        severity: alert.severity,
        category,
        raisedAt: raisedAt.toISOString(),
      });
      deps.logger.info(
        { alertId: id, familyId: alert.familyId, severity: alert.severity, category, source: alert.source },
        'safety alert raised',
      );
      return { alertId: id };
    },
  };

  /**
   * Loads an alert for `action` without confirming that somebody else's exists:
   * the role is checked first (a child is refused whatever the id), then the
   * family; a policy that says FORBIDDEN for another family still reads NOT_FOUND.
   */
  async function loadAuthorized(
    executor: Executor,
    principal: Principal | null,
    action: SafetyAction,
    alertId: string,
    lock = false,
  ): Promise<store.AlertRow> {
    deps.authorize(principal, action, { type: 'safety_alert', familyId: principal?.familyId ?? '' });
    const row = isId('alr', alertId) ? await store.findAlert(executor, alertId, lock) : undefined;
    if (!row) throw new AppError('NOT_FOUND', { detail: 'Safety alert not found' });
    try {
      deps.authorize(principal, action, { type: 'safety_alert', familyId: row.family_id });
    } catch (error) {
      if (isAppError(error) && error.code === 'FORBIDDEN')
        throw new AppError('NOT_FOUND', { detail: 'Safety alert not found' });
      throw error;
    }
    return row;
  }

  return {
    raiser,

    /** A parent's alerts (their own family only), newest first. */
    async list(
      principal: Principal | null,
      filter: store.FamilyAlertFilter,
      page: { before?: string | undefined; first: number },
    ): Promise<AlertSummary[]> {
      const familyId = principal?.familyId ?? '';
      deps.authorize(principal, 'alert.read', { type: 'safety_alert', familyId });
      if (!familyId) throw new AppError('FORBIDDEN', { detail: 'Family alerts are for the family' });
      const rows = await store.listFamilyAlerts(database.db, familyId, filter, {
        before: page.before,
        limit: Math.min(Math.max(page.first, 1), 100),
      });
      return rows.map(summaryOf);
    },

    /** The flagged message and its short context; the view is audited in the same transaction. */
    async detail(principal: Principal | null, alertId: string): Promise<AlertDetail> {
      return database.transaction(async (tx) => {
        const row = await loadAuthorized(tx, principal, 'alert.read', alertId);
        const text = await openAlertText(deps, tx, row);
        await deps.audit.record(tx, {
          actor: actorOf(principal!),
          action: 'safety.alert.viewed',
          resource: { type: 'safety_alert', id: row.id },
          metadata: { familyId: row.family_id, childId: row.child_id, via: 'alert' },
        });
        return { ...summaryOf(row), ...text };
      });
    },

    /** Records who acknowledged and when; the first acknowledgement stands. */
    async acknowledge(principal: Principal | null, alertId: string): Promise<AlertSummary> {
      const { row, changed } = await database.transaction(async (tx) => {
        const row = await loadAuthorized(tx, principal, 'alert.acknowledge', alertId, true);
        if (row.acknowledged_at) return { row, changed: false };
        const at = clock.now();
        await store.acknowledge(tx, row.id, principal!.id, at);
        await deps.audit.record(tx, {
          actor: actorOf(principal!),
          action: 'safety.alert.acknowledged',
          resource: { type: 'safety_alert', id: row.id },
          metadata: { familyId: row.family_id, severity: row.severity },
        });
        return { row: { ...row, acknowledged_at: at, acknowledged_by: principal!.id }, changed: true };
      });
      if (changed && deps.onAcknowledged) {
        try {
          await deps.onAcknowledged(row.id);
        } catch (error) {
          deps.logger.warn({ err: error, alertId: row.id }, 'onAcknowledged hook failed');
        }
      }
      return summaryOf(row);
    },

    /** For the notification service: critical alerts nobody acknowledged since before `olderThan`, oldest first. */
    async unacknowledgedCritical(olderThan: Date, limit = 200): Promise<AlertSummary[]> {
      const rows = await store.unacknowledgedCritical(database.db, olderThan, Math.min(limit, 1000));
      return rows.map(summaryOf);
    },

    /** For the weekly report: alerts raised about a child in [from, to) per severity, most severe first; no content. */
    countsOfChild(
      childId: string,
      from: Date,
      to: Date,
    ): Promise<Array<{ severity: Severity; count: number }>> {
      return store.severityCountsOfChild(database.db, childId, from, to);
    },
  };
}
