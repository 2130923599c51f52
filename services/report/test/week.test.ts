import { describe, expect, it } from 'vitest';
import {
  addDays,
  isReportTime,
  lastWeekAt,
  localTime,
  mondayOf,
  startOfLocalDay,
  weekAt,
  weekContaining,
} from '../src/index';

const HOUR = 3_600_000;
const hours = (week: { from: Date; to: Date }) => (week.to.getTime() - week.from.getTime()) / HOUR;

describe('weeks in a family’s zone', () => {
  it('start on Monday whatever day is asked about', () => {
    expect(mondayOf('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // its Sunday
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across a year
    const week = weekContaining('2026-11-26', 'Asia/Tokyo');
    expect(week.start).toBe('2026-11-23');
    expect(week.end).toBe('2026-11-29');
    expect(week.days).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(week.from.toISOString()).toBe('2026-11-22T15:00:00.000Z');
    expect(week.to.toISOString()).toBe('2026-11-29T15:00:00.000Z');
    expect(hours(week)).toBe(168);
  });

  it('lose an hour in New York’s spring week and gain one in the fall', () => {
    // Clocks go forward on Sunday 2026-03-08 at 02:00 and back on Sunday 2026-11-01 at 02:00.
    const spring = weekContaining('2026-03-08', 'America/New_York');
    expect(spring.start).toBe('2026-03-02');
    expect(spring.from.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(spring.to.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(hours(spring)).toBe(167);

    const fall = weekContaining('2026-10-28', 'America/New_York');
    expect(fall.start).toBe('2026-10-26');
    expect(fall.from.toISOString()).toBe('2026-10-26T04:00:00.000Z');
    expect(fall.to.toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(hours(fall)).toBe(169);

    // The next week is a plain one again.
    expect(hours(weekContaining('2026-11-02', 'America/New_York'))).toBe(168);
  });

  it('place instants in the local week, right at its edges', () => {
    const zone = 'America/New_York';
    // Sunday 23:59 local is still the week; a minute later is the next one.
    expect(weekAt(new Date('2026-03-09T03:59:00Z'), zone).start).toBe('2026-03-02');
    expect(weekAt(new Date('2026-03-09T04:00:00Z'), zone).start).toBe('2026-03-09');
    // Monday 00:30 in Tokyo is still Sunday in UTC.
    expect(weekAt(new Date('2026-11-22T15:30:00Z'), 'Asia/Tokyo').start).toBe('2026-11-23');
    expect(localTime(new Date('2026-11-22T15:30:00Z'), 'Asia/Tokyo')).toEqual({
      date: '2026-11-23',
      weekday: 1,
      hour: 0,
      minute: 30,
    });
  });

  it('start a day where the clocks skip midnight at the moment they land on it', () => {
    // Chile (America/Santiago) moved its clocks from 24:00 to 01:00 on 2026-09-06.
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localTime(start, 'America/Santiago')).toMatchObject({ date: '2026-09-06', hour: 1, minute: 0 });
    expect(localTime(new Date(start.getTime() - 1000), 'America/Santiago').date).toBe('2026-09-05');
    // Cuba turns 01:00 back to 00:00 on 2026-11-01: midnight happens twice and the first one counts.
    expect(startOfLocalDay('2026-11-01', 'America/Havana').toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('the Monday-morning notice hour', () => {
  it('is Monday 08:00–08:59 in the family’s zone, and the week it announces is the one before', () => {
    // 2026-11-29T23:05Z is Monday 08:05 in Tokyo, Sunday 18:05 in New York.
    const tick = new Date('2026-11-29T23:05:00Z');
    expect(isReportTime(tick, 'Asia/Tokyo')).toBe(true);
    expect(isReportTime(tick, 'America/New_York')).toBe(false);
    expect(isReportTime(new Date('2026-11-29T22:05:00Z'), 'Asia/Tokyo')).toBe(false); // 07:05
    // Later on Monday still counts (a missed run catches up); Tuesday does not.
    expect(isReportTime(new Date('2026-11-30T00:05:00Z'), 'Asia/Tokyo')).toBe(true); // 09:05
    expect(isReportTime(new Date('2026-11-30T14:55:00Z'), 'Asia/Tokyo')).toBe(true); // 23:55
    expect(isReportTime(new Date('2026-11-30T15:05:00Z'), 'Asia/Tokyo')).toBe(false); // Tue 00:05
    // Half-hour zones get their hour too: 08:35 in Kolkata.
    expect(isReportTime(new Date('2026-11-30T03:05:00Z'), 'Asia/Kolkata')).toBe(true);
    expect(isReportTime(tick, 'Not/A_Zone')).toBe(false);
    expect(lastWeekAt(tick, 'Asia/Tokyo').start).toBe('2026-11-23');
    // New York's Monday after the fall change.
    expect(lastWeekAt(new Date('2026-11-02T13:05:00Z'), 'America/New_York')).toMatchObject({
      start: '2026-10-26',
      end: '2026-11-01',
    });
  });
});
