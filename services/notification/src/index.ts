import { type ServiceDefinition, systemClock } from '@manabee/kernel';
import { graphqlContribution } from './api/graphql';
import { notificationRoutes } from './api/routes';
import { kernelEmail, sendgridEmail } from './channels/email';
import { fcmSender, webPushSender } from './channels/push';
import { twilioSms } from './channels/sms';
import { createDeliverer, type Senders } from './delivery';
import { createDispatcher, DELIVER_QUEUE, DISPATCH_QUEUE, type NotifyInput } from './dispatch';
import { createFamilyData } from './family-data';
import { createFollowups, DIGEST_QUEUE, REMINDER_QUEUE } from './followups';
import { notificationMetrics } from './metrics';
import type { NotificationDeps } from './ports';
import { createPreferences } from './preferences';
import { createReportNotices } from './reports';
import { type DeliveryLogFilter, deliveryLog } from './store';
import { previewTemplate } from './templates/index';

export { checkVariables, type NotifyInput, planChannels } from './dispatch';
export { isQuiet, localParts, quietHoursEnd } from './domain/quiet-hours';
export { fill, placeholdersOf, TemplateVariableMissing } from './domain/render';
export { signUnsubscribe, verifyUnsubscribe } from './domain/unsubscribe';
export * from './domain/workflows';
export type { FamilyScope, NotificationFamilyExport } from './family-data';
export type * from './ports';
export { weeklyReportLink } from './reports';
export type { DeliveryRow, DeliveryStatus, InboxItem } from './store';
export {
  LOCALES,
  previewTemplate,
  type RenderedMessage,
  renderMessage,
  resolveLocale,
  TEMPLATES,
} from './templates/index';

export type NotificationService = ReturnType<typeof createNotificationService>;

/**
 * Turns events and requests from other services into messages people
 * receive: the in-app inbox at once, then email, SMS and push as delivery
 * jobs — each (event, recipient, channel) sent once, retried when a provider
 * stumbles, recorded when it refuses. Call before the bus and jobs start.
 */
export function createNotificationService(deps: NotificationDeps) {
  const clock = deps.clock ?? systemClock;
  const { config } = deps;
  const metrics = notificationMetrics(deps.registry);
  const fromHost = new URL(config.publicUrl).hostname;
  const senders: Senders = {
    email: config.sendgrid
      ? sendgridEmail({ ...config.sendgrid, from: config.sendgrid.from ?? `Manabee <no-reply@${fromHost}>` })
      : kernelEmail(deps.mail),
    sms: config.twilio ? twilioSms(config.twilio) : undefined,
    webPush: config.webPush ? webPushSender(config.webPush) : undefined,
    fcm: config.fcm ? fcmSender(config.fcm) : undefined,
  };
  const available = {
    sms: senders.sms !== undefined,
    webPush: senders.webPush !== undefined,
    fcm: senders.fcm !== undefined,
  };
  const dispatcher = createDispatcher(deps, clock, metrics, available);
  const deliver = createDeliverer(deps, clock, metrics, senders);
  const followups = createFollowups(deps, clock, dispatcher);
  const preferences = createPreferences(deps, clock);
  const familyData = createFamilyData(deps);
  const reportNotices = createReportNotices(deps, dispatcher);

  deps.jobs.define<NotifyInput>(DISPATCH_QUEUE, (job) => dispatcher.dispatch(job.payload), {
    maxAttempts: 8,
    concurrency: 4,
  });
  deps.jobs.define<{ deliveryId: string }>(DELIVER_QUEUE, deliver, {
    maxAttempts: config.retry?.maxAttempts ?? 6,
    backoffBaseMs: config.retry?.backoffBaseMs ?? 30_000,
    backoffMaxMs: config.retry?.backoffMaxMs ?? 30 * 60_000,
    timeoutMs: 60_000,
    concurrency: 8,
  });
  deps.jobs.define<{ alertId: string }>(REMINDER_QUEUE, (job) => followups.remind(job.payload.alertId));
  deps.jobs.define(DIGEST_QUEUE, async () => {
    await followups.sendDigests();
  });
  deps.bus.subscribe('notification', ['safety.alert.raised'], followups.onAlertRaised);
  deps.bus.subscribe('notification-reports', ['report.weekly.ready'], reportNotices.onWeeklyReportReady);

  const service = {
    /** Queue a notification (other services; pass your transaction to send only on commit). */
    notify: dispatcher.notify,
    /** The safety service calls this when a parent acknowledges an alert: reminders stop. */
    markAlertAcknowledged: followups.markAlertAcknowledged,
    /** Sends the digests that are due now (the hourly job; tests and CLI). */
    sendDigests: followups.sendDigests,
    previewTemplate,
    /** What browsers subscribe with (`applicationServerKey`); null when Web Push is not configured. */
    webPushPublicKey: (): string | null => config.webPush?.publicKey ?? null,
    deliveryLog: (filter: Partial<DeliveryLogFilter> = {}) =>
      deliveryLog(deps.database.db, { ...filter, limit: Math.min(Math.max(filter.limit ?? 50, 1), 200) }),
    /** Live in-app notifications, after commit (feeds the GraphQL subscription). */
    onNotificationAdded: dispatcher.onAdded,
    refreshMetrics: dispatcher.refreshQueueDepth,
    ...preferences,
    /** Deletes the guardian's notification rows and the family's alert reminders in the caller's transaction. */
    eraseFamily: familyData.eraseFamily,
    /** The guardian's inbox, choices, devices (kind only) and delivery history, for the parent's export. */
    exportFamilyData: familyData.exportFamilyData,
    definition(): ServiceDefinition {
      return {
        name: 'notification',
        graphql: graphqlContribution(service),
        routes: notificationRoutes(deps, clock),
        schedules: [{ queue: DIGEST_QUEUE, cron: '0 * * * *' }],
      };
    },
  };
  return service;
}
