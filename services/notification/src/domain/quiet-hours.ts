/**
 * Quiet hours in the person's own time zone. Only channels that make a phone
 * buzz (SMS, push) wait; email and the in-app inbox are silent by nature.
 */

export interface QuietHours {
  /** Minutes after local midnight. start > end wraps past midnight. */
  startMinute: number;
  endMinute: number;
}

/** Local wall-clock parts of `at` in `timeZone`; an unknown zone reads as UTC. */
export function localParts(at: Date, timeZone: string): { date: string; minute: number; hour: number } {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return localParts(at, 'UTC');
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  const hour = Number(parts.hour);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour,
    minute: hour * 60 + Number(parts.minute),
  };
}

export function isQuiet(minute: number, quiet: QuietHours): boolean {
  if (quiet.startMinute === quiet.endMinute) return false;
  if (quiet.startMinute < quiet.endMinute) return minute >= quiet.startMinute && minute < quiet.endMinute;
  return minute >= quiet.startMinute || minute < quiet.endMinute;
}

/** When quiet hours end for someone at `now`, or `now` when they are not in them. */
export function quietHoursEnd(now: Date, timeZone: string, quiet: QuietHours | null): Date {
  if (!quiet) return now;
  const { minute } = localParts(now, timeZone);
  if (!isQuiet(minute, quiet)) return now;
  const wait = (quiet.endMinute - minute + 1440) % 1440;
  // Whole minutes: the end lands on the local minute boundary (DST shifts move it by at most an hour).
  const atMinute = new Date(now.getTime() - (now.getTime() % 60_000));
  return new Date(atMinute.getTime() + wait * 60_000);
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseClock(value: string): number | null {
  const match = HH_MM.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
