/**
 * Quiet hours in the person's own time zone. Only channels that make a phone
 * buzz (SMS, push) wait; email and the in-app inbox are silent by nature.
 */
import {
  addLocalDays,
  formatLocalDate,
  isValidTimeZone,
  localDateTime,
  zonedToInstant,
} from '@manabee/kernel/zoned-time';

export interface QuietHours {
  /** Minutes after local midnight. start > end wraps past midnight. */
  startMinute: number;
  endMinute: number;
}

/** Local wall-clock parts of `at` in `timeZone`; an unknown zone reads as UTC. */
export function localParts(at: Date, timeZone: string): { date: string; minute: number; hour: number } {
  const local = localDateTime(at, knownZone(timeZone));
  return { date: formatLocalDate(local), hour: local.hour, minute: local.hour * 60 + local.minute };
}

const knownZone = (timeZone: string) => (isValidTimeZone(timeZone) ? timeZone : 'UTC');

export function isQuiet(minute: number, quiet: QuietHours): boolean {
  if (quiet.startMinute === quiet.endMinute) return false;
  if (quiet.startMinute < quiet.endMinute) return minute >= quiet.startMinute && minute < quiet.endMinute;
  return minute >= quiet.startMinute || minute < quiet.endMinute;
}

/**
 * When quiet hours end for someone at `now`, or `now` when they are not in them:
 * the first moment the local clock reads the end (so 07:00 stays 07:00 on the
 * mornings after the clocks change, and an end that does not exist that night
 * is the moment the clock jumps past it).
 */
export function quietHoursEnd(now: Date, timeZone: string, quiet: QuietHours | null): Date {
  if (!quiet) return now;
  const zone = knownZone(timeZone);
  const local = localDateTime(now, zone);
  const minute = local.hour * 60 + local.minute;
  if (!isQuiet(minute, quiet)) return now;
  // The end is later today, or tomorrow when the period wraps past midnight.
  const day = addLocalDays(local, quiet.endMinute > minute ? 0 : 1);
  const end = { ...day, hour: Math.floor(quiet.endMinute / 60), minute: quiet.endMinute % 60 };
  return zonedToInstant(end, zone, { notBefore: now });
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseClock(value: string): number | null {
  const match = HH_MM.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
