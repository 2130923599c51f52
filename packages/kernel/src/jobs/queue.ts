import { type Clock, systemClock } from '../clock';
import type { Executor } from '../db/index';
import { newId } from '../ids';
import { backoffDelayMs } from './backoff';
import { jobMetrics } from './metrics';
import { deleteSchedule, enqueueDueSchedules, nextCronRun, upsertSchedule } from './schedules';
import {
  buryJob,
  claimJobs,
  completeJob,
  countJobs,
  deleteCompletedJobs,
  insertJob,
  lockDeadLetter,
  markDeadLetterRetried,
  releaseJobs,
  reviveJob,
  scheduleRetry,
} from './store';
import type {
  JobDefinitionOptions,
  JobHandler,
  JobQueue,
  JobQueueOptions,
  JobRow,
  JobStats,
  QueueCounts,
  RunDueReport,
} from './types';

interface QueueDefinition {
  handler: JobHandler<unknown>;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
  concurrency: number;
  deadLetter: NonNullable<JobDefinitionOptions['deadLetter']>;
  running: number;
}

const QUEUE_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const DEFAULT_POLL_MS = 500;
const METRICS_EVERY_MS = 15_000;

export class JobTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`job timed out after ${timeoutMs} ms`);
    this.name = 'JobTimeoutError';
  }
}

/**
 * Durable background jobs on the `jobs` table. Embedded and production run the
 * same code: a worker polls for due jobs of the queues it defines, so roles
 * split work by defining different queues.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { database } = options;
  const clock: Clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const workerId = options.workerId ?? newId('wrk');
  const logger = options.logger.child({ component: 'jobs', workerId });
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const metrics = jobMetrics(options.registry);
  const definitions = new Map<string, QueueDefinition>();
  const inFlight = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();

  let started = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let lastMetricsAt = 0;

  function define<P>(queue: string, handler: JobHandler<P>, definition: JobDefinitionOptions = {}): void {
    if (!QUEUE_NAME.test(queue)) throw new Error(`invalid job queue name: ${queue}`);
    if (definitions.has(queue)) throw new Error(`job queue ${queue} is already defined`);
    definitions.set(queue, {
      handler: handler as JobHandler<unknown>,
      maxAttempts: definition.maxAttempts ?? 5,
      backoffBaseMs: definition.backoffBaseMs ?? 1_000,
      backoffMaxMs: definition.backoffMaxMs ?? 10 * 60_000,
      timeoutMs: definition.timeoutMs ?? 5 * 60_000,
      concurrency: definition.concurrency ?? 1,
      deadLetter: definition.deadLetter ?? ((job) => ({ kind: 'job', source: job.queue, name: job.queue })),
      running: 0,
    });
  }

  async function enqueue(
    queue: string,
    payload: unknown,
    enqueueOptions: { uniqueKey?: string; runAt?: Date; delayMs?: number; maxAttempts?: number } = {},
    executor: Executor = database.db,
  ): Promise<string> {
    if (!QUEUE_NAME.test(queue)) throw new Error(`invalid job queue name: ${queue}`);
    const now = clock.now();
    const runAt = enqueueOptions.runAt ?? new Date(now.getTime() + (enqueueOptions.delayMs ?? 0));
    const id = await insertJob(executor, {
      queue,
      payload,
      uniqueKey: enqueueOptions.uniqueKey,
      runAt,
      maxAttempts: enqueueOptions.maxAttempts,
      now,
    });
    if (started) kick();
    return id;
  }

  /** Runs one claimed job to its end: completed, retried later, or dead-lettered. */
  async function runJob(job: JobRow, definition: QueueDefinition): Promise<'completed' | 'failed'> {
    const maxAttempts = job.max_attempts ?? definition.maxAttempts;
    const log = logger.child({ jobId: job.id, queue: job.queue, attempt: job.attempts });
    const controller = new AbortController();
    controllers.add(controller);
    let timer: NodeJS.Timeout | undefined;
    let failure: unknown;
    try {
      if (job.attempts > maxAttempts) {
        // Reclaimed after its last attempt's worker died: that run counts.
        throw new Error(job.last_error ?? 'lock expired on the last attempt (worker died or overran)');
      }
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new JobTimeoutError(definition.timeoutMs);
          // Reject before aborting: a handler that returns on abort must not win the race.
          reject(error);
          controller.abort(error);
        }, definition.timeoutMs);
        timer.unref();
      });
      const context = {
        id: job.id,
        queue: job.queue,
        payload: job.payload,
        attempt: job.attempts,
        maxAttempts,
        signal: controller.signal,
      };
      await Promise.race([definition.handler(context), timeout]);
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
      controllers.delete(controller);
    }

    const now = clock.now();
    if (failure === undefined) {
      const completed = await completeJob(database.db, job, workerId, now);
      if (completed) metrics.completed.inc({ queue: job.queue });
      else log.warn('job finished after its lock was taken over; the other run decides its outcome');
      return 'completed';
    }

    metrics.failures.inc({ queue: job.queue });
    const message = errorMessage(failure);
    if (job.attempts >= maxAttempts) {
      const filing = definition.deadLetter(job);
      const deadLetterId = await database.transaction((tx) =>
        buryJob(tx, job, workerId, message, filing, now),
      );
      log.error({ err: failure, deadLetterId }, 'job is out of attempts and went to dead letters');
    } else {
      const delay = backoffDelayMs(job.attempts, definition.backoffBaseMs, definition.backoffMaxMs, random);
      await scheduleRetry(database.db, job, workerId, message, new Date(now.getTime() + delay), now);
      log.warn({ err: failure, retryInMs: delay }, 'job failed; will retry');
    }
    return 'failed';
  }

  async function claimFor(queue: string, definition: QueueDefinition, limit: number): Promise<JobRow[]> {
    const now = clock.now();
    return claimJobs(database.db, {
      queue,
      limit,
      workerId,
      now,
      lockedUntil: new Date(now.getTime() + definition.timeoutMs),
    });
  }

  function track(job: JobRow, definition: QueueDefinition): Promise<'completed' | 'failed'> {
    definition.running += 1;
    const run = runJob(job, definition).finally(() => {
      definition.running -= 1;
      inFlight.delete(settled);
      if (started) kick();
    });
    const settled = run.then(
      () => undefined,
      (error: unknown) => logger.error({ err: error, jobId: job.id }, 'could not record a job outcome'),
    );
    inFlight.add(settled);
    return run;
  }

  /** One poll: enqueue due schedules, then fill every queue's free slots. */
  async function poll(): Promise<void> {
    await enqueueDueSchedules(database, clock.now());
    for (const [queue, definition] of definitions) {
      const free = definition.concurrency - definition.running;
      if (free <= 0 || !started) continue;
      for (const job of await claimFor(queue, definition, free)) void track(job, definition);
    }
    if (Date.now() - lastMetricsAt > METRICS_EVERY_MS) await stats();
  }

  function loop(): void {
    if (!started || polling) return;
    polling = poll()
      .catch((error: unknown) => logger.error({ err: error }, 'job poll failed'))
      .finally(() => {
        polling = undefined;
        if (started) {
          clearTimeout(pollTimer);
          pollTimer = setTimeout(loop, pollIntervalMs);
        }
      });
  }

  /** Polls soon after new work appears instead of waiting a full interval. */
  function kick(): void {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(loop, 0);
  }

  async function runDue(runOptions: { queues?: string[] } = {}): Promise<RunDueReport> {
    const report: RunDueReport = { completed: 0, failed: 0 };
    await enqueueDueSchedules(database, clock.now());
    const queues = runOptions.queues ?? [...definitions.keys()];
    for (;;) {
      const batch: Promise<'completed' | 'failed'>[] = [];
      for (const queue of queues) {
        const definition = definitions.get(queue);
        if (!definition) throw new Error(`job queue ${queue} is not defined in this worker`);
        const free = Math.max(1, definition.concurrency - definition.running);
        for (const job of await claimFor(queue, definition, free)) batch.push(track(job, definition));
      }
      if (batch.length === 0) return report;
      for (const outcome of await Promise.all(batch)) report[outcome] += 1;
    }
  }

  async function stop(stopOptions: { timeoutMs?: number } = {}): Promise<void> {
    started = false;
    clearTimeout(pollTimer);
    await polling;
    const timeoutMs = stopOptions.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([Promise.all(inFlight).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const controller of controllers) controller.abort(new Error('worker is shutting down'));
      const released = await releaseJobs(database.db, workerId, clock.now());
      logger.warn({ released }, 'stopped with jobs still running; their locks were given back');
    }
  }

  async function stats(): Promise<JobStats> {
    lastMetricsAt = Date.now();
    const counts = await countJobs(database.db);
    const total: QueueCounts = { pending: 0, running: 0, dead: 0 };
    const byQueue: Record<string, QueueCounts> = {};
    for (const queue of new Set([...counts.keys(), ...definitions.keys()])) {
      const entry = counts.get(queue) ?? { pending: 0, running: 0, dead: 0 };
      byQueue[queue] = entry;
      for (const state of ['pending', 'running', 'dead'] as const) {
        total[state] += entry[state];
        metrics.depth.set({ queue, state }, entry[state]);
      }
    }
    return { ...total, byQueue };
  }

  async function retryDeadLetter(deadLetterId: string): Promise<string> {
    const now = clock.now();
    const jobId = await database.transaction(async (tx) => {
      const letter = await lockDeadLetter(tx, deadLetterId);
      if (!letter) throw new Error(`dead letter ${deadLetterId} does not exist`);
      if (letter.retried_at) throw new Error(`dead letter ${deadLetterId} was already retried`);
      let id: string;
      if (letter.job_id && (await reviveJob(tx, letter.job_id, now))) {
        id = letter.job_id;
      } else {
        // Dead letters that never were jobs (events from NATS) run on their retry queue.
        id = await insertJob(tx, {
          queue: letter.retry_queue,
          payload: letter.payload,
          uniqueKey: letter.event_id ?? undefined,
          runAt: now,
          maxAttempts: undefined,
          now,
        });
      }
      await markDeadLetterRetried(tx, deadLetterId, now);
      return id;
    });
    logger.info({ deadLetterId, jobId }, 'dead letter put back to work');
    if (started) kick();
    return jobId;
  }

  return {
    workerId,
    define,
    enqueue,
    async schedule(queue, cron, scheduleOptions = {}) {
      const timeZone = scheduleOptions.timeZone ?? 'UTC';
      nextCronRun(cron, timeZone, clock.now()); // fail here, not in a worker, on a bad expression
      await upsertSchedule(
        database,
        {
          name: scheduleOptions.name ?? queue,
          queue,
          cron,
          timeZone,
          payload: scheduleOptions.payload ?? {},
        },
        clock.now(),
      );
    },
    unschedule: (name) => deleteSchedule(database, name),
    enqueueDueSchedules: () => enqueueDueSchedules(database, clock.now()),
    start() {
      if (started) return;
      started = true;
      logger.info({ queues: [...definitions.keys()] }, 'job worker started');
      kick();
    },
    stop,
    runDue,
    stats,
    pruneCompleted: (olderThanMs) =>
      deleteCompletedJobs(database.db, new Date(clock.now().getTime() - olderThanMs)),
    retryDeadLetter,
  };
}

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2_000);
}
