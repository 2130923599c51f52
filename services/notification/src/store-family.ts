import { type Executor, sql } from '@manabee/kernel';

/** A parent's own rows across the notification tables: for the family export and for erasure. */

const count = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

/**
 * Deletes everything of the guardian and the family's alert reminders in the
 * caller's transaction; counts per table. No foreign keys join these tables,
 * so the order does not matter.
 */
export async function deleteFamilyRows(
  tx: Executor,
  family: { familyId: string; guardianId: string },
): Promise<Record<string, number>> {
  const user = family.guardianId;
  return {
    notifications: count(await sql`delete from notifications where user_id = ${user}`.execute(tx)),
    notification_deliveries: count(
      await sql`delete from notification_deliveries where user_id = ${user}`.execute(tx),
    ),
    notification_preferences: count(
      await sql`delete from notification_preferences where user_id = ${user}`.execute(tx),
    ),
    notification_quiet_hours: count(
      await sql`delete from notification_quiet_hours where user_id = ${user}`.execute(tx),
    ),
    push_subscriptions: count(await sql`delete from push_subscriptions where user_id = ${user}`.execute(tx)),
    notification_digest_items: count(
      await sql`delete from notification_digest_items where user_id = ${user}`.execute(tx),
    ),
    notification_alert_reminders: count(
      await sql`delete from notification_alert_reminders where family_id = ${family.familyId}`.execute(tx),
    ),
  };
}

export interface ExportRows {
  inbox: Array<{
    id: string;
    type: string;
    category: string;
    title: string;
    body: string;
    link: string | null;
    createdAt: Date;
    readAt: Date | null;
    archivedAt: Date | null;
  }>;
  /** Only the choices the parent made; every other category and channel is at its default. */
  preferences: Array<{ category: string; channel: string; enabled: boolean; updatedAt: Date }>;
  quietHours: { startMinute: number; endMinute: number; updatedAt: Date } | null;
  pushDevices: Array<{ kind: string; createdAt: Date }>;
  deliveries: Array<{
    type: string;
    category: string;
    channel: string;
    status: string;
    provider: string | null;
    createdAt: Date;
    sentAt: Date | null;
  }>;
  /** Safety alerts waiting for (or already in) the daily digest email. */
  digestItems: Array<{ category: string; createdAt: Date; digestedAt: Date | null }>;
  /** Critical alerts the parent was reminded of until someone acknowledged them. */
  alertReminders: Array<{
    alertId: string;
    severity: string;
    raisedAt: Date;
    remindersSent: number;
    acknowledgedAt: Date | null;
  }>;
}

/**
 * The columns a parent may read, oldest first. Left out on purpose: delivery
 * `vars` (they carry one-time codes and reset links), provider message ids,
 * dedupe keys, and push endpoints and keys (a push target is a credential).
 */
export async function exportRows(
  db: Executor,
  family: { familyId: string; guardianId: string },
): Promise<ExportRows> {
  const user = family.guardianId;
  const inbox = await sql<ExportRows['inbox'][number]>`
    select id, type, category, title, body, link, created_at as "createdAt", read_at as "readAt",
      archived_at as "archivedAt"
    from notifications where user_id = ${user} order by id`.execute(db);
  const preferences = await sql<ExportRows['preferences'][number]>`
    select category, channel, enabled, updated_at as "updatedAt"
    from notification_preferences where user_id = ${user} order by category, channel`.execute(db);
  const quiet = await sql<NonNullable<ExportRows['quietHours']>>`
    select start_minute as "startMinute", end_minute as "endMinute", updated_at as "updatedAt"
    from notification_quiet_hours where user_id = ${user}`.execute(db);
  const push = await sql<ExportRows['pushDevices'][number]>`
    select kind, created_at as "createdAt" from push_subscriptions where user_id = ${user}
    order by created_at, id`.execute(db);
  const deliveries = await sql<ExportRows['deliveries'][number]>`
    select type, category, channel, status, provider, created_at as "createdAt", sent_at as "sentAt"
    from notification_deliveries where user_id = ${user} order by created_at, id`.execute(db);
  const digest = await sql<ExportRows['digestItems'][number]>`
    select category, created_at as "createdAt", digested_at as "digestedAt"
    from notification_digest_items where user_id = ${user} order by created_at, id`.execute(db);
  const reminders = await sql<ExportRows['alertReminders'][number]>`
    select alert_id as "alertId", severity, raised_at as "raisedAt", reminders_sent as "remindersSent",
      acknowledged_at as "acknowledgedAt"
    from notification_alert_reminders where family_id = ${family.familyId}
    order by raised_at, alert_id`.execute(db);
  return {
    inbox: inbox.rows,
    preferences: preferences.rows,
    quietHours: quiet.rows[0] ?? null,
    pushDevices: push.rows,
    deliveries: deliveries.rows,
    digestItems: digest.rows,
    alertReminders: reminders.rows,
  };
}
