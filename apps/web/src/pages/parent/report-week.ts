/**
 * Calendar arithmetic of the weekly report. Weeks are plain dates (YYYY-MM-DD,
 * Monday first) in the family's time zone, so the math runs on UTC midnights
 * and never on the browser's own zone.
 */
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar date written YYYY-MM-DD ("2030-02-30" is not one). */
export function isPlainDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = PLAIN_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function toDate(plain: string): Date {
  return new Date(`${plain}T00:00:00Z`);
}

export function addDays(plain: string, days: number): string {
  return new Date(toDate(plain).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date where the family lives; an unknown zone falls back to UTC. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * This week against the one before. `first` when last week had nothing to
 * compare with (a percentage of zero means nothing to a parent).
 */
export type Change =
  | { kind: 'quiet' }
  | { kind: 'first' }
  | { kind: 'same' }
  | { kind: 'more' | 'less'; percent: number };

export function compareWeeks(current: number, previous: number): Change {
  if (previous <= 0) return current > 0 ? { kind: 'first' } : { kind: 'quiet' };
  const percent = Math.round(((current - previous) / previous) * 100);
  if (percent === 0) return { kind: 'same' };
  return { kind: percent > 0 ? 'more' : 'less', percent: Math.abs(percent) };
}

/** Whether a later week than the one shown would be in the future (the Next button then stays off). */
export function isLatestWeek(report: { weekStart: string; complete: boolean; timeZone: string }, now?: Date) {
  return !report.complete || addDays(report.weekStart, 7) > todayIn(report.timeZone, now);
}
