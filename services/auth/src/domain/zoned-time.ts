/**
 * Wall-clock arithmetic in a family's IANA time zone, with Intl only (no tz
 * database of our own). Limits and quiet hours are promises made in the
 * family's local time, so "21:00" must mean 21:00 on the living-room clock,
 * including on the days the clock jumps for daylight saving.
 */

export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

// Building a DateTimeFormat is far costlier than using one; zones are few.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `timeZone` at the instant `at`. */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? Number.NaN,
    month: parts.month ?? Number.NaN,
    day: parts.day ?? Number.NaN,
    hour: parts.hour ?? Number.NaN,
    minute: parts.minute ?? Number.NaN,
    second: parts.second ?? Number.NaN,
  };
}

/** Minutes since local midnight (0-1439) at `at` in `timeZone`. */
export function localMinuteOfDay(at: Date, timeZone: string): number {
  const local = localDateTime(at, timeZone);
  return local.hour * 60 + local.minute;
}

/** `YYYY-MM-DD` of the family's local calendar day: the key for per-day counters. */
export function dayKeyFor(now: Date, timeZone: string): string {
  const { year, month, day } = localDateTime(now, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** UTC offset in ms (local minus UTC) in force at the instant `at`. */
function offsetAt(at: number, timeZone: string): number {
  const l = localDateTime(new Date(at), timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function compareLocal(a: LocalDateTime, b: LocalDateTime): number {
  const key = (x: LocalDateTime) => Date.UTC(x.year, x.month - 1, x.day, x.hour, x.minute, x.second);
  return key(a) - key(b);
}

/**
 * The first instant whose wall-clock reading in `timeZone` is at or after
 * `date` + `minuteOfDay`. Usually that instant shows exactly that time; in a
 * spring-forward gap (02:30 does not exist in New York on the transition day)
 * it is the end of the gap (03:00), the first moment the clock has passed the
 * target. In a fall-back overlap (01:30 happens twice) it is the first one
 * not before `notBefore`, so a quiet period that ends at 01:30 ends again
 * after the clock has gone back.
 */
export function firstInstantAtOrAfter(
  date: LocalDate,
  minuteOfDay: number,
  timeZone: string,
  notBefore?: Date,
): Date {
  const hour = Math.floor(minuteOfDay / 60);
  const minute = minuteOfDay % 60;
  const target: LocalDateTime = { ...date, hour, minute, second: 0 };
  const naive = Date.UTC(date.year, date.month - 1, date.day, hour, minute);

  // Offsets on either side of any transition near the target; one of them applies.
  const offsets = new Set([
    offsetAt(naive - 12 * HOUR_MS, timeZone),
    offsetAt(naive + 12 * HOUR_MS, timeZone),
  ]);
  const exact: number[] = [];
  for (const offset of offsets) {
    const candidate = naive - offset;
    if (compareLocal(localDateTime(new Date(candidate), timeZone), target) === 0) exact.push(candidate);
  }
  const eligible = exact.filter((t) => notBefore === undefined || t >= notBefore.getTime());
  if (eligible.length > 0) return new Date(Math.min(...eligible));
  if (exact.length > 0) return new Date(Math.max(...exact));

  // The target falls in a gap: binary-search the transition minute between the
  // candidate before the gap (reads earlier than target) and after it (reads later).
  let lo = Math.min(...[...offsets].map((o) => naive - o));
  let hi = Math.max(...[...offsets].map((o) => naive - o));
  if (compareLocal(localDateTime(new Date(hi), timeZone), target) < 0) return new Date(hi);
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (compareLocal(localDateTime(new Date(mid), timeZone), target) >= 0) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The start of the next local calendar day (local midnight, or the first moment after it). */
export function nextLocalMidnight(now: Date, timeZone: string): Date {
  const today = localDateTime(now, timeZone);
  return firstInstantAtOrAfter(addDays(today, 1), 0, timeZone);
}
