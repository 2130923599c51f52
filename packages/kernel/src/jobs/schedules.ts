import { CronExpressionParser } from 'cron-parser';
import { sql } from 'kysely';
import type { Database } from '../db/index';
import { insertJob } from './store';

const iso = (date: Date) => date.toISOString();

/** The first run of `cron` (read in `timeZone`) strictly after `after`. Throws on a bad expression or zone. */
export function nextCronRun(cron: string, timeZone: string, after: Date): Date {
  const expression = CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone });
  return expression.next().toDate();
}

export interface ScheduleDefinition {
  name: string;
  queue: string;
  cron: string;
  timeZone: string;
  payload: unknown;
}

/**
 * Creates or updates a schedule. The next run is recomputed only when the cron
 * or zone changed, so every replica re-declaring its schedules at start does
 * not push a due run into the future.
 */
export async function upsertSchedule(
  database: Database,
  schedule: ScheduleDefinition,
  now: Date,
): Promise<void> {
  const nextRunAt = nextCronRun(schedule.cron, schedule.timeZone, now);
  await sql`
    insert into job_schedules (name, queue, cron, time_zone, payload, next_run_at)
    values (${schedule.name}, ${schedule.queue}, ${schedule.cron}, ${schedule.timeZone},
      ${JSON.stringify(schedule.payload ?? {})}::jsonb, ${iso(nextRunAt)}::timestamptz)
    on conflict (name) do update set
      queue = excluded.queue,
      payload = excluded.payload,
      next_run_at = case
        when job_schedules.cron = excluded.cron and job_schedules.time_zone = excluded.time_zone
        then job_schedules.next_run_at else excluded.next_run_at end,
      cron = excluded.cron,
      time_zone = excluded.time_zone`.execute(database.db);
}

interface DueScheduleRow {
  name: string;
  queue: string;
  cron: string;
  time_zone: string;
  payload: unknown;
  next_run_at: Date;
}

/**
 * Enqueues each due schedule's run. Rows are claimed with SKIP LOCKED and
 * advanced in the same transaction, and the job's unique key is
 * `<schedule>@<due time>`, so racing workers enqueue each run once. Runs missed
 * while nothing was running are collapsed into one.
 */
export async function enqueueDueSchedules(database: Database, now: Date): Promise<number> {
  return database.transaction(async (tx) => {
    const { rows } = await sql<DueScheduleRow>`
      select name, queue, cron, time_zone, payload, next_run_at from job_schedules
      where next_run_at <= ${iso(now)}::timestamptz
      order by next_run_at
      limit 100
      for update skip locked`.execute(tx);
    for (const schedule of rows) {
      const dueAt = new Date(schedule.next_run_at);
      await insertJob(tx, {
        queue: schedule.queue,
        payload: schedule.payload,
        uniqueKey: `${schedule.name}@${dueAt.toISOString()}`,
        runAt: dueAt,
        maxAttempts: undefined,
        now,
      });
      const nextRunAt = nextCronRun(schedule.cron, schedule.time_zone, now);
      await sql`
        update job_schedules set next_run_at = ${iso(nextRunAt)}::timestamptz, last_run_at = ${iso(dueAt)}::timestamptz
        where name = ${schedule.name}`.execute(tx);
    }
    return rows.length;
  });
}

export async function deleteSchedule(database: Database, name: string): Promise<void> {
  await sql`delete from job_schedules where name = ${name}`.execute(database.db);
}
