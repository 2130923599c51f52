import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventSchemas } from '@manabee/contracts';
import { connect, headers } from 'nats';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus, type EventBusOptions } from '../src/bus/index';
import { ManualClock } from '../src/clock';
import { type Database, sql } from '../src/db/index';
import { AppError } from '../src/errors';
import { createJobQueue, type JobQueue } from '../src/jobs/index';
import { createLogger } from '../src/logger';
import { backend, createTestDatabase, type TestDatabase, testNamespace } from '../src/testing';

type Schemas = typeof eventSchemas;
const logger = createLogger({ level: 'silent' });
const natsUrl = process.env.NATS_URL;
const namespaces: string[] = [];
const running: Array<{ bus: EventBus<Schemas>; jobs: JobQueue }> = [];

async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A bus as the composition root builds one, on NATS when NATS_URL is set. */
function busOn(database: Database, namespace: string, options: Partial<EventBusOptions<Schemas>> = {}) {
  const registry = new Registry();
  const jobs = createJobQueue({ database, logger, registry, pollIntervalMs: 20 });
  const bus = createEventBus({
    database,
    jobs,
    logger,
    registry,
    schemas: eventSchemas,
    nats: natsUrl ? { url: natsUrl, stream: `${namespace}_EVENTS`, subjectPrefix: namespace } : undefined,
    pollIntervalMs: 20,
    ...options,
  });
  running.push({ bus, jobs });
  return { bus, jobs, registry };
}

async function createEffectsTable(database: Database): Promise<void> {
  await sql`create table if not exists bus_effects (consumer text not null, event_id text not null, key text not null)`.execute(
    database.db,
  );
}

/** The handler's effect: a row written in the delivery transaction. */
function recordEffect(consumer: string) {
  return async (
    event: { id: string; payload: { key: string } },
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
  ) => {
    await sql`insert into bus_effects (consumer, event_id, key) values (${consumer}, ${event.id}, ${event.payload.key})`.execute(
      tx,
    );
  };
}

async function effects(database: Database, consumer: string, key: string): Promise<number> {
  const { rows } = await sql<{ count: number | string }>`
    select count(*) as count from bus_effects where consumer = ${consumer} and key = ${key}`.execute(
    database.db,
  );
  return Number(rows[0]?.count ?? 0);
}

let testDb: TestDatabase;
let database: Database;
let namespace: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = testDb.database;
  namespace = testNamespace();
  namespaces.push(namespace);
  await createEffectsTable(database);
});

afterAll(async () => {
  for (const { bus, jobs } of running) {
    await jobs.stop({ timeoutMs: 1_000 });
    await bus.stop();
  }
  if (natsUrl) {
    const connection = await connect({ servers: natsUrl });
    const jsm = await connection.jetstreamManager();
    for (const name of namespaces) await jsm.streams.delete(`${name}_EVENTS`).catch(() => false);
    await connection.close();
  }
  await testDb?.drop();
});

describe(`events (${natsUrl ? 'NATS JetStream' : 'embedded'} relay, ${backend.database})`, () => {
  it('rejects a bad payload with a clear error and writes nothing', async () => {
    const { bus } = busOn(database, namespace);
    // Typed callers cannot write this; the runtime check guards untyped ones (JSON, CLI).
    const badPayload: unknown = { severity: 'apocalyptic', category: 'self-harm' };
    const attempt = bus.publish(database.db, 'safety.alert.raised', badPayload as never);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(attempt).rejects.toThrow(/invalid payload for event safety\.alert\.raised: .*severity/);
    const unknownName = 'chat.message.deleted' as 'system.test.pinged';
    await expect(bus.publish(database.db, unknownName, { key: 'x' })).rejects.toThrow(/unknown event name/);
    const { rows } =
      await sql`select id from outbox where name in ('safety.alert.raised', 'chat.message.deleted')`.execute(
        database.db,
      );
    expect(rows).toHaveLength(0);
  });

  it('writes no outbox row when the caller transaction rolls back', async () => {
    const { bus } = busOn(database, namespace);
    await expect(
      database.transaction(async (tx) => {
        await bus.publish(tx, 'system.test.pinged', { key: 'rolled-back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const { rows } = await sql`select id from outbox where payload->>'key' = 'rolled-back'`.execute(
      database.db,
    );
    expect(rows).toHaveLength(0);
  });

  it('delivers a committed event once, even when it is relayed and delivered again', async () => {
    const { bus, registry } = busOn(database, namespace);
    bus.subscribe('once_consumer', ['system.test.pinged'], async (event, tx) => {
      expect(event.name).toBe('system.test.pinged');
      await recordEffect('once_consumer')(event, tx);
    });
    const envelope = await database.transaction((tx) =>
      bus.publish(tx, 'system.test.pinged', { key: 'once' }),
    );
    expect(envelope).toMatchObject({ name: 'system.test.pinged', payload: { key: 'once' } });
    expect(envelope.id).toMatch(/^evt_/);

    expect((await bus.relayOnce()).published).toBeGreaterThanOrEqual(1);
    await bus.deliverOnce();
    expect(await effects(database, 'once_consumer', 'once')).toBe(1);
    expect(await registry.getSingleMetricAsString('manabee_events_published_total')).toMatch(
      /event="system.test.pinged"} [1-9]/,
    );

    // A crash between publishing and marking the row: the relay hands it on again.
    await sql`update outbox set published_at = null where id = ${envelope.id}`.execute(database.db);
    const again = await bus.relayOnce();
    expect(again.published).toBeGreaterThanOrEqual(1);
    if (natsUrl) expect(again.duplicates).toBeGreaterThanOrEqual(1);
    await bus.deliverOnce();
    expect(await effects(database, 'once_consumer', 'once')).toBe(1);
  });

  it.runIf(natsUrl)('absorbs a duplicate NATS message that slipped past the dedupe window', async () => {
    const { bus } = busOn(database, namespace);
    bus.subscribe('dup_consumer', ['system.test.pinged'], recordEffect('dup_consumer'));
    const envelope = await bus.publish(database.db, 'system.test.pinged', { key: 'dup' });
    await bus.relayOnce();
    await bus.deliverOnce();
    const connection = await connect({ servers: natsUrl });
    const js = connection.jetstream();
    // Another message id: JetStream stores it again, only the inbox can stop it.
    const header = headers();
    header.set('Nats-Msg-Id', `${envelope.id}-replayed`);
    await js.publish(`${namespace}.events.system.test.pinged`, JSON.stringify(envelope), { headers: header });
    await connection.close();
    expect((await bus.deliverOnce()).handled).toBeGreaterThanOrEqual(1);
    expect(await effects(database, 'dup_consumer', 'dup')).toBe(1);
  });

  it('retries a failing handler with backoff, dead-letters one that keeps failing, and retries it from there', async () => {
    const { bus, jobs } = busOn(database, namespace, { maxAttempts: 3, backoffBaseMs: 20, backoffMaxMs: 40 });
    const flakyAttempts: string[] = [];
    bus.subscribe('flaky_consumer', ['system.test.pinged'], async (event, tx) => {
      if (event.payload.key !== 'retry') return;
      flakyAttempts.push(event.id);
      if (flakyAttempts.length < 3) throw new Error('database hiccup');
      await recordEffect('flaky_consumer')(event, tx);
    });
    let healthy = false;
    bus.subscribe('broken_consumer', ['system.test.pinged'], async (event, tx) => {
      if (event.payload.key !== 'retry') return;
      await recordEffect('broken_consumer')(event, tx);
      if (!healthy) throw new Error('handler bug');
    });
    jobs.start();
    await bus.start();
    const envelope = await database.transaction((tx) =>
      bus.publish(tx, 'system.test.pinged', { key: 'retry' }),
    );

    await waitFor(
      async () => (await effects(database, 'flaky_consumer', 'retry')) === 1,
      'the flaky handler',
    );
    expect(flakyAttempts).toHaveLength(3);

    let deadLetterId = '';
    await waitFor(async () => {
      const { rows } = await sql<{ id: string }>`
        select id from dead_letters where kind = 'event' and source = 'broken_consumer' and event_id = ${envelope.id}`.execute(
        database.db,
      );
      deadLetterId = rows[0]?.id ?? '';
      return rows.length === 1;
    }, 'the dead letter');
    const { rows } = await sql<{ attempts: number; name: string; error: string }>`
      select attempts, name, error from dead_letters where id = ${deadLetterId}`.execute(database.db);
    expect(rows[0]).toMatchObject({ attempts: 3, name: 'system.test.pinged' });
    expect(rows[0]?.error).toContain('handler bug');
    // Every failed attempt rolled its writes back.
    expect(await effects(database, 'broken_consumer', 'retry')).toBe(0);

    healthy = true;
    await jobs.retryDeadLetter(deadLetterId);
    await waitFor(
      async () => (await effects(database, 'broken_consumer', 'retry')) === 1,
      'the retried event',
    );
    await jobs.stop();
    await bus.stop();
    expect(await effects(database, 'broken_consumer', 'retry')).toBe(1);
    expect(await effects(database, 'flaky_consumer', 'retry')).toBe(1);
  });

  it('publishes what is committed before stop() returns', async () => {
    const { bus } = busOn(database, namespace, { pollIntervalMs: 60_000 });
    await bus.start();
    await bus.publish(database.db, 'system.test.pinged', { key: 'flush' });
    await bus.stop();
    expect((await bus.lag()).unpublished).toBe(0);
  });
});

describe('events across a restart', () => {
  // Two PGlite starts (before and after the "crash") take longer than the default timeout on a busy machine.
  it('handles an event committed before the process died exactly once after restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'manabee-bus-'));
    const restartNamespace = testNamespace();
    namespaces.push(restartNamespace);
    const restartDb = await createTestDatabase({ dataDir: path.join(dataDir, 'pg') });
    try {
      await createEffectsTable(restartDb.database);
      const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
      const first = busOn(restartDb.database, restartNamespace, { clock });
      first.bus.subscribe('restart_consumer', ['system.test.pinged'], recordEffect('restart_consumer'));
      await restartDb.database.transaction((tx) =>
        first.bus.publish(tx, 'system.test.pinged', { key: 'survives' }),
      );
      clock.advance(5_000);
      expect(await first.bus.lag()).toEqual({ unpublished: 1, oldestAgeMs: 5_000 });
      // The process dies: committed, never relayed.
      await restartDb.database.close();

      const reopened = await restartDb.reopen();
      const second = busOn(reopened, restartNamespace);
      second.bus.subscribe('restart_consumer', ['system.test.pinged'], recordEffect('restart_consumer'));
      expect((await second.bus.relayOnce()).published).toBe(1);
      await second.bus.deliverOnce();
      await second.bus.relayOnce();
      await second.bus.deliverOnce();
      expect(await effects(reopened, 'restart_consumer', 'survives')).toBe(1);
      expect((await second.bus.lag()).unpublished).toBe(0);
      expect(await second.bus.prune(0)).toEqual({ outbox: 1, inbox: 1 });
      await second.bus.stop();
    } finally {
      await restartDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
