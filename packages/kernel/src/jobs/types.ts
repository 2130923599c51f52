import type { Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { Database, Executor } from '../db/index';
import type { Logger } from '../logger';

export type JobState = 'pending' | 'running' | 'completed' | 'dead';

/** A job as a handler sees it. */
export interface JobContext<P = unknown> {
  id: string;
  queue: string;
  payload: P;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the job's timeout passes or the worker stops hard. */
  signal: AbortSignal;
}

export type JobHandler<P = unknown> = (job: JobContext<P>) => Promise<void>;

export interface JobDefinitionOptions {
  /** Runs in total before the job is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** First retry waits about this long, doubling each time. Default 1 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The job's lock: after this a run counts as failed and another worker may reclaim it. Default 5 min. */
  timeoutMs?: number;
  /** Jobs of this queue one worker runs at once. Default 1. */
  concurrency?: number;
  /**
   * How the job is filed in `dead_letters` once it is out of attempts. The event
   * bus uses it to file delivery jobs as `kind = 'event'` under their consumer.
   */
  deadLetter?: (job: JobRow) => DeadLetterFiling;
}

export interface DeadLetterFiling {
  kind: 'job' | 'event';
  source: string;
  name: string;
  eventId?: string;
}

export interface EnqueueOptions {
  /** While a job with this key is pending or running in the queue, enqueue returns its id instead. */
  uniqueKey?: string;
  runAt?: Date;
  delayMs?: number;
  /** Overrides the queue's definition for this job. */
  maxAttempts?: number;
}

export interface ScheduleOptions {
  /** IANA zone the cron expression is read in. Default UTC. */
  timeZone?: string;
  payload?: unknown;
  /** Schedule name when one queue has several schedules. Default: the queue. */
  name?: string;
}

export interface QueueCounts {
  pending: number;
  running: number;
  dead: number;
}

export interface JobStats extends QueueCounts {
  byQueue: Record<string, QueueCounts>;
}

export interface RunDueOptions {
  /** Only these queues (all defined ones when omitted). */
  queues?: string[];
}

export interface RunDueReport {
  completed: number;
  failed: number;
}

export interface StopOptions {
  /** How long to wait for running jobs before giving their locks back. Default 30 s. */
  timeoutMs?: number;
}

export interface JobQueueOptions {
  database: Database;
  logger: Logger;
  clock?: Clock;
  pollIntervalMs?: number;
  /** Recorded as `locked_by`; unique per process. Default a fresh id. */
  workerId?: string;
  /** Prometheus registry; default prom-client's global one. */
  registry?: Registry;
  /** Source of jitter in [0, 1); injectable for tests. */
  random?: () => number;
}

export interface JobQueue {
  readonly workerId: string;
  define<P = unknown>(queue: string, handler: JobHandler<P>, options?: JobDefinitionOptions): void;
  /** Pass a transaction as `executor` to enqueue atomically with a change. Returns the job id. */
  enqueue(queue: string, payload: unknown, options?: EnqueueOptions, executor?: Executor): Promise<string>;
  /** Creates or updates a cron schedule; each due run is enqueued once however many workers race. */
  schedule(queue: string, cron: string, options?: ScheduleOptions): Promise<void>;
  unschedule(name: string): Promise<void>;
  /** Enqueues the schedules that are due now; returns how many runs were enqueued. */
  enqueueDueSchedules(): Promise<number>;
  start(): void;
  stop(options?: StopOptions): Promise<void>;
  /** Runs everything due now to completion (tests, one-shot CLI). */
  runDue(options?: RunDueOptions): Promise<RunDueReport>;
  stats(): Promise<JobStats>;
  /** Deletes completed jobs that finished more than `olderThanMs` ago; returns how many. */
  pruneCompleted(olderThanMs: number): Promise<number>;
  /** Puts a dead letter back to work; returns the id of the job that will run it. */
  retryDeadLetter(deadLetterId: string): Promise<string>;
}

/** A `jobs` row. */
export interface JobRow {
  id: string;
  queue: string;
  payload: unknown;
  unique_key: string | null;
  state: JobState;
  attempts: number;
  max_attempts: number | null;
  run_at: Date;
  locked_until: Date | null;
  locked_by: string | null;
  last_error: string | null;
}
