/**
 * The parent's weekly learning report (services/report, being built). Until the
 * server's schema has `weeklyReport` the call answers `{ available: false }` and
 * the page says reports are on their way.
 */
import type { GraphQLClient } from './client';
import { type Optional, optional } from './optional';

/** One day of the week, Monday first; `date` is YYYY-MM-DD in the family's time zone. */
export interface ReportDay {
  date: string;
  messages: number;
  minutes: number;
}

/** Most messages first. */
export interface ReportSubject {
  subject: string;
  messages: number;
}

export interface ReportSeverityCount {
  severity: string;
  count: number;
}

/**
 * The child's messages the safety check flagged under one concern category
 * (self_harm, grooming, bullying, violence, sexual, hate, drugs, profanity), most
 * serious first: a count, never what was said.
 */
export interface ReportConcernCount {
  category: string;
  messages: number;
}

/** The week before, for comparison. */
export interface ReportComparison {
  totalMessages: number;
  totalMinutes: number;
  activeDays: number;
}

/**
 * kinds: `streak` (count = longest run of active days), `top_subject` (subject),
 * `most_active_day` (date, count = messages), `new_subject` (subject),
 * `more_than_last_week` / `less_than_last_week` (count = percent change of minutes), `quiet_week`.
 */
export interface ReportHighlight {
  kind: string;
  subject: string | null;
  date: string | null;
  count: number | null;
}

export interface WeeklyReport {
  childId: string;
  nickname: string;
  weekStart: string;
  weekEnd: string;
  timeZone: string;
  /** false while the week is still running. */
  complete: boolean;
  days: ReportDay[];
  totalMessages: number;
  totalMinutes: number;
  activeDays: number;
  conversations: number;
  subjects: ReportSubject[];
  previous: ReportComparison;
  safetyAlerts: ReportSeverityCount[];
  concerns: ReportConcernCount[];
  highlights: ReportHighlight[];
}

const REPORT = [
  'childId nickname weekStart weekEnd timeZone complete',
  'days { date messages minutes }',
  'totalMessages totalMinutes activeDays conversations',
  'subjects { subject messages }',
  'previous { totalMessages totalMinutes activeDays }',
  'safetyAlerts { severity count }',
  'concerns { category messages }',
  'highlights { kind subject date count }',
].join(' ');

export const reportsApi = (client: GraphQLClient) => ({
  /**
   * The week that contains `weekOf` (YYYY-MM-DD), or the current week without it.
   * Parents of the child's family only: anyone else gets NOT_FOUND.
   */
  weekly: async (childId: string, weekOf: string | null = null): Promise<Optional<WeeklyReport>> => {
    const result = await optional<{ weeklyReport: WeeklyReport }>(
      client,
      `query WeeklyReport($childId: ID!, $weekOf: String) { weeklyReport(childId: $childId, weekOf: $weekOf) { ${REPORT} } }`,
      { childId, weekOf },
    );
    return result.available ? { available: true, value: result.value.weeklyReport } : result;
  },
});

export type ReportsApi = ReturnType<typeof reportsApi>;
