import { type Executor, sql } from '@manabee/kernel';
import type { Category, Severity } from '../domain/index';

/** The only code that touches safety_alerts, safety_review_notes and safety_feedback. `*_sealed` columns hold sealed text. */

export type ReviewState = 'new' | 'in_review' | 'resolved' | 'false_positive';
export const REVIEW_STATES: readonly ReviewState[] = ['new', 'in_review', 'resolved', 'false_positive'];

export interface AlertRow {
  id: string;
  family_id: string;
  child_id: string;
  conversation_id: string | null;
  message_id: string | null;
  source: 'child' | 'tutor';
  category: string;
  categories: string;
  severity: Severity;
  severity_rank: number;
  lang: string | null;
  flagged_sealed: string;
  context_sealed: string;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  review_state: ReviewState;
  claimed_by: string | null;
  claimed_at: Date | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

export interface NewAlert {
  id: string;
  familyId: string;
  childId: string;
  conversationId: string | null;
  messageId: string | null;
  source: 'child' | 'tutor';
  category: string;
  categories: readonly string[];
  severity: Severity;
  severityRank: number;
  lang: string | null;
  flaggedSealed: string;
  contextSealed: string;
  raisedAt: Date;
}

/** Inserts the alert; returns the id of the alert already raised for the same message, if any. */
export async function insertAlert(tx: Executor, a: NewAlert): Promise<{ id: string; inserted: boolean }> {
  const { rows } = await sql<{ id: string }>`
    insert into safety_alerts (id, family_id, child_id, conversation_id, message_id, source, category,
      categories, severity, severity_rank, lang, flagged_sealed, context_sealed, raised_at)
    values (${a.id}, ${a.familyId}, ${a.childId}, ${a.conversationId}, ${a.messageId}, ${a.source},
      ${a.category}, ${a.categories.join(',')}, ${a.severity}, ${a.severityRank}, ${a.lang},
      ${a.flaggedSealed}, ${a.contextSealed}, ${a.raisedAt})
    on conflict do nothing
    returning id`.execute(tx);
  if (rows[0]) return { id: rows[0].id, inserted: true };
  const existing = await sql<{ id: string }>`
    select id from safety_alerts where message_id = ${a.messageId} and source = ${a.source}`.execute(tx);
  return { id: existing.rows[0]!.id, inserted: false };
}

export async function findAlert(db: Executor, id: string, lock = false): Promise<AlertRow | undefined> {
  const { rows } = lock
    ? await sql<AlertRow>`select * from safety_alerts where id = ${id} for update`.execute(db)
    : await sql<AlertRow>`select * from safety_alerts where id = ${id}`.execute(db);
  return rows[0];
}

export interface FamilyAlertFilter {
  childId?: string | undefined;
  acknowledged?: boolean | undefined;
  severities?: readonly Severity[] | undefined;
}

/** A family's alerts, newest first; `before` is the last id of the previous page (ids sort by time). */
export async function listFamilyAlerts(
  db: Executor,
  familyId: string,
  filter: FamilyAlertFilter,
  page: { before?: string | undefined; limit: number },
): Promise<AlertRow[]> {
  const conditions = [sql`family_id = ${familyId}`];
  if (filter.childId) conditions.push(sql`child_id = ${filter.childId}`);
  if (filter.acknowledged === true) conditions.push(sql`acknowledged_at is not null`);
  if (filter.acknowledged === false) conditions.push(sql`acknowledged_at is null`);
  if (filter.severities?.length) conditions.push(sql`severity in (${sql.join([...filter.severities])})`);
  if (page.before) conditions.push(sql`id < ${page.before}`);
  const { rows } = await sql<AlertRow>`select * from safety_alerts where ${sql.join(conditions, sql` and `)}
    order by id desc limit ${page.limit}`.execute(db);
  return rows;
}

export async function acknowledge(tx: Executor, id: string, by: string, at: Date): Promise<void> {
  await sql`update safety_alerts set acknowledged_at = ${at}, acknowledged_by = ${by}
    where id = ${id} and acknowledged_at is null`.execute(tx);
}

export async function unacknowledgedCritical(
  db: Executor,
  olderThan: Date,
  limit: number,
): Promise<AlertRow[]> {
  const { rows } = await sql<AlertRow>`select * from safety_alerts
    where severity = 'critical' and acknowledged_at is null and raised_at < ${olderThan}
      and review_state <> 'false_positive'
    order by raised_at, id limit ${limit}`.execute(db);
  return rows;
}

export interface QueueFilter {
  states: readonly ReviewState[];
  severities?: readonly Severity[] | undefined;
  category?: Category | undefined;
  raisedBefore?: Date | undefined;
  raisedAfter?: Date | undefined;
  claimedBy?: string | undefined;
}

const queueConditions = (filter: QueueFilter) => {
  const conditions = [sql`review_state in (${sql.join([...filter.states])})`];
  if (filter.severities?.length) conditions.push(sql`severity in (${sql.join([...filter.severities])})`);
  if (filter.category) conditions.push(sql`(',' || categories || ',') like ${`%,${filter.category},%`}`);
  if (filter.raisedBefore) conditions.push(sql`raised_at < ${filter.raisedBefore}`);
  if (filter.raisedAfter) conditions.push(sql`raised_at >= ${filter.raisedAfter}`);
  if (filter.claimedBy) conditions.push(sql`claimed_by = ${filter.claimedBy}`);
  return sql.join(conditions, sql` and `);
};

/** The queue in working order: most severe first, then whoever has waited longest. */
export async function listQueue(
  db: Executor,
  filter: QueueFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: Array<AlertRow & { note_count: number }>; total: number }> {
  const where = queueConditions(filter);
  const { rows } = await sql<AlertRow & { note_count: number }>`
    select a.*, (select count(*)::int from safety_review_notes n where n.alert_id = a.id) as note_count
    from safety_alerts a where ${where}
    order by severity_rank desc, raised_at, id limit ${page.limit} offset ${page.offset}`.execute(db);
  const count = await sql<{ total: number }>`
    select count(*)::int as total from safety_alerts where ${where}`.execute(db);
  return { rows, total: count.rows[0]?.total ?? 0 };
}

export async function setClaim(tx: Executor, id: string, by: string, at: Date): Promise<void> {
  await sql`update safety_alerts set review_state = 'in_review', claimed_by = ${by}, claimed_at = ${at}
    where id = ${id}`.execute(tx);
}

export async function setResolution(
  tx: Executor,
  id: string,
  state: 'resolved' | 'false_positive',
  by: string,
  at: Date,
): Promise<void> {
  await sql`update safety_alerts set review_state = ${state}, resolved_by = ${by}, resolved_at = ${at}
    where id = ${id}`.execute(tx);
}

export interface NoteRow {
  id: string;
  alert_id: string;
  author_id: string;
  note_sealed: string;
  created_at: Date;
}

export async function insertNote(
  tx: Executor,
  note: { id: string; alertId: string; authorId: string; sealed: string; at: Date },
): Promise<void> {
  await sql`insert into safety_review_notes (id, alert_id, author_id, note_sealed, created_at)
    values (${note.id}, ${note.alertId}, ${note.authorId}, ${note.sealed}, ${note.at})`.execute(tx);
}

export async function notesOf(db: Executor, alertId: string): Promise<NoteRow[]> {
  const { rows } = await sql<NoteRow>`select * from safety_review_notes where alert_id = ${alertId}
    order by id`.execute(db);
  return rows;
}

export type FeedbackKind = 'false_alarm' | 'missed';

export interface FeedbackRow {
  id: string;
  /** The alert a false alarm came from; null for a missed message. */
  alert_id: string | null;
  family_id: string;
  lang: string | null;
  source: string;
  /** What the scanner said (comma-separated; empty when it found nothing). */
  categories: string;
  severity: string;
  text_sealed: string;
  reviewer_id: string;
  created_at: Date;
  exported_at: Date | null;
  kind: FeedbackKind;
  /** The reviewer's label: 'benign' for a false alarm, the category for a missed message. */
  label: string;
  level: string | null;
  message_id: string | null;
  /** A reviewer's note on a missed report, sealed. */
  note_sealed: string | null;
}

export async function insertFeedback(
  tx: Executor,
  f: Omit<FeedbackRow, 'exported_at' | 'kind' | 'label' | 'level' | 'note_sealed'> &
    Partial<Pick<FeedbackRow, 'kind' | 'label' | 'level' | 'note_sealed'>>,
): Promise<boolean> {
  const result = await sql`insert into safety_feedback (id, alert_id, family_id, lang, source, categories,
      severity, text_sealed, reviewer_id, created_at, kind, label, level, message_id, note_sealed)
    values (${f.id}, ${f.alert_id}, ${f.family_id}, ${f.lang}, ${f.source}, ${f.categories}, ${f.severity},
      ${f.text_sealed}, ${f.reviewer_id}, ${f.created_at}, ${f.kind ?? 'false_alarm'}, ${f.label ?? 'benign'},
      ${f.level ?? null}, ${f.message_id}, ${f.note_sealed ?? null})
    on conflict do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

/** Feedback in creation order, for export; `after` is the last id of the previous page. */
export async function feedbackPage(
  db: Executor,
  options: { after?: string | undefined; since?: Date | undefined; onlyNew: boolean; limit: number },
): Promise<FeedbackRow[]> {
  const conditions = [sql`true`];
  if (options.after) conditions.push(sql`id > ${options.after}`);
  if (options.since) conditions.push(sql`created_at >= ${options.since}`);
  if (options.onlyNew) conditions.push(sql`exported_at is null`);
  const { rows } = await sql<FeedbackRow>`select * from safety_feedback
    where ${sql.join(conditions, sql` and `)} order by id limit ${options.limit}`.execute(db);
  return rows;
}

export async function markFeedbackExported(tx: Executor, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql`update safety_feedback set exported_at = ${at} where id in (${sql.join([...ids])})`.execute(tx);
}

/**
 * Deletes a family's alerts, the reviewers' notes on them and its feedback
 * rows, in the caller's transaction; counts per table. Notes first (the
 * cascade would take them uncounted); feedback has no foreign key to alerts.
 */
export async function deleteFamilyRows(
  tx: Executor,
  familyId: string,
): Promise<{ safety_review_notes: number; safety_alerts: number; safety_feedback: number }> {
  const notes = await sql`delete from safety_review_notes
    where alert_id in (select id from safety_alerts where family_id = ${familyId})`.execute(tx);
  const alerts = await sql`delete from safety_alerts where family_id = ${familyId}`.execute(tx);
  const feedback = await sql`delete from safety_feedback where family_id = ${familyId}`.execute(tx);
  return {
    safety_review_notes: Number(notes.numAffectedRows ?? 0n),
    safety_alerts: Number(alerts.numAffectedRows ?? 0n),
    safety_feedback: Number(feedback.numAffectedRows ?? 0n),
  };
}

/** All of a family's alerts, oldest first. */
export async function alertsOfFamily(db: Executor, familyId: string): Promise<AlertRow[]> {
  const { rows } = await sql<AlertRow>`select * from safety_alerts where family_id = ${familyId}
    order by raised_at, id`.execute(db);
  return rows;
}

/** A family's feedback rows (training examples), oldest first. */
export async function feedbackOfFamily(db: Executor, familyId: string): Promise<FeedbackRow[]> {
  const { rows } = await sql<FeedbackRow>`select * from safety_feedback where family_id = ${familyId}
    order by id`.execute(db);
  return rows;
}

/** Alerts raised about one child in [from, to), counted per severity, most severe first; false positives left out. */
export async function severityCountsOfChild(
  db: Executor,
  childId: string,
  from: Date,
  to: Date,
): Promise<Array<{ severity: Severity; count: number }>> {
  const { rows } = await sql<{ severity: Severity; count: number }>`
    select severity, count(*)::int as count from safety_alerts
    where child_id = ${childId} and raised_at >= ${from} and raised_at < ${to}
      -- A reviewer found nothing there: the week's summary should not worry the parent with it.
      and review_state <> 'false_positive'
    group by severity, severity_rank order by severity_rank desc`.execute(db);
  return rows.map((row) => ({ severity: row.severity, count: Number(row.count) }));
}
