import { sql } from 'kysely';
import type { Executor } from '../db/index';
import { newId } from '../ids';
import type { DeadLetterFiling, JobRow, QueueCounts } from './types';

/** The SQL of the jobs system. Times come from the caller's clock, so tests can move them. */

const iso = (date: Date) => date.toISOString();

export interface NewJob {
  queue: string;
  payload: unknown;
  uniqueKey: string | undefined;
  runAt: Date;
  maxAttempts: number | undefined;
  now: Date;
}

/** Inserts a job, or returns the id of the active job holding the same unique key. */
export async function insertJob(executor: Executor, job: NewJob): Promise<string> {
  const id = newId('job');
  const { rows } = await sql<{ id: string }>`
    insert into jobs (id, queue, payload, unique_key, max_attempts, run_at, created_at, updated_at)
    values (${id}, ${job.queue}, ${JSON.stringify(job.payload ?? null)}::jsonb, ${job.uniqueKey ?? null},
      ${job.maxAttempts ?? null}, ${iso(job.runAt)}::timestamptz, ${iso(job.now)}::timestamptz, ${iso(job.now)}::timestamptz)
    on conflict (queue, unique_key) where unique_key is not null and state in ('pending', 'running') do nothing
    returning id`.execute(executor);
  if (rows[0]) return rows[0].id;
  const existing = await sql<{ id: string }>`
    select id from jobs
    where queue = ${job.queue} and unique_key = ${job.uniqueKey ?? null} and state in ('pending', 'running')`.execute(
    executor,
  );
  if (existing.rows[0]) return existing.rows[0].id;
  // The holder finished between our insert and select: the key is free again.
  return insertJob(executor, job);
}

export interface ClaimRequest {
  queue: string;
  limit: number;
  workerId: string;
  now: Date;
  lockedUntil: Date;
}

/**
 * Claims due jobs, and running jobs whose lock expired (their worker died or
 * overran its timeout). SKIP LOCKED lets many workers claim side by side
 * without ever handing one job to two of them.
 */
export async function claimJobs(executor: Executor, request: ClaimRequest): Promise<JobRow[]> {
  const now = iso(request.now);
  const { rows } = await sql<JobRow>`
    update jobs set state = 'running', attempts = attempts + 1, locked_by = ${request.workerId},
      locked_until = ${iso(request.lockedUntil)}::timestamptz, updated_at = ${now}::timestamptz
    where id in (
      select id from jobs
      where queue = ${request.queue}
        and ((state = 'pending' and run_at <= ${now}::timestamptz)
          or (state = 'running' and locked_until < ${now}::timestamptz))
      order by run_at, id
      limit ${request.limit}
      for update skip locked
    )
    returning id, queue, payload, unique_key, state, attempts, max_attempts, run_at, locked_until, locked_by, last_error`.execute(
    executor,
  );
  return rows;
}

/** Marks a run complete; a worker whose lock was taken over changes nothing. */
export async function completeJob(
  executor: Executor,
  job: JobRow,
  workerId: string,
  now: Date,
): Promise<boolean> {
  const result = await sql`
    update jobs set state = 'completed', completed_at = ${iso(now)}::timestamptz, updated_at = ${iso(now)}::timestamptz,
      locked_until = null, last_error = null
    where id = ${job.id} and state = 'running' and locked_by = ${workerId} and attempts = ${job.attempts}`.execute(
    executor,
  );
  return Number(result.numAffectedRows ?? 0n) > 0;
}

export async function scheduleRetry(
  executor: Executor,
  job: JobRow,
  workerId: string,
  error: string,
  retryAt: Date,
  now: Date,
): Promise<boolean> {
  const result = await sql`
    update jobs set state = 'pending', run_at = ${iso(retryAt)}::timestamptz, locked_by = null, locked_until = null,
      last_error = ${error}, updated_at = ${iso(now)}::timestamptz
    where id = ${job.id} and state = 'running' and locked_by = ${workerId} and attempts = ${job.attempts}`.execute(
    executor,
  );
  return Number(result.numAffectedRows ?? 0n) > 0;
}

/** Moves a job to `dead` and files it in `dead_letters`, in one transaction the caller provides. */
export async function buryJob(
  executor: Executor,
  job: JobRow,
  workerId: string,
  error: string,
  filing: DeadLetterFiling,
  now: Date,
): Promise<string | undefined> {
  const result = await sql`
    update jobs set state = 'dead', locked_until = null, last_error = ${error}, updated_at = ${iso(now)}::timestamptz
    where id = ${job.id} and state = 'running' and locked_by = ${workerId} and attempts = ${job.attempts}`.execute(
    executor,
  );
  if (Number(result.numAffectedRows ?? 0n) === 0) return undefined;
  return insertDeadLetter(executor, {
    ...filing,
    retryQueue: job.queue,
    jobId: job.id,
    payload: job.payload,
    error,
    attempts: job.attempts,
    now,
  });
}

export interface NewDeadLetter extends DeadLetterFiling {
  retryQueue: string;
  jobId?: string;
  payload: unknown;
  error: string;
  attempts: number;
  now: Date;
}

export async function insertDeadLetter(executor: Executor, letter: NewDeadLetter): Promise<string> {
  const id = newId('dlq');
  await sql`
    insert into dead_letters (id, kind, source, retry_queue, event_id, job_id, name, payload, error, attempts, failed_at)
    values (${id}, ${letter.kind}, ${letter.source}, ${letter.retryQueue}, ${letter.eventId ?? null}, ${letter.jobId ?? null},
      ${letter.name}, ${JSON.stringify(letter.payload ?? null)}::jsonb, ${letter.error}, ${letter.attempts},
      ${iso(letter.now)}::timestamptz)`.execute(executor);
  return id;
}

export interface DeadLetterRow {
  id: string;
  kind: 'job' | 'event';
  source: string;
  retry_queue: string;
  event_id: string | null;
  job_id: string | null;
  name: string;
  payload: unknown;
  retried_at: Date | null;
}

export async function lockDeadLetter(executor: Executor, id: string): Promise<DeadLetterRow | undefined> {
  const { rows } = await sql<DeadLetterRow>`
    select id, kind, source, retry_queue, event_id, job_id, name, payload, retried_at
    from dead_letters where id = ${id} for update`.execute(executor);
  return rows[0];
}

/** Gives a dead job a fresh set of attempts; false when the row is gone or not dead. */
export async function reviveJob(executor: Executor, jobId: string, now: Date): Promise<boolean> {
  const result = await sql`
    update jobs set state = 'pending', attempts = 0, run_at = ${iso(now)}::timestamptz, locked_by = null,
      locked_until = null, updated_at = ${iso(now)}::timestamptz
    where id = ${jobId} and state = 'dead'`.execute(executor);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

export async function markDeadLetterRetried(executor: Executor, id: string, now: Date): Promise<void> {
  await sql`update dead_letters set retried_at = ${iso(now)}::timestamptz where id = ${id}`.execute(executor);
}

/** Hands the locks of this worker's unfinished jobs back, without spending an attempt. */
export async function releaseJobs(executor: Executor, workerId: string, now: Date): Promise<number> {
  const result = await sql`
    update jobs set state = 'pending', attempts = greatest(attempts - 1, 0), run_at = ${iso(now)}::timestamptz,
      locked_by = null, locked_until = null, updated_at = ${iso(now)}::timestamptz
    where state = 'running' and locked_by = ${workerId}`.execute(executor);
  return Number(result.numAffectedRows ?? 0n);
}

export async function countJobs(executor: Executor): Promise<Map<string, QueueCounts>> {
  const { rows } = await sql<{
    queue: string;
    state: 'pending' | 'running' | 'dead';
    count: number | string;
  }>`
    select queue, state, count(*) as count from jobs
    where state in ('pending', 'running', 'dead') group by queue, state`.execute(executor);
  const counts = new Map<string, QueueCounts>();
  for (const row of rows) {
    const entry = counts.get(row.queue) ?? { pending: 0, running: 0, dead: 0 };
    entry[row.state] = Number(row.count);
    counts.set(row.queue, entry);
  }
  return counts;
}

/** Deletes finished jobs older than `before`; dead jobs stay until their dead letter is dealt with. */
export async function deleteCompletedJobs(executor: Executor, before: Date): Promise<number> {
  const result = await sql`
    delete from jobs where state = 'completed' and completed_at < ${iso(before)}::timestamptz`.execute(
    executor,
  );
  return Number(result.numAffectedRows ?? 0n);
}
