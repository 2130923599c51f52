import { type Executor, newId, sql } from '@manabee/kernel';

/** Follow-ups of safety alerts: the daily digest queue and reminders for critical alerts. */

export async function addDigestItem(
  executor: Executor,
  item: { userId: string; dedupeKey: string; category: string; now: Date },
): Promise<void> {
  await sql`insert into notification_digest_items (id, user_id, dedupe_key, category, created_at)
    values (${newId('dgi')}, ${item.userId}, ${item.dedupeKey}, ${item.category}, ${item.now})
    on conflict (user_id, dedupe_key) do nothing`.execute(executor);
}

export async function usersWithPendingDigest(
  executor: Executor,
): Promise<Array<{ userId: string; count: number; oldest: Date }>> {
  const { rows } = await sql<{ userId: string; count: number; oldest: Date }>`
    select user_id as "userId", count(*)::int as count, min(created_at) as oldest
    from notification_digest_items where digested_at is null group by user_id order by user_id`.execute(
    executor,
  );
  return rows;
}

/** Claims the user's pending items; returns how many went into this digest. */
export async function claimDigestItems(executor: Executor, userId: string, now: Date): Promise<number> {
  const result = await sql`update notification_digest_items set digested_at = ${now}
    where user_id = ${userId} and digested_at is null`.execute(executor);
  return Number(result.numAffectedRows ?? 0);
}

export async function trackCriticalAlert(
  executor: Executor,
  alert: { alertId: string; familyId: string; severity: string; raisedAt: Date },
): Promise<boolean> {
  const { rows } = await sql<{ alert_id: string }>`
    insert into notification_alert_reminders (alert_id, family_id, severity, raised_at)
    values (${alert.alertId}, ${alert.familyId}, ${alert.severity}, ${alert.raisedAt})
    on conflict (alert_id) do nothing returning alert_id`.execute(executor);
  return rows.length > 0;
}

export interface AlertReminderRow {
  alertId: string;
  familyId: string;
  remindersSent: number;
  acknowledgedAt: Date | null;
}

export async function alertReminder(executor: Executor, alertId: string): Promise<AlertReminderRow | null> {
  const { rows } = await sql<AlertReminderRow>`
    select alert_id as "alertId", family_id as "familyId", reminders_sent as "remindersSent",
      acknowledged_at as "acknowledgedAt"
    from notification_alert_reminders where alert_id = ${alertId}`.execute(executor);
  return rows[0] ?? null;
}

export async function countReminder(executor: Executor, alertId: string): Promise<void> {
  await sql`update notification_alert_reminders set reminders_sent = reminders_sent + 1
    where alert_id = ${alertId}`.execute(executor);
}

export async function acknowledgeAlert(executor: Executor, alertId: string, now: Date): Promise<boolean> {
  const result = await sql`update notification_alert_reminders
    set acknowledged_at = coalesce(acknowledged_at, ${now}) where alert_id = ${alertId}`.execute(executor);
  return Number(result.numAffectedRows ?? 0) > 0;
}
