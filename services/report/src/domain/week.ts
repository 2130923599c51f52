/**
 * Calendar weeks in a family's time zone: Monday to Sunday, each day from its
 * local midnight to the next (so a week holds 167 or 169 hours when the clocks
 * change). Dates are `YYYY-MM-DD`; instants are `Date`s.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

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

// Formatters are costly to build; zones in use are few.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
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
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, weekday: isoWeekday(date), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** How far the zone's wall clock is ahead of UTC at `time` (ms, whole seconds). */
function offsetAt(time: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(time))) parts[part.type] = part.value;
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(time / 1000) * 1000;
}

/**
 * The first instant of a local day: its midnight, or — where the clocks skip
 * midnight — the moment they land on that day.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const wall = requireDate(date);
  // Every offset in force near that midnight (a change is never closer than days to another).
  const offsets = new Set([-36, 0, 36].map((hours) => offsetAt(wall + hours * HOUR_MS, timeZone)));
  const starts = [...offsets]
    .map((offset) => wall - offset)
    .filter((time) => localTime(new Date(time), timeZone).date === date)
    .sort((a, b) => a - b);
  if (starts[0] === undefined) throw new RangeError(`no start of ${date} in ${timeZone}`);
  return new Date(starts[0]);
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
export function isReportHour(instant: Date, timeZone: string): boolean {
  try {
    const local = localTime(instant, timeZone);
    return local.weekday === REPORT_WEEKDAY && local.hour >= REPORT_HOUR;
  } catch {
    return false;
  }
}
