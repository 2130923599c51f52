import { describe, expect, it } from 'vitest';
import {
  CONCERN_CATEGORIES,
  concernsOf,
  highlightsOf,
  longestStreak,
  percentChange,
  type ReportDay,
  rankSubjects,
  reportDays,
  totalsOf,
} from '../src/index';

const week = [
  '2026-11-23',
  '2026-11-24',
  '2026-11-25',
  '2026-11-26',
  '2026-11-27',
  '2026-11-28',
  '2026-11-29',
];
/** A week from messages per day (Monday first); two minutes of learning per message. */
const days = (messages: number[]): ReportDay[] =>
  week.map((date, i) => ({ date, messages: messages[i] ?? 0, minutes: (messages[i] ?? 0) * 2 }));
const none = { totalMessages: 0, totalMinutes: 0, activeDays: 0 };

describe('a week in numbers', () => {
  it('fills seven days from sparse usage, whole minutes rounded down', () => {
    const filled = reportDays(week, [
      { date: '2026-11-24', messages: 5, activeSeconds: 359 },
      { date: '2026-11-29', messages: 1, activeSeconds: 60 },
      { date: '2026-11-30', messages: 9, activeSeconds: 900 }, // not this week
    ]);
    expect(filled.map((d) => [d.date, d.messages, d.minutes])).toEqual([
      ['2026-11-23', 0, 0],
      ['2026-11-24', 5, 5],
      ['2026-11-25', 0, 0],
      ['2026-11-26', 0, 0],
      ['2026-11-27', 0, 0],
      ['2026-11-28', 0, 0],
      ['2026-11-29', 1, 1],
    ]);
    expect(totalsOf(filled)).toEqual({ totalMessages: 6, totalMinutes: 6, activeDays: 2 });
  });

  it('ranks subjects most first, ties by name, and drops empty ones', () => {
    expect(
      rankSubjects([
        { subject: 'science', messages: 3 },
        { subject: 'math', messages: 7 },
        { subject: 'english', messages: 3 },
        { subject: 'music', messages: 0 },
      ]),
    ).toEqual([
      { subject: 'math', messages: 7 },
      { subject: 'english', messages: 3 },
      { subject: 'science', messages: 3 },
    ]);
  });

  it('orders concerns most serious first and leaves out zeros, personal information and unknown categories', () => {
    expect(
      concernsOf([
        { category: 'profanity', messages: 1 },
        { category: 'bullying', messages: 2 },
        { category: 'personal_info', messages: 4 },
        { category: 'hate', messages: 0 },
        { category: 'weather', messages: 3 },
        { category: 'self_harm', messages: 1 },
      ]),
    ).toEqual([
      { category: 'self_harm', messages: 1 },
      { category: 'bullying', messages: 2 },
      { category: 'profanity', messages: 1 },
    ]);
    expect(concernsOf([])).toEqual([]);
    expect(CONCERN_CATEGORIES).not.toContain('personal_info');
  });

  it('finds the longest run of active days and the change against last week', () => {
    expect(longestStreak(days([1, 1, 0, 1, 1, 1, 0]))).toBe(3);
    expect(longestStreak(days([0, 0, 0, 0, 0, 0, 0]))).toBe(0);
    expect(longestStreak(days([2, 2, 2, 2, 2, 2, 2]))).toBe(7);
    expect(percentChange(40, 50)).toBe(25);
    expect(percentChange(30, 20)).toBe(-33);
    expect(percentChange(0, 20)).toBeNull();
  });
});

describe('highlights', () => {
  it('a quiet week says only that', () => {
    expect(
      highlightsOf({
        days: days([]),
        subjects: [],
        previous: { totalMessages: 10, totalMinutes: 20, activeDays: 2 },
        earlierSubjects: new Set(['math']),
      }),
    ).toEqual([{ kind: 'quiet_week' }]);
  });

  it('a busy week: streak, top subject, new subjects, busiest day and more than last week', () => {
    const highlights = highlightsOf({
      days: days([3, 5, 2, 0, 8, 8, 0]),
      subjects: [
        { subject: 'other', messages: 10 },
        { subject: 'math', messages: 9 },
        { subject: 'science', messages: 4 },
        { subject: 'english', messages: 2 },
        { subject: 'music', messages: 1 },
        { subject: 'art', messages: 1 },
      ],
      // 52 minutes this week against 40: +30 %.
      previous: { totalMessages: 20, totalMinutes: 40, activeDays: 3 },
      earlierSubjects: new Set(['math', 'other']),
    });
    expect(highlights).toEqual([
      { kind: 'streak', count: 3 },
      // "other" is counted, never singled out.
      { kind: 'top_subject', subject: 'math' },
      // At most three new ones, the most asked about first.
      { kind: 'new_subject', subject: 'science' },
      { kind: 'new_subject', subject: 'english' },
      { kind: 'new_subject', subject: 'music' },
      // The first of two equally busy days.
      { kind: 'most_active_day', date: '2026-11-27', count: 8 },
      { kind: 'more_than_last_week', count: 30 },
    ]);
  });

  it('less than last week as a magnitude; small changes and single days are not highlights', () => {
    const fewer = highlightsOf({
      days: days([0, 0, 4, 0, 0, 0, 0]),
      subjects: [{ subject: 'math', messages: 4 }],
      previous: { totalMessages: 12, totalMinutes: 32, activeDays: 4 },
      earlierSubjects: new Set(['math']),
    });
    expect(fewer).toEqual([
      { kind: 'top_subject', subject: 'math' },
      { kind: 'less_than_last_week', count: 75 },
    ]);

    const same = highlightsOf({
      days: days([5, 5, 0, 0, 0, 0, 0]),
      subjects: [{ subject: 'math', messages: 10 }],
      previous: { totalMessages: 10, totalMinutes: 21, activeDays: 2 },
      earlierSubjects: new Set(['math']),
    });
    expect(same.map((h) => h.kind)).toEqual(['streak', 'top_subject', 'most_active_day']);

    // Nothing to compare with: no percent.
    const first = highlightsOf({
      days: days([1, 0, 0, 0, 0, 0, 0]),
      subjects: [{ subject: 'other', messages: 1 }],
      previous: none,
      earlierSubjects: new Set(),
    });
    expect(first).toEqual([]);
  });
});
