import { AppError, type Clock, type Principal } from '@manabee/kernel';
import {
  type ConcernCount,
  concernsOf,
  type Highlight,
  highlightsOf,
  type ReportDay,
  rankSubjects,
  reportDays,
  type SubjectCount,
  totalsOf,
  type WeekTotals,
} from './domain/summary';
import { addDays, dateValue, localTime, type Week, weekAt, weekContaining } from './domain/week';
import type { ReportDeps } from './ports';

export interface WeeklyReport extends WeekTotals {
  childId: string;
  nickname: string;
  weekStart: string;
  weekEnd: string;
  timeZone: string;
  complete: boolean;
  days: ReportDay[];
  conversations: number;
  subjects: SubjectCount[];
  previous: WeekTotals;
  safetyAlerts: Array<{ severity: string; count: number }>;
  /** The child's messages flagged per concern category (most serious first), zeros left out: counts only. */
  concerns: ConcernCount[];
  highlights: Highlight[];
}

/** How far back "a new subject" looks. */
export const EARLIER_WEEKS = 4;
// Weeks before this are not kept by anyone; asking for them is a mistake.
const FIRST_DATE = '2020-01-01';

/** A child's week, read from chat and safety as aggregates and put together here. */
export function createReports(deps: ReportDeps, clock: Clock) {
  async function weeklyReport(
    principal: Principal | null,
    input: { childId: string; weekOf?: string | null | undefined },
  ): Promise<WeeklyReport> {
    const child = await deps.children.childProfile(input.childId);
    // An unknown child is asked about like another family's: the refusal is the same.
    deps.authorize(principal, 'report.read', { type: 'report', familyId: child?.familyId ?? '' });
    if (!child) throw new AppError('NOT_FOUND', { detail: 'Child was not found' });

    const now = clock.now();
    const current = weekAt(now, child.timeZone);
    const week = input.weekOf ? requestedWeek(input.weekOf, current, child.timeZone) : current;
    const earlierFrom = addDays(week.start, -7 * EARLIER_WEEKS);
    const [activity, earlier, alerts] = await Promise.all([
      deps.activity.activityOf(child.childId, { from: week.start, to: week.end, timeZone: child.timeZone }),
      deps.activity.activityOf(child.childId, {
        from: earlierFrom,
        to: addDays(week.start, -1),
        timeZone: child.timeZone,
      }),
      deps.alerts.alertCountsOf(child.childId, week.from, week.to),
    ]);

    const days = reportDays(week.days, activity.days);
    const previousDays = Array.from({ length: 7 }, (_, i) => addDays(week.start, i - 7));
    const previous = totalsOf(reportDays(previousDays, earlier.days));
    const subjects = rankSubjects(activity.subjects);
    return {
      childId: child.childId,
      nickname: child.nickname,
      weekStart: week.start,
      weekEnd: week.end,
      timeZone: child.timeZone,
      complete: now.getTime() >= week.to.getTime(),
      days,
      ...totalsOf(days),
      conversations: activity.conversationsStarted,
      subjects,
      previous,
      safetyAlerts: alerts.filter((entry) => entry.count > 0),
      concerns: concernsOf(activity.concerns),
      highlights: highlightsOf({
        days,
        subjects,
        previous,
        earlierSubjects: new Set(earlier.subjects.filter((s) => s.messages > 0).map((s) => s.subject)),
      }),
    };
  }

  return { weeklyReport };
}

/** The week holding `weekOf`: a real date, not before 2020 and not after the family's current week. */
function requestedWeek(weekOf: string, current: Week, timeZone: string): Week {
  const invalid = (message: string) =>
    new AppError('VALIDATION_FAILED', { detail: message, issues: [{ path: 'weekOf', message }] });
  if (dateValue(weekOf) === null) throw invalid('must be a date, YYYY-MM-DD');
  if (weekOf < FIRST_DATE) throw invalid(`must be on or after ${FIRST_DATE}`);
  if (weekOf > current.end) throw invalid('must not be after the current week');
  return weekContaining(weekOf, timeZone);
}

/** Last week in the zone at `now`: the one a Monday-morning notice is about. */
export function lastWeekAt(now: Date, timeZone: string): Week {
  return weekContaining(addDays(localTime(now, timeZone).date, -7), timeZone);
}
