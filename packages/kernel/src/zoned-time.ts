/**
 * Wall-clock time in an IANA time zone, with Intl only (no tz database of our
 * own). Limits, quiet hours, usage days and weekly reports are promises made
 * in a family's local time, so "21:00" must mean 21:00 on the living-room
 * clock, including on the days the clock jumps for daylight saving.
 *
 * Pure: no I/O and no clock; domain code may import it through
 * `@manabee/kernel/zoned-time` without loading the rest of the kernel.
 */

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: Monday 1 … Sunday 7. */
  weekday: number;
}

/** A wall-clock reading to place in a zone; the time of day defaults to midnight. */
export interface WallTime extends LocalDate {
  hour?: number;
  minute?: number;
  second?: number;
}

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
const MAX_ZONE_LENGTH = 64;
const MAX_CACHED_ZONES = 1000;

// Building a DateTimeFormat costs far more than using one, and zones in use are
// few. Parts are read by type from numeric fields, so the locale's own date
// pattern (en-CA's YYYY-MM-DD, for one) never matters.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone Intl does not know.
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
    // Zone names are case-insensitive, so user input could grow the cache without bound.
    if (formatters.size >= MAX_CACHED_ZONES) formatters.delete(formatters.keys().next().value as string);
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows the zone (an IANA name such as `Asia/Tokyo`, or `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > MAX_ZONE_LENGTH)
    return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time read as if it were UTC, in ms (the "naive" instant). */
function naiveOf(wall: WallTime): number {
  const time = new Date(0);
  time.setUTCFullYear(wall.year, wall.month - 1, wall.day); // Date.UTC would read years 0–99 as 19xx
  time.setUTCHours(wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0, 0);
  return time.getTime();
}

/** ISO weekday (Monday 1 … Sunday 7) of a calendar date. */
export function isoWeekday(date: LocalDate): number {
  return ((new Date(naiveOf(date)).getUTCDay() + 6) % 7) + 1;
}

/** The wall-clock reading in `timeZone` at `instant`. Throws RangeError for an unknown zone. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? Number.NaN;
  const month = parts.month ?? Number.NaN;
  const day = parts.day ?? Number.NaN;
  return {
    year,
    month,
    day,
    // h23 never says 24, but engines that ignored hourCycle did (midnight as "24").
    hour: (parts.hour ?? Number.NaN) % 24,
    minute: parts.minute ?? Number.NaN,
    second: parts.second ?? Number.NaN,
    weekday: isoWeekday({ year, month, day }),
  };
}

/** The calendar date `days` later (earlier when negative). */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const time = new Date(naiveOf({ year: date.year, month: date.month, day: date.day + days }));
  return { year: time.getUTCFullYear(), month: time.getUTCMonth() + 1, day: time.getUTCDate() };
}

/** `YYYY-MM-DD` of a calendar date. */
export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date written `YYYY-MM-DD`, or null when it is not a real one (`2026-02-30`). */
export function parseLocalDate(text: string): LocalDate | null {
  const match = PLAIN_DATE.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(naiveOf(date));
  return check.getUTCMonth() + 1 === date.month && check.getUTCDate() === date.day ? date : null;
}

/** `YYYY-MM-DD` of the local calendar day in `timeZone` at `instant`: the key for per-day counters. */
export function localDate(instant: Date, timeZone: string): string {
  return formatLocalDate(localDateTime(instant, timeZone));
}

/** UTC offset in ms (local minus UTC) in force at `time`. */
function offsetAt(time: number, timeZone: string): number {
  const local = localDateTime(new Date(time), timeZone);
  return naiveOf(local) - Math.floor(time / SECOND_MS) * SECOND_MS;
}

/**
 * The instant at which the wall clock in `timeZone` reads `wall`, or the first
 * one after it has passed `wall`:
 * - usually the one instant that reads exactly `wall`;
 * - in a spring-forward gap (02:30 does not exist in New York on the change day)
 *   the end of the gap (03:00), the first moment the clock has passed `wall`;
 * - in a fall-back overlap (01:30 happens twice) the first of the two, or with
 *   `notBefore` the first that is not before it (the later one when both are),
 *   so a period that ends at 01:30 ends again after the clock has gone back.
 *
 * Throws RangeError for an unknown zone.
 */
export function zonedToInstant(wall: WallTime, timeZone: string, options: { notBefore?: Date } = {}): Date {
  const naive = naiveOf(wall);
  const reads = (time: number) => naiveOf(localDateTime(new Date(time), timeZone)) - naive;

  // Offsets lie within −12h…+14h, so the instant is within 15h of `naive`; sampling
  // either side finds every offset in force there, as no zone changes twice in 30h.
  // (12h either side, as auth once did, misses changes in New Zealand's small hours.)
  const candidates = [
    ...new Set([offsetAt(naive - 15 * HOUR_MS, timeZone), offsetAt(naive + 15 * HOUR_MS, timeZone)]),
  ]
    .map((offset) => naive - offset)
    .sort((a, b) => a - b);

  const exact = candidates.filter((time) => reads(time) === 0);
  if (exact.length > 0) {
    const notBefore = options.notBefore?.getTime();
    const eligible = notBefore === undefined ? exact : exact.filter((time) => time >= notBefore);
    return new Date(eligible[0] ?? exact[exact.length - 1]!);
  }

  // A gap: search the change between the last candidate that reads earlier and
  // the first that reads later, to the second.
  const after = candidates.findIndex((time) => reads(time) > 0);
  if (after === -1) return new Date(candidates[candidates.length - 1]!);
  if (after === 0) return new Date(candidates[0]!);
  let lo = candidates[after - 1]!;
  let hi = candidates[after]!;
  while (hi - lo > SECOND_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND_MS) * SECOND_MS;
    if (reads(mid) >= 0) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
