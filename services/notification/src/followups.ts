import type { Clock, Tx } from '@manabee/kernel';
import type { Dispatcher } from './dispatch';
import { localParts } from './domain/quiet-hours';
import { workflowForSeverity } from './domain/workflows';
import type { AlertRaisedEvent, NotificationDeps } from './ports';
import {
  acknowledgeAlert,
  alertReminder,
  claimDigestItems,
  countReminder,
  trackCriticalAlert,
  usersWithPendingDigest,
} from './store-alerts';

export const DIGEST_QUEUE = 'notification.digest';
export const REMINDER_QUEUE = 'notification.alert-reminder';
/** Re-notify at most this many times; after that the operators' review queue owns it. */
const MAX_REMINDERS = 3;
const STALE_DIGEST_MS = 26 * 3600_000;

/**
 * What happens after an alert: the escalation by severity (issue 4), reminders
 * for critical alerts nobody acknowledged, and the daily digest of the rest.
 */
export function createFollowups(deps: NotificationDeps, clock: Clock, dispatcher: Dispatcher) {
  const { database, jobs, config } = deps;
  const reminderAfterMs = config.alertReminderAfterMs ?? 15 * 60_000;
  const digestHour = config.digestHour ?? 18;
  const alertLink = (alertId: string) => `${config.publicUrl.replace(/\/$/, '')}/family/alerts/${alertId}`;

  /** The bus handler: runs in the inbox transaction, so everything it queues happens once. */
  async function onAlertRaised(event: AlertRaisedEvent, tx: Tx): Promise<void> {
    const alert = event.payload;
    await dispatcher.notify(
      {
        type: workflowForSeverity(alert.severity),
        to: { familyId: alert.familyId },
        vars: { link: alertLink(alert.alertId) },
        key: alert.alertId,
      },
      tx,
    );
    if (alert.severity !== 'critical') return;
    const tracked = await trackCriticalAlert(tx, {
      alertId: alert.alertId,
      familyId: alert.familyId,
      severity: alert.severity,
      raisedAt: new Date(alert.raisedAt),
    });
    if (tracked) {
      await jobs.enqueue(
        REMINDER_QUEUE,
        { alertId: alert.alertId },
        { uniqueKey: `${alert.alertId}:1`, delayMs: reminderAfterMs },
        tx,
      );
    }
  }

  async function remind(alertId: string): Promise<void> {
    const row = await alertReminder(database.db, alertId);
    if (!row || row.acknowledgedAt || row.remindersSent >= MAX_REMINDERS) return;
    const next = row.remindersSent + 1;
    await database.transaction(async (tx) => {
      await countReminder(tx, alertId);
      await dispatcher.notify(
        {
          type: 'alert_reminder',
          to: { familyId: row.familyId },
          vars: { link: alertLink(alertId) },
          key: `${alertId}:${next}`,
        },
        tx,
      );
      if (next < MAX_REMINDERS) {
        await jobs.enqueue(
          REMINDER_QUEUE,
          { alertId },
          { uniqueKey: `${alertId}:${next + 1}`, delayMs: reminderAfterMs },
          tx,
        );
      }
    });
  }

  /**
   * Hourly: a parent whose local clock reads the digest hour gets one email for
   * everything pending; items older than a day go anyway (a missed run, a zone change).
   */
  async function sendDigests(): Promise<number> {
    const now = clock.now();
    let sent = 0;
    for (const pending of await usersWithPendingDigest(database.db)) {
      const recipient = await deps.recipients.recipient(pending.userId);
      if (!recipient) continue;
      const local = localParts(now, recipient.timeZone);
      const stale = now.getTime() - new Date(pending.oldest).getTime() >= STALE_DIGEST_MS;
      if (local.hour !== digestHour && !stale) continue;
      await database.transaction(async (tx) => {
        const count = await claimDigestItems(tx, pending.userId, now);
        if (count === 0) return;
        await dispatcher.notify(
          {
            type: 'safety_digest',
            to: { userId: pending.userId },
            vars: { count: String(count), link: `${config.publicUrl.replace(/\/$/, '')}/family/alerts` },
            key: `${pending.userId}:${local.date}:${now.getTime()}`,
          },
          tx,
        );
        sent += 1;
      });
    }
    return sent;
  }

  return {
    onAlertRaised,
    remind,
    sendDigests,
    markAlertAcknowledged: (alertId: string) => acknowledgeAlert(database.db, alertId, clock.now()),
  };
}
