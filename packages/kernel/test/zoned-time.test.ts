import { describe, expect, it } from 'vitest';
import {
  formatLocalDate,
  isoWeekday,
  isValidTimeZone,
  localDate,
  localDateTime,
  parseLocalDate,
  zonedToInstant,
} from '../src/zoned-time';

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('local wall clock', () => {
  it('reads Tokyo (UTC+9, no DST) across the UTC day line, with the ISO weekday', () => {
    // Tuesday 2026-03-10 15:30Z is Wednesday 00:30 in Tokyo.
    expect(localDateTime(at('2026-03-10T15:30:45.999Z'), 'Asia/Tokyo')).toEqual({
      year: 2026,
      month: 3,
      day: 11,
      hour: 0,
      minute: 30,
      second: 45,
      weekday: 3,
    });
    expect(localDate(at('2026-03-10T15:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-11');
    expect(localDate(at('2026-03-10T15:30:00Z'), 'America/New_York')).toBe('2026-03-10');
    expect(localDate(at('2026-03-10T14:59:59Z'), 'Asia/Tokyo')).toBe('2026-03-10');
  });

  it('says midnight is hour 0, never 24', () => {
    expect(localDateTime(at('2026-11-22T15:00:00Z'), 'Asia/Tokyo')).toMatchObject({ day: 23, hour: 0 });
    expect(localDateTime(at('2026-01-01T00:00:00Z'), 'UTC')).toMatchObject({ year: 2026, hour: 0 });
  });

  it('numbers weekdays Monday 1 to Sunday 7', () => {
    expect(isoWeekday({ year: 2026, month: 11, day: 23 })).toBe(1); // Monday
    expect(isoWeekday({ year: 2026, month: 11, day: 29 })).toBe(7); // Sunday
    // Sunday 23:30 in New York is already Monday in UTC.
    expect(localDateTime(at('2026-11-30T04:30:00Z'), 'America/New_York').weekday).toBe(7);
    expect(localDateTime(at('2026-11-30T04:30:00Z'), 'UTC').weekday).toBe(1);
  });

  it('follows New York across its spring-forward and fall-back mornings', () => {
    const ny = 'America/New_York';
    // 2026-03-08: 01:59:59 EST is followed by 03:00:00 EDT.
    expect(localDateTime(at('2026-03-08T06:59:59Z'), ny)).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(localDateTime(at('2026-03-08T07:00:00Z'), ny)).toMatchObject({ hour: 3, minute: 0 });
    // 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(localDateTime(at('2026-11-01T05:30:00Z'), ny)).toMatchObject({ day: 1, hour: 1, minute: 30 });
    expect(localDateTime(at('2026-11-01T06:30:00Z'), ny)).toMatchObject({ day: 1, hour: 1, minute: 30 });
  });

  it('reads quarter-hour and half-hour zones (Kathmandu +05:45, Lord Howe +10:30/+11)', () => {
    expect(localDateTime(at('2026-03-10T18:15:00Z'), 'Asia/Kathmandu')).toMatchObject({
      day: 11,
      hour: 0,
      minute: 0,
    });
    expect(localDateTime(at('2026-07-01T00:00:00Z'), 'Australia/Lord_Howe')).toMatchObject({
      hour: 10,
      minute: 30,
    });
    expect(localDateTime(at('2026-12-01T00:00:00Z'), 'Australia/Lord_Howe')).toMatchObject({
      hour: 11,
      minute: 0,
    });
  });
});

describe('time zone names', () => {
  it('accepts what Intl knows and nothing else', () => {
    expect(isValidTimeZone('Asia/Tokyo')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Not/A_Zone')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(`Asia/${'x'.repeat(80)}`)).toBe(false);
    expect(isValidTimeZone(42 as unknown as string)).toBe(false);
  });

  it('throws RangeError when asked to read an unknown zone', () => {
    expect(() => localDateTime(new Date(), 'Not/A_Zone')).toThrow(RangeError);
    expect(() => localDate(new Date(), 'Not/A_Zone')).toThrow(RangeError);
    expect(() => zonedToInstant({ year: 2026, month: 1, day: 1 }, 'Not/A_Zone')).toThrow(RangeError);
  });
});

describe('calendar dates as text', () => {
  it('round-trip YYYY-MM-DD and refuse dates that do not exist', () => {
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(formatLocalDate({ year: 2024, month: 2, day: 29 })).toBe('2024-02-29');
    expect(formatLocalDate({ year: 812, month: 7, day: 4 })).toBe('0812-07-04');
    expect(parseLocalDate('0050-01-31')).toEqual({ year: 50, month: 1, day: 31 });
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('2026-13-01')).toBeNull();
    expect(parseLocalDate('2026-1-01')).toBeNull();
    expect(parseLocalDate('2026-01-01T00:00')).toBeNull();
  });
});

describe('zonedToInstant', () => {
  it('places an ordinary wall time (Tokyo, Kathmandu)', () => {
    expect(iso(zonedToInstant({ year: 2026, month: 3, day: 11, hour: 7 }, 'Asia/Tokyo'))).toBe(
      '2026-03-10T22:00:00.000Z',
    );
    expect(iso(zonedToInstant({ year: 2026, month: 3, day: 11 }, 'Asia/Kathmandu'))).toBe(
      '2026-03-10T18:15:00.000Z',
    );
    expect(
      iso(zonedToInstant({ year: 2026, month: 3, day: 11, hour: 23, minute: 59, second: 59 }, 'UTC')),
    ).toBe('2026-03-11T23:59:59.000Z');
  });

  it('takes the end of a spring-forward gap for a time that does not exist (New York)', () => {
    const ny = 'America/New_York';
    const day = { year: 2026, month: 3, day: 8 };
    expect(iso(zonedToInstant({ ...day, hour: 1, minute: 59 }, ny))).toBe('2026-03-08T06:59:00.000Z');
    expect(iso(zonedToInstant({ ...day, hour: 2, minute: 0 }, ny))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(zonedToInstant({ ...day, hour: 2, minute: 30 }, ny))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(zonedToInstant({ ...day, hour: 3, minute: 0 }, ny))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(zonedToInstant({ ...day, hour: 3, minute: 1 }, ny))).toBe('2026-03-08T07:01:00.000Z');
  });

  it('takes the first of a repeated fall-back time, or the first not before `notBefore` (New York)', () => {
    const ny = 'America/New_York';
    const wall = { year: 2026, month: 11, day: 1, hour: 1, minute: 30 };
    expect(iso(zonedToInstant(wall, ny))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(zonedToInstant(wall, ny, { notBefore: at('2026-11-01T05:30:00Z') }))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(iso(zonedToInstant(wall, ny, { notBefore: at('2026-11-01T05:45:00Z') }))).toBe(
      '2026-11-01T06:30:00.000Z',
    );
    // Both passed: the later one.
    expect(iso(zonedToInstant(wall, ny, { notBefore: at('2026-11-01T07:00:00Z') }))).toBe(
      '2026-11-01T06:30:00.000Z',
    );
    // An unambiguous time ignores `notBefore`.
    expect(iso(zonedToInstant({ ...wall, hour: 3 }, ny, { notBefore: at('2026-11-02T00:00:00Z') }))).toBe(
      '2026-11-01T08:30:00.000Z',
    );
  });

  it('handles a 30-minute change (Lord Howe) and zones far east of UTC (Auckland)', () => {
    // Lord Howe goes from 02:00 +10:30 to 02:30 +11 on 2026-10-04.
    const lordHowe = 'Australia/Lord_Howe';
    expect(iso(zonedToInstant({ year: 2026, month: 10, day: 4, hour: 2, minute: 15 }, lordHowe))).toBe(
      '2026-10-03T15:30:00.000Z',
    );
    // ... and from 02:00 +11 back to 01:30 +10:30 on 2026-04-05: 01:45 happens twice.
    const repeated = { year: 2026, month: 4, day: 5, hour: 1, minute: 45 };
    expect(iso(zonedToInstant(repeated, lordHowe))).toBe('2026-04-04T14:45:00.000Z');
    expect(iso(zonedToInstant(repeated, lordHowe, { notBefore: at('2026-04-04T15:00:00Z') }))).toBe(
      '2026-04-04T15:15:00.000Z',
    );
    // Auckland (+12/+13): the change is more than 12 hours from the naive reading.
    const auckland = 'Pacific/Auckland';
    expect(iso(zonedToInstant({ year: 2026, month: 9, day: 27, hour: 2, minute: 30 }, auckland))).toBe(
      '2026-09-26T14:00:00.000Z', // 03:00 NZDT, the end of the gap
    );
    expect(iso(zonedToInstant({ year: 2026, month: 4, day: 5, hour: 2, minute: 30 }, auckland))).toBe(
      '2026-04-04T13:30:00.000Z', // 02:30 NZDT, the first of the two
    );
  });

  it('starts a day whose midnight is skipped when the clocks land on it (Havana, Santiago)', () => {
    // Cuba springs forward at midnight: 2026-03-08 starts at 01:00 CDT (05:00Z).
    expect(iso(zonedToInstant({ year: 2026, month: 3, day: 8 }, 'America/Havana'))).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    // ... and turns 01:00 back to 00:00 on 2026-11-01: the first midnight counts.
    expect(iso(zonedToInstant({ year: 2026, month: 11, day: 1 }, 'America/Havana'))).toBe(
      '2026-11-01T04:00:00.000Z',
    );
    const santiago = zonedToInstant({ year: 2026, month: 9, day: 6 }, 'America/Santiago');
    expect(localDateTime(santiago, 'America/Santiago')).toMatchObject({ day: 6, hour: 1, minute: 0 });
    expect(localDate(new Date(santiago.getTime() - 1000), 'America/Santiago')).toBe('2026-09-05');
  });

  it('is the inverse of localDateTime on every quarter hour of a New York fall-back day', () => {
    const ny = 'America/New_York';
    for (let t = Date.parse('2026-11-01T04:00:00Z'); t < Date.parse('2026-11-02T05:00:00Z'); t += 900_000) {
      const local = localDateTime(new Date(t), ny);
      expect(zonedToInstant(local, ny, { notBefore: new Date(t) }).getTime()).toBe(t);
    }
  });
});
