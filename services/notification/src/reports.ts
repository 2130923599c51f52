import type { Tx } from '@manabee/kernel';
import type { Dispatcher } from './dispatch';
import type { NotificationDeps, WeeklyReportReadyEvent } from './ports';

/** Where the parent reads a child's week in the web app. */
export function weeklyReportLink(publicUrl: string, childId: string, weekStart: string): string {
  const query = new URLSearchParams({ child: childId, week: weekStart });
  return `${publicUrl.replace(/\/$/, '')}/family/reports?${query}`;
}

/** `report.weekly.ready` -> `weekly_report_ready` to the family's guardians, once per child and week. */
export function createReportNotices(deps: NotificationDeps, dispatcher: Dispatcher) {
  async function onWeeklyReportReady(event: WeeklyReportReadyEvent, tx: Tx): Promise<void> {
    const { familyId, childId, weekStart } = event.payload;
    const childName = await deps.recipients.childName(childId);
    // The child was removed after the report was announced: nobody to tell about.
    if (childName === null) return;
    await dispatcher.notify(
      {
        type: 'weekly_report_ready',
        to: { familyId },
        vars: { childName, link: weeklyReportLink(deps.config.publicUrl, childId, weekStart) },
        key: `${childId}:${weekStart}`,
      },
      tx,
    );
  }
  return { onWeeklyReportReady };
}
