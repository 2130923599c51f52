import { type Executor, newId, sql } from '@manabee/kernel';
import type { QuietHours } from './domain/quiet-hours';
import type { Category, Channel, NotificationType } from './domain/workflows';

/** Only this file touches the notification tables. */

export type DeliveryStatus = 'queued' | 'retrying' | 'sent' | 'delivered' | 'failed' | 'suppressed' | 'dead';
export const FINAL_STATUSES: readonly DeliveryStatus[] = [
  'sent',
  'delivered',
  'failed',
  'suppressed',
  'dead',
];

export interface InboxItem {
  id: string;
  userId: string;
  type: string;
  category: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
  archivedAt: Date | null;
}

export interface DeliveryRow {
  id: string;
  dedupeKey: string;
  notificationId: string | null;
  userId: string;
  type: NotificationType;
  category: Category;
  channel: Channel;
  locale: string;
  vars: Record<string, string>;
  critical: boolean;
  provider: string | null;
  status: DeliveryStatus;
  providerMessageId: string | null;
  errorCode: string | null;
  attempts: number;
  createdAt: Date;
  runAt: Date;
  sentAt: Date | null;
  updatedAt: Date;
}

const INBOX_COLUMNS = sql`id, user_id as "userId", type, category, title, body, link,
  created_at as "createdAt", read_at as "readAt", archived_at as "archivedAt"`;
const DELIVERY_COLUMNS = sql`id, dedupe_key as "dedupeKey", notification_id as "notificationId",
  user_id as "userId", type, category, channel, locale, vars, critical, provider, status,
  provider_message_id as "providerMessageId", error_code as "errorCode", attempts,
  created_at as "createdAt", run_at as "runAt", sent_at as "sentAt", updated_at as "updatedAt"`;

/** The in-app row; null when this (user, dedupe key) already has one. */
export async function insertInboxItem(
  executor: Executor,
  item: Omit<InboxItem, 'readAt' | 'archivedAt'> & { dedupeKey: string },
): Promise<InboxItem | null> {
  const { rows } = await sql<InboxItem>`
    insert into notifications (id, user_id, type, category, title, body, link, dedupe_key, created_at)
    values (${item.id}, ${item.userId}, ${item.type}, ${item.category}, ${item.title}, ${item.body},
      ${item.link}, ${item.dedupeKey}, ${item.createdAt})
    on conflict (user_id, dedupe_key) do nothing
    returning ${INBOX_COLUMNS}`.execute(executor);
  return rows[0] ?? null;
}

export type InboxFilter = 'all' | 'unread' | 'archived';

export async function listInbox(
  executor: Executor,
  userId: string,
  options: { filter: InboxFilter; limit: number; before?: string },
): Promise<InboxItem[]> {
  const filter =
    options.filter === 'archived'
      ? sql`archived_at is not null`
      : options.filter === 'unread'
        ? sql`archived_at is null and read_at is null`
        : sql`archived_at is null`;
  const { rows } = await sql<InboxItem>`
    select ${INBOX_COLUMNS} from notifications
    where user_id = ${userId} and ${filter} ${options.before ? sql`and id < ${options.before}` : sql``}
    order by id desc limit ${options.limit}`.execute(executor);
  return rows;
}

export async function countUnread(executor: Executor, userId: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from notifications
    where user_id = ${userId} and read_at is null and archived_at is null`.execute(executor);
  return rows[0]?.count ?? 0;
}

export async function updateInboxItem(
  executor: Executor,
  userId: string,
  id: string,
  change: 'read' | 'unread' | 'archive',
  now: Date,
): Promise<InboxItem | null> {
  const set =
    change === 'read'
      ? sql`read_at = coalesce(read_at, ${now})`
      : change === 'unread'
        ? sql`read_at = null`
        : sql`archived_at = coalesce(archived_at, ${now}), read_at = coalesce(read_at, ${now})`;
  const { rows } = await sql<InboxItem>`
    update notifications set ${set} where id = ${id} and user_id = ${userId}
    returning ${INBOX_COLUMNS}`.execute(executor);
  return rows[0] ?? null;
}

export async function markAllRead(executor: Executor, userId: string, now: Date): Promise<number> {
  const result = await sql`update notifications set read_at = ${now}
    where user_id = ${userId} and read_at is null`.execute(executor);
  return Number(result.numAffectedRows ?? 0);
}

export async function insertDelivery(
  executor: Executor,
  row: Pick<
    DeliveryRow,
    | 'dedupeKey'
    | 'notificationId'
    | 'userId'
    | 'type'
    | 'category'
    | 'channel'
    | 'locale'
    | 'vars'
    | 'critical'
    | 'runAt'
  > & { status?: DeliveryStatus; provider?: string; now: Date },
): Promise<string | null> {
  const final = row.status === 'delivered';
  const { rows } = await sql<{ id: string }>`
    insert into notification_deliveries (id, dedupe_key, notification_id, user_id, type, category, channel,
      locale, vars, critical, status, provider, attempts, created_at, run_at, sent_at, updated_at)
    values (${newId('dlv')}, ${row.dedupeKey}, ${row.notificationId}, ${row.userId}, ${row.type},
      ${row.category}, ${row.channel}, ${row.locale}, ${JSON.stringify(row.vars)}::jsonb, ${row.critical},
      ${row.status ?? 'queued'}, ${row.provider ?? null}, ${final ? 1 : 0}, ${row.now}, ${row.runAt},
      ${final ? row.now : null}, ${row.now})
    on conflict (dedupe_key) do nothing
    returning id`.execute(executor);
  return rows[0]?.id ?? null;
}

export async function getDelivery(executor: Executor, id: string): Promise<DeliveryRow | null> {
  const { rows } = await sql<DeliveryRow>`
    select ${DELIVERY_COLUMNS} from notification_deliveries where id = ${id}`.execute(executor);
  return rows[0] ?? null;
}

export async function recordAttempt(
  executor: Executor,
  id: string,
  outcome: {
    status: DeliveryStatus;
    attempts: number;
    provider?: string | null;
    providerMessageId?: string | null;
    errorCode?: string | null;
    now: Date;
  },
): Promise<void> {
  const sent = outcome.status === 'sent';
  await sql`update notification_deliveries set
      status = ${outcome.status},
      attempts = ${outcome.attempts},
      provider = coalesce(${outcome.provider ?? null}, provider),
      provider_message_id = coalesce(${outcome.providerMessageId ?? null}, provider_message_id),
      error_code = ${outcome.errorCode ?? null},
      sent_at = ${sent ? outcome.now : null},
      updated_at = ${outcome.now}
    where id = ${id}`.execute(executor);
}

/** From a provider's status webhook; never moves a delivery backwards from `delivered`. */
export async function recordProviderStatus(
  executor: Executor,
  provider: string,
  providerMessageId: string,
  status: 'delivered' | 'failed',
  errorCode: string | null,
  now: Date,
): Promise<number> {
  const result = await sql`update notification_deliveries set status = ${status},
      error_code = ${errorCode}, updated_at = ${now}
    where provider = ${provider} and provider_message_id = ${providerMessageId}
      and status in ('sent', 'delivered') and not (status = 'delivered' and ${status} = 'failed')`.execute(
    executor,
  );
  return Number(result.numAffectedRows ?? 0);
}

export interface DeliveryLogFilter {
  status?: DeliveryStatus;
  channel?: Channel;
  userId?: string;
  limit: number;
  before?: string;
}

export async function deliveryLog(executor: Executor, filter: DeliveryLogFilter): Promise<DeliveryRow[]> {
  const { rows } = await sql<DeliveryRow>`
    select ${DELIVERY_COLUMNS} from notification_deliveries
    where true
      ${filter.status ? sql`and status = ${filter.status}` : sql``}
      ${filter.channel ? sql`and channel = ${filter.channel}` : sql``}
      ${filter.userId ? sql`and user_id = ${filter.userId}` : sql``}
      ${filter.before ? sql`and id < ${filter.before}` : sql``}
    order by id desc limit ${filter.limit}`.execute(executor);
  return rows;
}

export async function pendingByChannel(
  executor: Executor,
): Promise<Array<{ channel: string; count: number }>> {
  const { rows } = await sql<{ channel: string; count: number }>`
    select channel, count(*)::int as count from notification_deliveries
    where status in ('queued', 'retrying') group by channel`.execute(executor);
  return rows;
}

export async function preferencesOf(
  executor: Executor,
  userId: string,
): Promise<Array<{ category: Category; channel: Channel; enabled: boolean }>> {
  const { rows } = await sql<{ category: Category; channel: Channel; enabled: boolean }>`
    select category, channel, enabled from notification_preferences where user_id = ${userId}`.execute(
    executor,
  );
  return rows;
}

export async function setPreference(
  executor: Executor,
  userId: string,
  category: Category,
  channel: Channel,
  enabled: boolean,
  now: Date,
): Promise<void> {
  await sql`insert into notification_preferences (user_id, category, channel, enabled, updated_at)
    values (${userId}, ${category}, ${channel}, ${enabled}, ${now})
    on conflict (user_id, category, channel) do update set enabled = excluded.enabled,
      updated_at = excluded.updated_at`.execute(executor);
}

export async function quietHoursOf(executor: Executor, userId: string): Promise<QuietHours | null> {
  const { rows } = await sql<QuietHours>`select start_minute as "startMinute", end_minute as "endMinute"
    from notification_quiet_hours where user_id = ${userId}`.execute(executor);
  return rows[0] ?? null;
}

export async function setQuietHours(
  executor: Executor,
  userId: string,
  quiet: QuietHours | null,
  now: Date,
): Promise<void> {
  if (!quiet) {
    await sql`delete from notification_quiet_hours where user_id = ${userId}`.execute(executor);
    return;
  }
  await sql`insert into notification_quiet_hours (user_id, start_minute, end_minute, updated_at)
    values (${userId}, ${quiet.startMinute}, ${quiet.endMinute}, ${now})
    on conflict (user_id) do update set start_minute = excluded.start_minute,
      end_minute = excluded.end_minute, updated_at = excluded.updated_at`.execute(executor);
}
