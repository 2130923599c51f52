import { EventEmitter } from 'node:events';
import { AppError, type Clock, type Executor, newId } from '@manabee/kernel';
import { type QuietHours, quietHoursEnd } from './domain/quiet-hours';
import { TemplateVariableMissing } from './domain/render';
import {
  type Category,
  type Channel,
  defaultPreference,
  type NotificationType,
  WORKFLOWS,
  type Workflow,
} from './domain/workflows';
import type { NotificationMetrics } from './metrics';
import type { NotificationDeps, Recipient } from './ports';
import {
  type InboxItem,
  insertDelivery,
  insertInboxItem,
  pendingByChannel,
  preferencesOf,
  quietHoursOf,
} from './store';
import { addDigestItem } from './store-alerts';
import { type PushSubscriptionRow, pushSubscriptionsOf } from './store-push';
import { renderMessage } from './templates/index';

export const DISPATCH_QUEUE = 'notification.dispatch';
export const DELIVER_QUEUE = 'notification.deliver';

export type Audience = { familyId: string } | { userId: string };

export interface NotifyInput {
  type: NotificationType;
  to: Audience;
  vars: Record<string, string>;
  /** What makes this notification unique (an event or alert id); a repeat with the same key is sent once. */
  key: string;
}

/** Throws VALIDATION_FAILED unless every variable the workflow's templates use has a value. */
export function checkVariables(type: NotificationType, vars: Record<string, string>): void {
  const missing = WORKFLOWS[type].variables.filter((name) => typeof vars[name] !== 'string');
  if (missing.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      detail: `notification ${type} needs ${missing.join(', ')}`,
      issues: missing.map((name) => ({ path: `vars.${name}`, message: 'required' })),
    });
  }
}

export interface ChannelAvailability {
  sms: boolean;
  webPush: boolean;
  fcm: boolean;
}

/** Which channels a person gets for a workflow: pure, so the rules are unit-tested. */
export function planChannels(input: {
  workflow: Workflow;
  recipient: Recipient;
  preferences: ReadonlyArray<{ category: Category; channel: Channel; enabled: boolean }>;
  pushTargets: ReadonlyArray<Pick<PushSubscriptionRow, 'kind'>>;
  available: ChannelAvailability;
}): Channel[] {
  const { workflow, recipient, preferences, pushTargets, available } = input;
  const hasChannel = (channel: Channel): boolean => {
    if (channel === 'sms') return available.sms && recipient.phone !== undefined && recipient.phone !== '';
    if (channel === 'push') {
      return pushTargets.some((target) => (target.kind === 'fcm' ? available.fcm : available.webPush));
    }
    return true;
  };
  const wanted = (channel: Channel): boolean => {
    // Critical alerts reach every channel the parent has; account mail cannot be switched off.
    if (workflow.critical || workflow.category === 'account') return true;
    const chosen = preferences.find(
      (entry) => entry.category === workflow.category && entry.channel === channel,
    );
    return chosen ? chosen.enabled : defaultPreference(workflow.category, channel);
  };
  return workflow.channels.filter((channel) => hasChannel(channel) && wanted(channel));
}

export function createDispatcher(
  deps: NotificationDeps,
  clock: Clock,
  metrics: NotificationMetrics,
  available: ChannelAvailability,
) {
  const { database, jobs } = deps;
  const added = new EventEmitter<{ added: [InboxItem] }>();
  added.setMaxListeners(0);

  async function audienceOf(to: Audience): Promise<Recipient[]> {
    if ('familyId' in to) return deps.recipients.recipientsForFamily(to.familyId);
    const one = await deps.recipients.recipient(to.userId);
    return one ? [one] : [];
  }

  /** Queues a notification; pass a transaction to send it only if that change commits. */
  async function notify(input: NotifyInput, executor?: Executor): Promise<void> {
    checkVariables(input.type, input.vars);
    await jobs.enqueue(DISPATCH_QUEUE, input, { uniqueKey: `${input.type}:${input.key}` }, executor);
  }

  /** Fans a notification out to its audience: in-app now, other channels as delivery jobs. */
  async function dispatch(input: NotifyInput): Promise<void> {
    const workflow = WORKFLOWS[input.type];
    for (const recipient of await audienceOf(input.to)) {
      const [preferences, quiet, pushTargets] = await Promise.all([
        preferencesOf(database.db, recipient.userId),
        quietHoursOf(database.db, recipient.userId),
        pushSubscriptionsOf(database.db, recipient.userId),
      ]);
      const channels = planChannels({ workflow, recipient, preferences, pushTargets, available });
      const item = await database.transaction((tx) =>
        fanOut(tx, input, workflow, recipient, channels, quiet),
      );
      if (item) added.emit('added', item);
    }
    await refreshQueueDepth();
  }

  async function fanOut(
    tx: Executor,
    input: NotifyInput,
    workflow: Workflow,
    recipient: Recipient,
    channels: Channel[],
    quiet: QuietHours | null,
  ): Promise<InboxItem | null> {
    const now = clock.now();
    const notificationId = newId('ntf');
    const dedupe = (channel: Channel) => `${input.type}:${input.key}:${recipient.userId}:${channel}`;
    const base = {
      notificationId,
      userId: recipient.userId,
      type: input.type,
      category: workflow.category,
      locale: recipient.locale,
      vars: input.vars,
      critical: workflow.critical,
      now,
    };
    let item: InboxItem | null = null;
    for (const channel of channels) {
      if (channel === 'in_app') {
        const message = renderMessage(input.type, recipient.locale, input.vars);
        item = await insertInboxItem(tx, {
          id: notificationId,
          userId: recipient.userId,
          type: input.type,
          category: workflow.category,
          title: message.subject,
          body: message.body,
          link: message.link ?? null,
          dedupeKey: `${input.type}:${input.key}`,
          createdAt: now,
        });
        if (!item) return null; // this notification already went out to this person
        await insertDelivery(tx, {
          ...base,
          channel,
          dedupeKey: dedupe(channel),
          status: 'delivered',
          provider: 'inbox',
          runAt: now,
        });
        metrics.latency.observe({ channel: 'in_app' }, 0);
        continue;
      }
      if (workflow.digest && channel === 'email') {
        await addDigestItem(tx, {
          userId: recipient.userId,
          dedupeKey: `${input.type}:${input.key}`,
          category: workflow.category,
          now,
        });
        continue;
      }
      // Quiet hours hold back what makes a phone buzz; critical alerts never wait.
      const runAt =
        !workflow.critical && (channel === 'sms' || channel === 'push')
          ? quietHoursEnd(now, recipient.timeZone, quiet)
          : now;
      const deliveryId = await insertDelivery(tx, { ...base, channel, dedupeKey: dedupe(channel), runAt });
      if (deliveryId) await jobs.enqueue(DELIVER_QUEUE, { deliveryId }, { uniqueKey: deliveryId, runAt }, tx);
    }
    return item;
  }

  async function refreshQueueDepth(): Promise<void> {
    const counts = await pendingByChannel(database.db);
    for (const channel of ['email', 'sms', 'push'] as const) {
      metrics.queueDepth.set({ channel }, counts.find((entry) => entry.channel === channel)?.count ?? 0);
    }
  }

  return {
    notify,
    dispatch,
    refreshQueueDepth,
    onAdded(listener: (item: InboxItem) => void): () => void {
      added.on('added', listener);
      return () => added.off('added', listener);
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
export { TemplateVariableMissing };
