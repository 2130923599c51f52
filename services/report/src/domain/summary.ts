/**
 * A child's week in numbers and the few things worth saying about it. Pure:
 * the counts come in from chat and safety, the words are the web app's.
 */

export interface DayUsage {
  date: string;
  messages: number;
  activeSeconds: number;
}

export interface ReportDay {
  date: string;
  messages: number;
  minutes: number;
}

export interface SubjectCount {
  subject: string;
  messages: number;
}

/** The child's messages the safety check flagged under one concern category: a count, never what was said. */
export interface ConcernCount {
  category: string;
  messages: number;
}

/**
 * The concern categories a report shows, in the order a parent reads them: most
 * serious first. `personal_info` is not a concern (a child giving an address is
 * redacted, not worried about), and categories not listed here are left out.
 */
export const CONCERN_CATEGORIES = [
  'self_harm',
  'grooming',
  'bullying',
  'violence',
  'sexual',
  'hate',
  'drugs',
  'profanity',
] as const;
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];

export interface WeekTotals {
  totalMessages: number;
  totalMinutes: number;
  activeDays: number;
}

export const HIGHLIGHT_KINDS = [
  'quiet_week',
  'streak',
  'top_subject',
  'new_subject',
  'most_active_day',
  'more_than_last_week',
  'less_than_last_week',
] as const;
export type HighlightKind = (typeof HIGHLIGHT_KINDS)[number];

export interface Highlight {
  kind: HighlightKind;
  subject?: string;
  date?: string;
  count?: number;
}

/** Changes of learning time smaller than this (in percent) are "about the same", not a highlight. */
export const CHANGE_THRESHOLD_PERCENT = 10;
/** At most this many "new subject" highlights in one week. */
export const MAX_NEW_SUBJECTS = 3;
/** The catch-all subject is counted but never singled out. */
const UNNAMED_SUBJECT = 'other';

/**
 * One entry per day of `days`, in order, zero where nothing happened. Minutes
 * are whole minutes of active learning time, rounded down as the daily limit counts them.
 */
export function reportDays(days: readonly string[], usage: readonly DayUsage[]): ReportDay[] {
  const byDate = new Map(usage.map((day) => [day.date, day]));
  return days.map((date) => {
    const day = byDate.get(date);
    return {
      date,
      messages: day?.messages ?? 0,
      minutes: Math.floor((day?.activeSeconds ?? 0) / 60),
    };
  });
}

export function totalsOf(days: readonly ReportDay[]): WeekTotals {
  return {
    totalMessages: days.reduce((sum, day) => sum + day.messages, 0),
    totalMinutes: days.reduce((sum, day) => sum + day.minutes, 0),
    activeDays: days.filter((day) => day.messages > 0).length,
  };
}

/** Most messages first; ties by name, so the order is stable. */
export function rankSubjects(subjects: readonly SubjectCount[]): SubjectCount[] {
  return subjects
    .filter((subject) => subject.messages > 0)
    .sort((a, b) => b.messages - a.messages || a.subject.localeCompare(b.subject));
}

/** One entry per concern category with messages, in `CONCERN_CATEGORIES` order; others and zeros left out. */
export function concernsOf(counts: readonly ConcernCount[]): ConcernCount[] {
  const byCategory = new Map<string, number>();
  for (const { category, messages } of counts)
    byCategory.set(category, (byCategory.get(category) ?? 0) + Math.max(0, messages));
  return CONCERN_CATEGORIES.map((category) => ({ category, messages: byCategory.get(category) ?? 0 })).filter(
    (concern) => concern.messages > 0,
  );
}

/** The longest run of consecutive days with messages. */
export function longestStreak(days: readonly ReportDay[]): number {
  let longest = 0;
  let run = 0;
  for (const day of days) {
    run = day.messages > 0 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Percent change from `before` to `after`, rounded; null when there was nothing before. */
export function percentChange(before: number, after: number): number | null {
  if (before <= 0) return null;
  return Math.round(((after - before) / before) * 100);
}

export interface HighlightInput {
  days: readonly ReportDay[];
  /** This week's subjects, most first. */
  subjects: readonly SubjectCount[];
  previous: WeekTotals;
  /** Subjects the child asked about in the four weeks before this one. */
  earlierSubjects: ReadonlySet<string>;
}

/**
 * What the parent reads first, in this order: a quiet week alone; otherwise
 * the streak (2 days or more), the top subject, subjects new against the four
 * weeks before, the busiest day (when there were at least two), and the change
 * in learning time against last week (percent, as a magnitude) when it is
 * large enough to mean something.
 */
export function highlightsOf(input: HighlightInput): Highlight[] {
  const totals = totalsOf(input.days);
  if (totals.totalMessages === 0) return [{ kind: 'quiet_week' }];
  const highlights: Highlight[] = [];

  const streak = longestStreak(input.days);
  if (streak >= 2) highlights.push({ kind: 'streak', count: streak });

  const named = input.subjects.filter((s) => s.subject !== UNNAMED_SUBJECT && s.messages > 0);
  if (named[0]) highlights.push({ kind: 'top_subject', subject: named[0].subject });
  for (const fresh of named.filter((s) => !input.earlierSubjects.has(s.subject)).slice(0, MAX_NEW_SUBJECTS))
    highlights.push({ kind: 'new_subject', subject: fresh.subject });

  if (totals.activeDays >= 2) {
    const busiest = input.days.reduce((best, day) => (day.messages > best.messages ? day : best));
    highlights.push({ kind: 'most_active_day', date: busiest.date, count: busiest.messages });
  }

  const change = percentChange(input.previous.totalMinutes, totals.totalMinutes);
  if (change !== null && change >= CHANGE_THRESHOLD_PERCENT)
    highlights.push({ kind: 'more_than_last_week', count: change });
  else if (change !== null && change <= -CHANGE_THRESHOLD_PERCENT)
    highlights.push({ kind: 'less_than_last_week', count: -change });
  return highlights;
}
