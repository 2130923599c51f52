/**
 * Calendar weeks in a family's time zone: Monday to Sunday, each day from its
 * local midnight to the next (so a week holds 167 or 169 hours when the clocks
 * change). Dates are `YYYY-MM-DD`; instants are `Date`s.
 */
import { formatLocalDate, localDateTime, zonedToInstant } from '@manabee/kernel/zoned-time';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A calendar date's UTC midnight in ms, or null when it is not a real date. */
export function dateValue(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === date ? time : null;
}

function requireDate(date: string): number {
  const time = dateValue(date);
  if (time === null) throw new RangeError(`not a date: ${date}`);
  return time;
}

const dateOf = (time: number) => new Date(time).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return dateOf(requireDate(date) + days * DAY_MS);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  return ((new Date(requireDate(date)).getUTCDay() + 6) % 7) + 1;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export interface LocalTime {
  date: string;
  /** Monday 1 … Sunday 7. */
  weekday: number;
  hour: number;
  minute: number;
}

/** The wall clock in `timeZone` at `instant`. Throws RangeError for an unknown zone. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const local = localDateTime(instant, timeZone);
  return { date: formatLocalDate(local), weekday: local.weekday, hour: local.hour, minute: local.minute };
}

/**
 * The first instant of a local day: its midnight, or — where the clocks skip
 * midnight — the moment they land on that day.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const day = new Date(requireDate(date));
  return zonedToInstant(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() },
    timeZone,
  );
}

export interface Week {
  /** Monday. */
  start: string;
  /** Sunday. */
  end: string;
  /** Monday to Sunday. */
  days: string[];
  /** The start of Monday in the zone. */
  from: Date;
  /** The start of the next Monday (exclusive end). */
  to: Date;
}

export function weekStarting(monday: string, timeZone: string): Week {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return {
    start: monday,
    end: days[6]!,
    days,
    from: startOfLocalDay(monday, timeZone),
    to: startOfLocalDay(addDays(monday, 7), timeZone),
  };
}

/** The Monday–Sunday week holding `date` (a local calendar date). */
export function weekContaining(date: string, timeZone: string): Week {
  return weekStarting(mondayOf(date), timeZone);
}

/** The week the instant falls in, in the zone. */
export function weekAt(instant: Date, timeZone: string): Week {
  return weekContaining(localTime(instant, timeZone).date, timeZone);
}

/** The local hour at which families hear that last week's report is ready: Monday 08:00–08:59. */
export const REPORT_WEEKDAY = 1;
export const REPORT_HOUR = 8;

/**
 * Whether reports may be announced in the zone now: Monday from 08:00 to the end
 * of the day, so a run missed while workers were down catches up later that day
 * (announcing is once per child and week). False for a zone Intl does not know.
 */
export function isReportTime(instant: Date, timeZone: string): boolean {
  try {
    const local = localTime(instant, timeZone);
    return local.weekday === REPORT_WEEKDAY && local.hour >= REPORT_HOUR;
  } catch {
    return false;
  }
}
