import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock';
import { type Database, sql } from '../src/db/index';
import { backoffDelayMs, createJobQueue, type JobQueueOptions, nextCronRun } from '../src/jobs/index';
import { createLogger } from '../src/logger';
import { backend, createTestDatabase, type TestDatabase } from '../src/testing';

const logger = createLogger({ level: 'silent' });

async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface JobRowView {
  state: string;
  attempts: number;
  locked_by: string | null;
  run_at: Date;
  last_error: string | null;
}

async function jobRow(database: Database, id: string): Promise<JobRowView> {
  const { rows } = await sql<JobRowView>`
    select state, attempts, locked_by, run_at, last_error from jobs where id = ${id}`.execute(database.db);
  if (!rows[0]) throw new Error(`job ${id} not found`);
  return rows[0];
}

let testDb: TestDatabase;
let database: Database;
/** A second handle to the same database: another process on PostgreSQL, the same instance on PGlite. */
let otherProcess: Database;

function queueOn(db: Database, options: Partial<JobQueueOptions> = {}) {
  return createJobQueue({ database: db, logger, registry: new Registry(), random: () => 0, ...options });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = testDb.database;
  // PGlite in memory cannot be opened twice; its one connection already serialises everything.
  otherProcess = backend.database === 'postgres' ? await testDb.reopen() : database;
});

afterAll(async () => {
  await testDb?.drop();
});

describe('jobs', () => {
  it('runs an enqueued job once with its payload, and only queues this worker defines', async () => {
    const queue = queueOn(database);
    const seen: unknown[] = [];
    queue.define<{ n: number }>('basic.run', async (job) => {
      seen.push(job.payload);
    });
    const id = await queue.enqueue('basic.run', { n: 1 });
    await queue.enqueue('basic.undefined', { n: 2 });
    expect(await queue.runDue()).toEqual({ completed: 1, failed: 0 });
    expect(await queue.runDue()).toEqual({ completed: 0, failed: 0 });
    expect(seen).toEqual([{ n: 1 }]);
    expect((await jobRow(database, id)).state).toBe('completed');
    const stats = await queue.stats();
    expect(stats.byQueue['basic.undefined']).toEqual({ pending: 1, running: 0, dead: 0 });
  });

  it('enqueues inside the caller transaction: nothing when it rolls back', async () => {
    const queue = queueOn(database);
    await expect(
      database.transaction(async (tx) => {
        await queue.enqueue('tx.rolled', {}, {}, tx);
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const committed = await database.transaction((tx) => queue.enqueue('tx.committed', {}, {}, tx));
    const { rows } = await sql<{ queue: string }>`
      select queue from jobs where queue in ('tx.rolled', 'tx.committed')`.execute(database.db);
    expect(rows.map((row) => row.queue)).toEqual(['tx.committed']);
    expect((await jobRow(database, committed)).state).toBe('pending');
  });

  it('treats a second enqueue with an active unique key as a no-op returning the first id', async () => {
    const queue = queueOn(database);
    let runs = 0;
    queue.define('unique.run', async () => {
      runs += 1;
    });
    const first = await queue.enqueue('unique.run', { a: 1 }, { uniqueKey: 'family-1' });
    const second = await queue.enqueue('unique.run', { a: 2 }, { uniqueKey: 'family-1' });
    const otherKey = await queue.enqueue('unique.run', {}, { uniqueKey: 'family-2' });
    expect(second).toBe(first);
    expect(otherKey).not.toBe(first);
    await queue.runDue();
    expect(runs).toBe(2);
    // Once done, the key is free again.
    const third = await queue.enqueue('unique.run', {}, { uniqueKey: 'family-1' });
    expect(third).not.toBe(first);
  });

  it('does not run a delayed job before its time', async () => {
    const clock = new ManualClock();
    const queue = queueOn(database, { clock });
    let runs = 0;
    queue.define('delayed.run', async () => {
      runs += 1;
    });
    await queue.enqueue('delayed.run', {}, { delayMs: 60_000 });
    await queue.enqueue('delayed.run', {}, { runAt: new Date(clock.now().getTime() + 120_000) });
    await queue.runDue();
    clock.advance(59_999);
    await queue.runDue();
    expect(runs).toBe(0);
    clock.advance(1);
    await queue.runDue();
    expect(runs).toBe(1);
    clock.advance(60_000);
    await queue.runDue();
    expect(runs).toBe(2);
  });

  it('retries with exponential backoff, then succeeds', async () => {
    const clock = new ManualClock();
    const queue = queueOn(database, { clock });
    const attempts: number[] = [];
    queue.define(
      'retry.run',
      async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error('provider unavailable');
      },
      { maxAttempts: 5, backoffBaseMs: 1_000, backoffMaxMs: 60_000 },
    );
    const id = await queue.enqueue('retry.run', {});
    const start = clock.now().getTime();
    expect(await queue.runDue()).toEqual({ completed: 0, failed: 1 });
    // random() = 0 takes the fixed half of the jittered delay: 1 s ceiling -> 500 ms.
    expect(new Date((await jobRow(database, id)).run_at).getTime()).toBe(start + 500);
    expect(await queue.runDue()).toEqual({ completed: 0, failed: 0 });
    clock.advance(500);
    expect(await queue.runDue()).toEqual({ completed: 0, failed: 1 });
    expect(new Date((await jobRow(database, id)).run_at).getTime()).toBe(start + 500 + 1_000);
    clock.advance(1_000);
    expect(await queue.runDue()).toEqual({ completed: 1, failed: 0 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(await jobRow(database, id)).toMatchObject({ state: 'completed', attempts: 3 });
  });

  it('prunes completed jobs older than the retention, and nothing newer', async () => {
    const clock = new ManualClock();
    const queue = queueOn(database, { clock });
    queue.define('prune.run', async () => {});
    const old = await queue.enqueue('prune.run', {});
    await queue.runDue();
    clock.advance(2 * 86_400_000);
    const recent = await queue.enqueue('prune.run', {});
    await queue.runDue();
    expect(await queue.pruneCompleted(86_400_000)).toBeGreaterThanOrEqual(1);
    await expect(jobRow(database, old)).rejects.toThrow(/not found/);
    expect((await jobRow(database, recent)).state).toBe('completed');
  });

  it('computes jittered backoff within [half, full] of a capped exponential', () => {
    expect(backoffDelayMs(1, 1_000, 10_000, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1_000, 10_000, () => 0.999_999)).toBe(1_000);
    expect(backoffDelayMs(3, 1_000, 10_000, () => 0)).toBe(2_000);
    expect(backoffDelayMs(20, 1_000, 10_000, () => 0)).toBe(5_000);
  });

  it('dead-letters a job that keeps failing, and retrying the dead letter runs it again', async () => {
    const queue = queueOn(database);
    let healthy = false;
    let runs = 0;
    queue.define(
      'dead.run',
      async () => {
        runs += 1;
        if (!healthy) throw new Error('always broken');
      },
      { maxAttempts: 3, backoffBaseMs: 0 },
    );
    const id = await queue.enqueue('dead.run', { report: 'weekly' });
    await queue.runDue();
    expect(runs).toBe(3);
    expect(await jobRow(database, id)).toMatchObject({ state: 'dead', attempts: 3 });
    const { rows } = await sql<{ id: string; kind: string; source: string; attempts: number; error: string }>`
      select id, kind, source, attempts, error from dead_letters where job_id = ${id}`.execute(database.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'job', source: 'dead.run', attempts: 3 });
    expect(rows[0]?.error).toContain('always broken');
    expect((await queue.stats()).byQueue['dead.run']?.dead).toBe(1);

    healthy = true;
    expect(await queue.retryDeadLetter(rows[0]!.id)).toBe(id);
    await queue.runDue();
    expect(runs).toBe(4);
    expect((await jobRow(database, id)).state).toBe('completed');
    await expect(queue.retryDeadLetter(rows[0]!.id)).rejects.toThrow(/already retried/);
  });

  it('fails a run that overruns its timeout and aborts its signal', async () => {
    const queue = queueOn(database);
    let aborted = false;
    queue.define(
      'timeout.run',
      (job) =>
        new Promise<void>((resolve) => {
          job.signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
      { maxAttempts: 1, timeoutMs: 50 },
    );
    const id = await queue.enqueue('timeout.run', {});
    expect(await queue.runDue()).toEqual({ completed: 0, failed: 1 });
    expect(aborted).toBe(true);
    expect((await jobRow(database, id)).last_error).toMatch(/timed out/);
  });

  it('reclaims the job of a worker that died mid-run once its lock expires', async () => {
    const clock = new ManualClock();
    let releaseDeadWorker!: () => void;
    const deadWorkerGate = new Promise<void>((resolve) => {
      releaseDeadWorker = resolve;
    });
    const crashed = queueOn(database, { clock, workerId: 'wrk_crashed' });
    crashed.define('reclaim.run', () => deadWorkerGate, { timeoutMs: 60_000 });
    const survivor = queueOn(otherProcess, { clock, workerId: 'wrk_survivor' });
    let survivorRuns = 0;
    survivor.define(
      'reclaim.run',
      async () => {
        survivorRuns += 1;
      },
      { timeoutMs: 60_000 },
    );

    const id = await crashed.enqueue('reclaim.run', {});
    const crashedRun = crashed.runDue();
    await waitFor(async () => (await jobRow(database, id)).state === 'running', 'the first worker to claim');
    expect(await survivor.runDue()).toEqual({ completed: 0, failed: 0 });
    clock.advance(60_001);
    expect(await survivor.runDue()).toEqual({ completed: 1, failed: 0 });
    expect(survivorRuns).toBe(1);
    expect(await jobRow(database, id)).toMatchObject({
      state: 'completed',
      attempts: 2,
      locked_by: 'wrk_survivor',
    });

    // The "dead" worker wakes up late: its outcome no longer counts.
    releaseDeadWorker();
    await crashedRun;
    expect(await jobRow(database, id)).toMatchObject({
      state: 'completed',
      attempts: 2,
      locked_by: 'wrk_survivor',
    });
  });

  it('never runs a job twice when two workers race for the same queue', async () => {
    const runs = new Map<string, number>();
    const handler = async (job: { id: string }) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const first = queueOn(database, { workerId: 'wrk_first' });
    const second = queueOn(otherProcess, { workerId: 'wrk_second' });
    first.define('race.run', handler, { concurrency: 4 });
    second.define('race.run', handler, { concurrency: 4 });
    const ids: string[] = [];
    for (let index = 0; index < 40; index += 1) ids.push(await first.enqueue('race.run', { index }));
    const [a, b] = await Promise.all([first.runDue(), second.runDue()]);
    expect(a.completed + b.completed).toBe(40);
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it('enqueues a due cron run once even with two workers racing', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const first = queueOn(database, { clock });
    const second = queueOn(otherProcess, { clock });
    await first.schedule('cron.digest', '*/5 * * * *', {
      timeZone: 'Asia/Tokyo',
      payload: { kind: 'digest' },
    });
    clock.advance(60_000);
    // Re-declaring at start (another replica) does not move the due run.
    await second.schedule('cron.digest', '*/5 * * * *', {
      timeZone: 'Asia/Tokyo',
      payload: { kind: 'digest' },
    });
    expect(await first.enqueueDueSchedules()).toBe(0);
    clock.advance(4 * 60_000);
    const counts = await Promise.all([first.enqueueDueSchedules(), second.enqueueDueSchedules()]);
    expect(counts[0] + counts[1]).toBe(1);
    expect(await first.enqueueDueSchedules()).toBe(0);
    const { rows } = await sql<{ unique_key: string; payload: unknown }>`
      select unique_key, payload from jobs where queue = 'cron.digest'`.execute(database.db);
    expect(rows).toEqual([
      { unique_key: 'cron.digest@2026-01-01T00:05:00.000Z', payload: { kind: 'digest' } },
    ]);
    await expect(first.schedule('cron.bad', 'not a cron')).rejects.toThrow();
  });

  it('reads cron expressions in the schedule time zone', () => {
    const next = nextCronRun('0 9 * * *', 'Asia/Tokyo', new Date('2026-01-01T01:00:00Z'));
    expect(next.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it('stop() waits for running jobs to finish', async () => {
    const queue = queueOn(database, { pollIntervalMs: 20 });
    let finished = false;
    let started = false;
    queue.define('graceful.run', async () => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = true;
    });
    queue.start();
    const id = await queue.enqueue('graceful.run', {});
    await waitFor(() => started, 'the job to start');
    await queue.stop({ timeoutMs: 10_000 });
    expect(finished).toBe(true);
    expect((await jobRow(database, id)).state).toBe('completed');
  });
});

describe('jobs across a restart', () => {
  // Two PGlite starts (before and after the "crash") take longer than the default timeout on a busy machine.
  it('runs a job enqueued before the process died, once', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'manabee-jobs-'));
    const restartDb = await createTestDatabase({ dataDir: path.join(dataDir, 'pg') });
    try {
      const before = queueOn(restartDb.database);
      const id = await before.enqueue('restart.run', { familyId: 'fam_1' });
      await restartDb.database.close();

      const reopened = await restartDb.reopen();
      const after = queueOn(reopened);
      const seen: unknown[] = [];
      after.define('restart.run', async (job) => {
        seen.push(job.payload);
      });
      await after.runDue();
      await after.runDue();
      expect(seen).toEqual([{ familyId: 'fam_1' }]);
      expect((await jobRow(reopened, id)).state).toBe('completed');
    } finally {
      await restartDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
