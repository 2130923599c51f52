import { type Executor, newId, sql } from '@manabee/kernel';

/** Devices that can receive push: Web Push subscriptions and FCM registration tokens. */

export interface PushSubscriptionRow {
  id: string;
  userId: string;
  kind: 'webpush' | 'fcm';
  target: string;
  p256dh: string | null;
  auth: string | null;
  createdAt: Date;
}

const COLUMNS = sql`id, user_id as "userId", kind, target, p256dh, auth, created_at as "createdAt"`;

/** Re-registering the same endpoint moves it to the current user. */
export async function savePushSubscription(
  executor: Executor,
  input: Omit<PushSubscriptionRow, 'id' | 'createdAt'>,
  now: Date,
): Promise<PushSubscriptionRow> {
  const { rows } = await sql<PushSubscriptionRow>`
    insert into push_subscriptions (id, user_id, kind, target, p256dh, auth, created_at)
    values (${newId('psh')}, ${input.userId}, ${input.kind}, ${input.target}, ${input.p256dh}, ${input.auth}, ${now})
    on conflict (target) do update set user_id = excluded.user_id, kind = excluded.kind,
      p256dh = excluded.p256dh, auth = excluded.auth
    returning ${COLUMNS}`.execute(executor);
  return rows[0]!;
}

export async function pushSubscriptionsOf(
  executor: Executor,
  userId: string,
): Promise<PushSubscriptionRow[]> {
  const { rows } = await sql<PushSubscriptionRow>`
    select ${COLUMNS} from push_subscriptions where user_id = ${userId} order by id`.execute(executor);
  return rows;
}

export async function removePushSubscription(
  executor: Executor,
  id: string,
  userId?: string,
): Promise<boolean> {
  const result = await sql`delete from push_subscriptions
    where id = ${id} ${userId ? sql`and user_id = ${userId}` : sql``}`.execute(executor);
  return Number(result.numAffectedRows ?? 0) > 0;
}
