/**
 * services/report: what a parent reads about a child's learning. A weekly
 * report is computed when it is read, from chat's and safety's aggregates
 * (counts only, no child text); an hourly job tells each family on Monday
 * morning, in its own zone, that last week's report is ready. The only file
 * other packages import.
 */
import { type Executor, type ServiceDefinition, systemClock } from '@manabee/kernel';
import { graphqlContribution } from './api/graphql';
import type { ReportDeps } from './ports';
import { createReports } from './reports';
import { deleteAnnouncementsOf } from './store';
import { createWeeklyNotices, WEEKLY_QUEUE } from './weekly';

export {
  CHANGE_THRESHOLD_PERCENT,
  CONCERN_CATEGORIES,
  type ConcernCategory,
  type ConcernCount,
  concernsOf,
  HIGHLIGHT_KINDS,
  type Highlight,
  type HighlightKind,
  highlightsOf,
  longestStreak,
  MAX_NEW_SUBJECTS,
  percentChange,
  type ReportDay,
  rankSubjects,
  reportDays,
  totalsOf,
} from './domain/summary';
export {
  addDays,
  isReportTime,
  localTime,
  mondayOf,
  startOfLocalDay,
  type Week,
  weekAt,
  weekContaining,
} from './domain/week';
export type * from './ports';
export { EARLIER_WEEKS, lastWeekAt, type WeeklyReport } from './reports';
export { WEEKLY_QUEUE } from './weekly';

export function createReportService(deps: ReportDeps) {
  const clock = deps.clock ?? systemClock;
  const reports = createReports(deps, clock);
  const notices = createWeeklyNotices(deps, clock);
  return {
    /** A child's week for a parent of the family (the current week by default). */
    weeklyReport: reports.weeklyReport,
    /** The hourly job's work: announces last week's reports where it is Monday 08:xx; returns how many. */
    announceReadyWeeks: notices.announceReadyWeeks,
    /** Forgets which of the family's weeks were announced, in the caller's transaction (on `auth.family.deleted`). */
    eraseFamily: async (tx: Executor, family: { childIds: readonly string[] }) => ({
      report_weekly_sent: await deleteAnnouncementsOf(tx, family.childIds),
    }),
    definition(): ServiceDefinition {
      return {
        name: 'report',
        graphql: graphqlContribution(reports),
        jobs: [
          {
            queue: WEEKLY_QUEUE,
            handler: async () => {
              await notices.announceReadyWeeks();
            },
            maxAttempts: 3,
            timeoutMs: 10 * 60_000,
          },
        ],
        schedules: [{ queue: WEEKLY_QUEUE, cron: '5 * * * *' }],
      };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
