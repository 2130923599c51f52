import type { Clock, Executor } from '@manabee/kernel';
import type { EmailChannel } from './channels/email';
import { DeliveryFailure, isDeliverableEmail, isE164, type SendReceipt } from './channels/failure';
import type { PushMessage, WebPushTarget } from './channels/push';
import type { SmsChannel } from './channels/sms';
import type { ChannelAvailability } from './dispatch';
import { TemplateVariableMissing } from './domain/render';
import { signUnsubscribe } from './domain/unsubscribe';
import { defaultPreference, hasUnsubscribe } from './domain/workflows';
import type { NotificationMetrics } from './metrics';
import type { DeliveryJob, NotificationDeps, Recipient } from './ports';
import { type DeliveryRow, FINAL_STATUSES, getDelivery, preferencesOf, recordAttempt } from './store';
import { pushSubscriptionsOf, removePushSubscription } from './store-push';
import { renderMessage } from './templates/index';

export interface Senders {
  email: EmailChannel;
  sms: SmsChannel | undefined;
  webPush:
    | ((target: WebPushTarget, message: PushMessage, signal?: AbortSignal) => Promise<SendReceipt>)
    | undefined;
  fcm: ((token: string, message: PushMessage, signal?: AbortSignal) => Promise<SendReceipt>) | undefined;
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
}

/**
 * Runs one delivery job. The delivery row is the idempotency record: a row
 * already final is not sent again, whatever the queue does. Permanent failures
 * are recorded and the job ends normally (no retry); transient ones throw so
 * the queue retries with backoff, and the last one lands in dead letters.
 */
export function createDeliverer(
  deps: NotificationDeps,
  clock: Clock,
  metrics: NotificationMetrics,
  senders: Senders,
) {
  const { database, config } = deps;
  const log = deps.logger.child({ component: 'notification.delivery' });

  async function optedOut(row: DeliveryRow): Promise<boolean> {
    if (row.critical || row.category === 'account') return false;
    const chosen = (await preferencesOf(database.db, row.userId)).find(
      (entry) => entry.category === row.category && entry.channel === row.channel,
    );
    return chosen ? !chosen.enabled : !defaultPreference(row.category, row.channel);
  }

  async function send(row: DeliveryRow, recipient: Recipient, signal: AbortSignal): Promise<SendReceipt> {
    if (row.channel === 'email') {
      if (!isDeliverableEmail(recipient.email))
        throw new DeliveryFailure(senders.email.provider, 'invalid_address', true);
      const url = hasUnsubscribe(row.type)
        ? unsubscribeUrl(
            config.publicUrl,
            signUnsubscribe({ userId: row.userId, category: row.category }, config.unsubscribeSecret),
          )
        : undefined;
      const message = renderMessage(row.type, row.locale, row.vars, url ? { unsubscribeUrl: url } : {});
      const headers: Record<string, string> = { 'X-Entity-Ref-ID': row.id };
      if (url) {
        // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to this URL.
        headers['List-Unsubscribe'] = `<${url}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      return senders.email.send(
        {
          to: recipient.email,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers,
          deliveryId: row.id,
        },
        signal,
      );
    }
    const message = renderMessage(row.type, row.locale, row.vars);
    if (row.channel === 'sms') {
      if (!senders.sms) throw new DeliveryFailure('twilio', 'channel_unavailable', true);
      if (!isE164(recipient.phone)) throw new DeliveryFailure('twilio', 'invalid_address', true);
      const callback = `${config.publicUrl.replace(/\/$/, '')}/api/notifications/webhooks/twilio`;
      return senders.sms.send(recipient.phone, message.short, callback);
    }
    if (row.channel === 'push')
      return sendPush(
        row,
        {
          title: message.subject,
          body: message.short,
          link: message.link,
          lang: message.locale,
          tag: row.notificationId ?? row.dedupeKey,
          critical: row.critical,
        },
        signal,
      );
    throw new DeliveryFailure('inbox', 'unsupported_channel', true);
  }

  /** Every device of the person; sent when at least one accepted, so a retry never repeats it there. */
  async function sendPush(row: DeliveryRow, message: PushMessage, signal: AbortSignal): Promise<SendReceipt> {
    const targets = await pushSubscriptionsOf(database.db, row.userId);
    let accepted: SendReceipt | undefined;
    let transient: DeliveryFailure | undefined;
    for (const target of targets) {
      try {
        let receipt: SendReceipt | undefined;
        if (target.kind === 'webpush' && senders.webPush && target.p256dh && target.auth) {
          receipt = await senders.webPush(
            { endpoint: target.target, p256dh: target.p256dh, auth: target.auth },
            message,
            signal,
          );
        } else if (target.kind === 'fcm' && senders.fcm) {
          receipt = await senders.fcm(target.target, message, signal);
        }
        accepted ??= receipt;
      } catch (error) {
        if (!(error instanceof DeliveryFailure)) throw error;
        if (error.code === 'subscription_expired') {
          await removePushSubscription(database.db, target.id);
          log.info(
            { subscriptionId: target.id, provider: error.provider },
            'expired push subscription removed',
          );
        } else if (!error.permanent) {
          transient = error;
        }
      }
    }
    if (accepted) return accepted;
    if (transient) throw transient;
    throw new DeliveryFailure('push', 'no_push_subscription', true);
  }

  async function fail(
    row: DeliveryRow,
    attempts: number,
    failure: DeliveryFailure,
    status: 'failed' | 'dead',
    executor: Executor,
  ) {
    const now = clock.now();
    await recordAttempt(executor, row.id, {
      status,
      attempts,
      provider: failure.provider,
      errorCode: failure.code,
      now,
    });
    if (row.notificationId) {
      await deps.bus.publish(executor, 'notification.delivery.failed', {
        notificationId: row.notificationId,
        recipientId: row.userId,
        channel: row.channel,
        errorCode: failure.code.slice(0, 64),
        attempts,
        failedAt: now.toISOString(),
      });
    }
  }

  return async function deliver(job: DeliveryJob<{ deliveryId: string }>): Promise<void> {
    const row = await getDelivery(database.db, job.payload.deliveryId);
    if (!row || FINAL_STATUSES.includes(row.status)) return;
    const attempts = row.attempts + 1;
    const context = { deliveryId: row.id, channel: row.channel, type: row.type, attempt: attempts };
    try {
      if (await optedOut(row)) {
        await recordAttempt(database.db, row.id, {
          status: 'suppressed',
          attempts: row.attempts,
          errorCode: 'unsubscribed',
          now: clock.now(),
        });
        return;
      }
      const recipient = await deps.recipients.recipient(row.userId);
      if (!recipient) throw new DeliveryFailure('directory', 'recipient_unknown', true);
      const receipt = await send(row, recipient, job.signal);
      const now = clock.now();
      await recordAttempt(database.db, row.id, {
        status: 'sent',
        attempts,
        provider: receipt.provider,
        providerMessageId: receipt.providerMessageId,
        now,
      });
      const dueAt = Math.max(row.createdAt.getTime(), row.runAt.getTime());
      metrics.latency.observe({ channel: row.channel }, Math.max(0, now.getTime() - dueAt) / 1000);
      log.info(context, 'notification sent');
    } catch (error) {
      const failure =
        error instanceof DeliveryFailure
          ? error
          : error instanceof TemplateVariableMissing
            ? new DeliveryFailure('template', 'template_variable_missing', true)
            : new DeliveryFailure(row.channel, 'internal_error', false);
      if (failure.permanent) {
        metrics.failures.inc({ provider: failure.provider, kind: 'permanent' });
        await database.transaction((tx) => fail(row, attempts, failure, 'failed', tx));
        log.warn(
          { ...context, provider: failure.provider, code: failure.code },
          'notification refused; not retrying',
        );
        return;
      }
      if (job.attempt >= job.maxAttempts) {
        metrics.failures.inc({ provider: failure.provider, kind: 'dead' });
        await database.transaction((tx) => fail(row, attempts, failure, 'dead', tx));
        log.error(
          { ...context, provider: failure.provider, code: failure.code },
          'notification out of attempts',
        );
        throw failure;
      }
      metrics.failures.inc({ provider: failure.provider, kind: 'transient' });
      await recordAttempt(database.db, row.id, {
        status: 'retrying',
        attempts,
        provider: failure.provider,
        errorCode: failure.code,
        now: clock.now(),
      });
      if (!(error instanceof DeliveryFailure))
        log.error({ ...context, err: error }, 'notification delivery crashed');
      throw failure;
    }
  };
}

export type { ChannelAvailability };
