import type { Clock, Database, Logger } from '@manabee/kernel';
import { isReportTime, type Week } from './domain/week';
import type { ReportDeps } from './ports';
import { lastWeekAt } from './reports';
import { markWeekAnnounced } from './store';

export const WEEKLY_QUEUE = 'report.weekly';

/**
 * The hourly run: in every zone where it is now Monday, 08:00 or later, each child's
 * week that just ended is announced (`report.weekly.ready`) once. The mark
 * and the event commit together, so a retried or doubled run announces nothing twice.
 */
export function createWeeklyNotices(
  deps: Pick<ReportDeps, 'children' | 'publish'> & { database: Database; logger: Logger },
  clock: Clock,
) {
  async function announceReadyWeeks(): Promise<number> {
    const now = clock.now();
    const zones = (await deps.children.timeZonesInUse()).filter((zone) => isReportTime(now, zone));
    if (zones.length === 0) return 0;
    const weeks = new Map<string, Week>(zones.map((zone) => [zone, lastWeekAt(now, zone)]));
    let announced = 0;
    let failed = 0;
    for (const child of await deps.children.childrenInTimeZones(zones)) {
      const week = weeks.get(child.timeZone);
      // A child added after the week ended has no week to read yet.
      if (!week || child.createdAt.getTime() >= week.to.getTime()) continue;
      try {
        const sent = await deps.database.transaction(async (tx) => {
          if (!(await markWeekAnnounced(tx, { childId: child.childId, weekStart: week.start, now })))
            return false;
          await deps.publish(tx, 'report.weekly.ready', {
            familyId: child.familyId,
            childId: child.childId,
            weekStart: week.start,
          });
          return true;
        });
        if (sent) announced += 1;
      } catch (error) {
        // One family's failure does not hold back the others; the retry picks up what is left.
        failed += 1;
        deps.logger.warn({ err: error, childId: child.childId }, 'weekly report notice failed');
      }
    }
    deps.logger.info({ zones: zones.length, announced, failed }, 'weekly reports announced');
    if (failed > 0) throw new Error(`${failed} weekly report notices failed; the job runs again`);
    return announced;
  }
  return { announceReadyWeeks };
}
