import { AppError, type Database } from '@manabee/kernel';
import * as store from './store';

/** How much a child learned over a range of family-local days: counts only, never text. */
export interface ChildActivity {
  /** Days with usage, oldest first (days without any are absent). */
  days: Array<{ date: string; messages: number; activeSeconds: number }>;
  /** The child's messages per subject, most first. */
  subjects: Array<{ subject: string; messages: number }>;
  /**
   * The child's messages per concern category the safety check flagged (all but
   * `personal_info`), by category name; a message with two categories counts under
   * both. Counts only: what was said stays in chat.
   */
  concerns: Array<{ category: string; messages: number }>;
  /** Conversations the child started in the range. */
  conversationsStarted: number;
}

export interface ActivityRange {
  /** First family-local day, YYYY-MM-DD. */
  from: string;
  /** Last family-local day (inclusive), YYYY-MM-DD. */
  to: string;
  /** The family's IANA zone: the one `chat_daily_usage.day` is written in. */
  timeZone: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
// Wider than any zone's offset from UTC (−12 h … +14 h), with room for clock skew.
const ID_MARGIN_MS = 36 * 3_600_000;
const MAX_DAYS = 400;

function dayStart(day: string): number {
  const time = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day)
    throw new AppError('VALIDATION_FAILED', { detail: 'days are YYYY-MM-DD' });
  return time;
}

export function createActivity(database: Database) {
  /** Aggregates per day, subject and concern for one child, in four indexed queries. */
  async function activityOf(childId: string, range: ActivityRange): Promise<ChildActivity> {
    const from = dayStart(range.from);
    const to = dayStart(range.to);
    if (to < from || (to - from) / DAY_MS >= MAX_DAYS)
      throw new AppError('VALIDATION_FAILED', { detail: `a range is 1 to ${MAX_DAYS} days` });
    const rows = await store.activityAggregates(database.db, childId, {
      ...range,
      idsFrom: new Date(from - ID_MARGIN_MS),
      idsTo: new Date(to + DAY_MS + ID_MARGIN_MS),
    });
    return {
      days: rows.days.map((row) => ({
        date: row.day,
        messages: row.messages,
        activeSeconds: row.active_seconds,
      })),
      subjects: rows.subjects,
      concerns: rows.concerns,
      conversationsStarted: rows.conversations,
    };
  }
  return { activityOf };
}
