import { sql } from 'kysely';
import type { Database, Executor, Tx } from '../db/index';
import type { EventEnvelope } from './types';

const iso = (date: Date) => date.toISOString();

export async function insertOutboxRow(executor: Executor, envelope: EventEnvelope): Promise<void> {
  await sql`
    insert into outbox (id, name, payload, occurred_at)
    values (${envelope.id}, ${envelope.name}, ${JSON.stringify(envelope.payload)}::jsonb,
      ${envelope.occurredAt}::timestamptz)`.execute(executor);
}

interface OutboxRow {
  id: string;
  name: string;
  payload: unknown;
  occurred_at: Date | string;
}

/**
 * Locks a batch of unpublished events for this relay; other relays skip them.
 * Ordered by id, which is time-ordered, so a consumer sees a producer's events
 * in the order they were written (per relay batch).
 */
export async function claimUnpublished(tx: Tx, limit: number): Promise<EventEnvelope[]> {
  const { rows } = await sql<OutboxRow>`
    select id, name, payload, occurred_at from outbox
    where published_at is null
    order by id
    limit ${limit}
    for update skip locked`.execute(tx);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    payload: row.payload,
    occurredAt: new Date(row.occurred_at).toISOString(),
  }));
}

export async function markPublished(tx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    update outbox set published_at = ${iso(now)}::timestamptz, publish_attempts = publish_attempts + 1, last_error = null
    where id in (${sql.join(ids)})`.execute(tx);
}

export async function recordPublishFailure(tx: Tx, id: string, error: string): Promise<void> {
  await sql`
    update outbox set publish_attempts = publish_attempts + 1, last_error = ${error.slice(0, 2_000)}
    where id = ${id}`.execute(tx);
}

export async function registerConsumers(
  database: Database,
  subscriptions: ReadonlyArray<{ consumer: string; eventName: string }>,
): Promise<void> {
  if (subscriptions.length === 0) return;
  const values = subscriptions.map((entry) => sql`(${entry.consumer}, ${entry.eventName})`);
  await sql`
    insert into event_consumers (consumer, event_name) values ${sql.join(values)}
    on conflict (consumer, event_name) do nothing`.execute(database.db);
}

/** Every consumer of each event name, from all processes that ever subscribed. */
export async function consumersOf(tx: Tx, names: string[]): Promise<Map<string, string[]>> {
  const byName = new Map<string, string[]>();
  if (names.length === 0) return byName;
  const { rows } = await sql<{ consumer: string; event_name: string }>`
    select consumer, event_name from event_consumers
    where event_name in (${sql.join([...new Set(names)])})
    order by consumer`.execute(tx);
  for (const row of rows) byName.set(row.event_name, [...(byName.get(row.event_name) ?? []), row.consumer]);
  return byName;
}

export async function outboxLag(executor: Executor, now: Date) {
  const { rows } = await sql<{ unpublished: number | string; oldest: Date | string | null }>`
    select count(*) as unpublished, min(occurred_at) as oldest from outbox where published_at is null`.execute(
    executor,
  );
  const row = rows[0];
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
  return {
    unpublished: Number(row?.unpublished ?? 0),
    oldestAgeMs: oldest === undefined ? 0 : Math.max(0, now.getTime() - oldest),
  };
}

/**
 * Runs `handler` once per (consumer, event): the inbox row and the handler's
 * writes commit together, so a redelivered event finds the row and is skipped,
 * and a failed handler leaves no row behind to block its retry.
 * Returns false when the event had already been handled.
 */
export async function handleOnce(
  database: Database,
  consumer: string,
  envelope: EventEnvelope,
  handler: (event: EventEnvelope, tx: Tx) => Promise<void>,
): Promise<boolean> {
  return database.transaction(async (tx) => {
    const { rows } = await sql<{ event_id: string }>`
      insert into inbox (consumer, event_id) values (${consumer}, ${envelope.id})
      on conflict (consumer, event_id) do nothing
      returning event_id`.execute(tx);
    if (rows.length === 0) return false;
    await handler(envelope, tx);
    return true;
  });
}

/**
 * Deletes published outbox rows and inbox rows older than `before`. Keep
 * `before` well past the NATS dedupe window and the longest redelivery, or a
 * late duplicate would find no inbox row and run twice.
 */
export async function deleteHandledEvents(
  executor: Executor,
  before: Date,
): Promise<{ outbox: number; inbox: number }> {
  const outbox = await sql`
    delete from outbox where published_at is not null and published_at < ${iso(before)}::timestamptz`.execute(
    executor,
  );
  const inbox = await sql`delete from inbox where handled_at < ${iso(before)}::timestamptz`.execute(executor);
  return { outbox: Number(outbox.numAffectedRows ?? 0n), inbox: Number(inbox.numAffectedRows ?? 0n) };
}
