import { AppError, type Clock, type Executor, isId, newId, type Principal } from '@manabee/kernel';
import { type AlertSummary, type ContextTurn, openAlertText, sealedAs, summaryOf } from './alerts';
import type { Category, Severity } from './domain/index';
import { actorOf, type SafetyDeps } from './ports';
import * as store from './store/alerts';

export type { ReviewState } from './store/alerts';

const MAX_NOTE_CHARS = 4000;
export const MAX_BULK = 100;

export interface ReviewItem extends AlertSummary {
  state: store.ReviewState;
  claimedBy: string | null;
  claimedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  /** How long it waited for a reviewer: until claimed (or resolved without a claim), or until now. */
  waitedSeconds: number;
  noteCount: number;
}

export interface ReviewNote {
  id: string;
  authorId: string;
  text: string;
  createdAt: Date;
}

export interface ReviewDetail extends ReviewItem {
  flaggedText: string;
  context: ContextTurn[];
  notes: ReviewNote[];
}

export interface ReviewFilter {
  /** Default: the open ones (new, in_review). */
  states?: readonly store.ReviewState[] | undefined;
  severities?: readonly Severity[] | undefined;
  category?: Category | undefined;
  /** Only alerts that have waited at least / at most this long. */
  minAgeMinutes?: number | undefined;
  maxAgeMinutes?: number | undefined;
  claimedBy?: string | undefined;
}

export type Outcome = 'resolved' | 'false_positive';

export interface BulkResult {
  updated: string[];
  skipped: Array<{ alertId: string; reason: string }>;
}

export function createReview(deps: SafetyDeps & { clock: Clock }) {
  const { database, keyring, clock } = deps;

  const itemOf = (row: store.AlertRow, noteCount: number): ReviewItem => {
    const raised = new Date(row.raised_at).getTime();
    const pickedUp = row.claimed_at ?? row.resolved_at;
    const until = pickedUp ? new Date(pickedUp).getTime() : clock.now().getTime();
    return {
      ...summaryOf(row),
      state: row.review_state,
      claimedBy: row.claimed_by,
      claimedAt: row.claimed_at ? new Date(row.claimed_at) : null,
      resolvedBy: row.resolved_by,
      resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
      waitedSeconds: Math.max(0, Math.round((until - raised) / 1000)),
      noteCount,
    };
  };

  async function loadForReview(tx: Executor, alertId: string, lock: boolean): Promise<store.AlertRow> {
    const row = isId('alr', alertId) ? await store.findAlert(tx, alertId, lock) : undefined;
    if (!row) throw new AppError('NOT_FOUND', { detail: 'Safety alert not found' });
    return row;
  }

  async function addNote(tx: Executor, row: store.AlertRow, authorId: string, text: string): Promise<void> {
    const id = newId('srn');
    const sealed = await keyring.seal(tx, row.family_id, text.slice(0, MAX_NOTE_CHARS), sealedAs.note(id));
    await store.insertNote(tx, { id, alertId: row.id, authorId, sealed, at: clock.now() });
  }

  const isAdmin = (principal: Principal) =>
    principal.role === 'admin' || (principal.operatorRoles ?? []).includes('admin');

  /** One alert's resolution inside `tx`; returns why it was skipped, or null when done. */
  async function resolveIn(
    tx: Executor,
    principal: Principal,
    alertId: string,
    outcome: Outcome,
    note: string | undefined,
  ): Promise<string | null> {
    const row = isId('alr', alertId) ? await store.findAlert(tx, alertId, true) : undefined;
    if (!row) return 'not_found';
    if (row.review_state === 'resolved' || row.review_state === 'false_positive') return 'already_closed';
    // A claim is a promise to look; only the claimer (or an admin) closes it.
    if (row.review_state === 'in_review' && row.claimed_by !== principal.id && !isAdmin(principal))
      return 'claimed_by_another_reviewer';
    const at = clock.now();
    await store.setResolution(tx, row.id, outcome, principal.id, at);
    if (note?.trim()) await addNote(tx, row, principal.id, note.trim());
    if (outcome === 'false_positive') {
      // Kept apart from the alert, sealed again under its own id, for the next training run.
      const { flaggedText } = await openAlertText(deps, tx, row);
      const feedbackId = newId('sfb');
      await store.insertFeedback(tx, {
        id: feedbackId,
        alert_id: row.id,
        family_id: row.family_id,
        lang: row.lang,
        source: row.source,
        categories: row.categories,
        severity: row.severity,
        text_sealed: await keyring.seal(tx, row.family_id, flaggedText, sealedAs.feedback(feedbackId)),
        reviewer_id: principal.id,
        created_at: at,
        message_id: row.message_id,
      });
    }
    await deps.audit.record(tx, {
      actor: actorOf(principal),
      action: outcome === 'resolved' ? 'safety.review.resolved' : 'safety.review.false_positive',
      resource: { type: 'safety_alert', id: row.id },
      metadata: { severity: row.severity, category: row.category, withNote: Boolean(note?.trim()) },
    });
    return null;
  }

  return {
    async queue(
      principal: Principal | null,
      filter: ReviewFilter,
      page: { first: number; offset: number },
    ): Promise<{ items: ReviewItem[]; total: number }> {
      deps.authorize(principal, 'review.read', { type: 'review_queue' });
      const now = clock.now().getTime();
      const minutes = (m: number | undefined) => (m === undefined ? undefined : new Date(now - m * 60_000));
      const { rows, total } = await store.listQueue(
        database.db,
        {
          states: filter.states?.length ? filter.states : ['new', 'in_review'],
          severities: filter.severities,
          category: filter.category,
          raisedBefore: minutes(filter.minAgeMinutes),
          raisedAfter: minutes(filter.maxAgeMinutes),
          claimedBy: filter.claimedBy,
        },
        { limit: Math.min(Math.max(page.first, 1), 200), offset: Math.max(page.offset, 0) },
      );
      return { items: rows.map((row) => itemOf(row, row.note_count)), total };
    },

    /** The flagged text, context and notes for a reviewer; audited like a parent's view. */
    async item(principal: Principal | null, alertId: string): Promise<ReviewDetail> {
      deps.authorize(principal, 'review.read', { type: 'review_queue' });
      return database.transaction(async (tx) => {
        const row = await loadForReview(tx, alertId, false);
        const text = await openAlertText(deps, tx, row);
        const notes = await Promise.all(
          (await store.notesOf(tx, row.id)).map(async (note) => ({
            id: note.id,
            authorId: note.author_id,
            text: await keyring.open(tx, row.family_id, note.note_sealed, sealedAs.note(note.id)),
            createdAt: new Date(note.created_at),
          })),
        );
        await deps.audit.record(tx, {
          actor: actorOf(principal!),
          action: 'safety.alert.viewed',
          resource: { type: 'safety_alert', id: row.id },
          metadata: { familyId: row.family_id, childId: row.child_id, via: 'review_queue' },
        });
        return { ...itemOf(row, notes.length), ...text, notes };
      });
    },

    /** Takes an alert into review. Claiming one's own claim again is a no-op; another's is a conflict. */
    async claim(principal: Principal | null, alertId: string): Promise<ReviewItem> {
      deps.authorize(principal, 'review.resolve', { type: 'review_queue' });
      const reviewer = principal!;
      return database.transaction(async (tx) => {
        const row = await loadForReview(tx, alertId, true);
        if (row.review_state === 'in_review' && row.claimed_by === reviewer.id) return itemOf(row, 0);
        if (row.review_state !== 'new') {
          throw new AppError('CONFLICT', {
            detail:
              row.review_state === 'in_review'
                ? 'Another reviewer is already on this alert'
                : 'This alert is already closed',
          });
        }
        const at = clock.now();
        await store.setClaim(tx, row.id, reviewer.id, at);
        await deps.audit.record(tx, {
          actor: actorOf(reviewer),
          action: 'safety.review.claimed',
          resource: { type: 'safety_alert', id: row.id },
          metadata: { severity: row.severity },
        });
        const notes = await store.notesOf(tx, row.id);
        return itemOf(
          { ...row, review_state: 'in_review', claimed_by: reviewer.id, claimed_at: at },
          notes.length,
        );
      });
    },

    async resolve(
      principal: Principal | null,
      input: { alertId: string; outcome: Outcome; note?: string | undefined },
    ): Promise<ReviewItem> {
      deps.authorize(principal, 'review.resolve', { type: 'review_queue' });
      return database.transaction(async (tx) => {
        const skipped = await resolveIn(tx, principal!, input.alertId, input.outcome, input.note);
        if (skipped === 'not_found') throw new AppError('NOT_FOUND', { detail: 'Safety alert not found' });
        if (skipped) throw new AppError('CONFLICT', { detail: skipped.replaceAll('_', ' ') });
        const row = await loadForReview(tx, input.alertId, false);
        return itemOf(row, (await store.notesOf(tx, row.id)).length);
      });
    },

    /** Closes many alerts at once (e.g. a burst of false positives); each is done or skipped with a reason. */
    async bulkResolve(
      principal: Principal | null,
      input: { alertIds: readonly string[]; outcome: Outcome; note?: string | undefined },
    ): Promise<BulkResult> {
      deps.authorize(principal, 'review.resolve', { type: 'review_queue' });
      const ids = [...new Set(input.alertIds)];
      if (ids.length > MAX_BULK)
        throw new AppError('VALIDATION_FAILED', { detail: `At most ${MAX_BULK} alerts at a time` });
      return database.transaction(async (tx) => {
        const result: BulkResult = { updated: [], skipped: [] };
        for (const alertId of ids) {
          const reason = await resolveIn(tx, principal!, alertId, input.outcome, input.note);
          if (reason) result.skipped.push({ alertId, reason });
          else result.updated.push(alertId);
        }
        return result;
      });
    },

    async note(principal: Principal | null, alertId: string, text: string): Promise<ReviewNote> {
      deps.authorize(principal, 'review.resolve', { type: 'review_queue' });
      const trimmed = text.trim();
      if (!trimmed) throw new AppError('VALIDATION_FAILED', { detail: 'A note needs some text' });
      return database.transaction(async (tx) => {
        const row = await loadForReview(tx, alertId, false);
        await addNote(tx, row, principal!.id, trimmed);
        await deps.audit.record(tx, {
          actor: actorOf(principal!),
          action: 'safety.review.noted',
          resource: { type: 'safety_alert', id: row.id },
        });
        const notes = await store.notesOf(tx, row.id);
        const last = notes.at(-1)!;
        return {
          id: last.id,
          authorId: last.author_id,
          text: trimmed.slice(0, MAX_NOTE_CHARS),
          createdAt: new Date(last.created_at),
        };
      });
    },
  };
}
