/**
 * The family-clock helpers parental controls speak in (minutes of a local day,
 * the next local midnight), on the kernel's zone arithmetic.
 */
import { addLocalDays, type LocalDate, localDateTime, zonedToInstant } from '@manabee/kernel/zoned-time';

export {
  addLocalDays as addDays,
  isValidTimeZone,
  type LocalDate,
  type LocalDateTime,
  // `YYYY-MM-DD` of the family's local day: the key for per-day counters.
  localDate as dayKeyFor,
  localDateTime,
} from '@manabee/kernel/zoned-time';

/**
 * The first instant whose wall-clock reading in `timeZone` is at or after
 * `date` + `minuteOfDay`: the end of a spring-forward gap for a time that does
 * not exist, and in a fall-back overlap the first one not before `notBefore`,
 * so a quiet period that ends at 01:30 ends again after the clock has gone back.
 */
export function firstInstantAtOrAfter(
  date: LocalDate,
  minuteOfDay: number,
  timeZone: string,
  notBefore?: Date,
): Date {
  const { year, month, day } = date; // callers may pass a whole reading; only its day counts
  const hour = Math.floor(minuteOfDay / 60);
  return zonedToInstant({ year, month, day, hour, minute: minuteOfDay % 60 }, timeZone, { notBefore });
}

/** The start of the next local calendar day (local midnight, or the first moment after it). */
export function nextLocalMidnight(now: Date, timeZone: string): Date {
  return firstInstantAtOrAfter(addLocalDays(localDateTime(now, timeZone), 1), 0, timeZone);
}
