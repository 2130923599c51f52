import type { EventPayload, EventPayloadInput } from '@manabee/contracts';
import type { Clock, Database, Executor, Logger, MailTransport, Tx } from '@manabee/kernel';
import type { Registry } from 'prom-client';

/**
 * What notification needs from its neighbours, declared narrowly so the
 * kernel's job queue and event bus (and test doubles) satisfy it structurally.
 */

export interface DeliveryJob<P> {
  payload: P;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  signal: AbortSignal;
}

export interface JobRunner {
  define<P>(
    queue: string,
    handler: (job: DeliveryJob<P>) => Promise<void>,
    options?: {
      maxAttempts?: number;
      backoffBaseMs?: number;
      backoffMaxMs?: number;
      timeoutMs?: number;
      concurrency?: number;
    },
  ): void;
  enqueue(
    queue: string,
    payload: unknown,
    options?: { uniqueKey?: string; runAt?: Date; delayMs?: number },
    executor?: Executor,
  ): Promise<string>;
}

export interface AlertRaisedEvent {
  id: string;
  name: 'safety.alert.raised';
  payload: EventPayload<'safety.alert.raised'>;
  occurredAt: string;
}

export interface WeeklyReportReadyEvent {
  id: string;
  name: 'report.weekly.ready';
  payload: EventPayload<'report.weekly.ready'>;
  occurredAt: string;
}

export interface EventPort {
  subscribe(
    consumer: string,
    names: readonly ['safety.alert.raised'],
    handler: (event: AlertRaisedEvent, tx: Tx) => Promise<void>,
  ): void;
  subscribe(
    consumer: string,
    names: readonly ['report.weekly.ready'],
    handler: (event: WeeklyReportReadyEvent, tx: Tx) => Promise<void>,
  ): void;
  publish(
    executor: Executor,
    name: 'notification.delivery.failed',
    payload: EventPayloadInput<'notification.delivery.failed'>,
  ): Promise<unknown>;
}

export interface Recipient {
  userId: string;
  email: string;
  /** E.164. */
  phone?: string;
  locale: string;
  /** IANA zone, for quiet hours and the digest hour. */
  timeZone: string;
}

/** Satisfied by the auth service. */
export interface RecipientDirectory {
  /** The family's guardians. */
  recipientsForFamily(familyId: string): Promise<Recipient[]>;
  recipient(userId: string): Promise<Recipient | null>;
  /** The name the parent gave the child (for messages to the family); null when there is no such child. */
  childName(childId: string): Promise<string | null>;
}

export interface NotificationConfig {
  /** Where links in messages point, e.g. https://manabee.app */
  publicUrl: string;
  /** HMAC key for one-click unsubscribe links. */
  unsubscribeSecret: Buffer;
  sendgrid?: {
    apiKey: string;
    baseUrl?: string;
    from?: string;
    /** Base64 DER (SPKI) ECDSA key of the signed event webhook; unsigned posts are refused when set. */
    webhookPublicKey?: string;
  };
  twilio?: { accountSid: string; authToken: string; from: string; baseUrl?: string };
  webPush?: { publicKey: string; privateKey: string; subject: string };
  fcm?: { projectId: string; clientEmail: string; privateKey: string; baseUrl?: string; tokenUrl?: string };
  /** Delivery retries: first wait (default 30 s) and cap (default 30 min). */
  retry?: { maxAttempts?: number; backoffBaseMs?: number; backoffMaxMs?: number };
  /** Critical alerts re-notify after this long without an acknowledgement (default 15 min). */
  alertReminderAfterMs?: number;
  /** Local hour the daily digest goes out (default 18). */
  digestHour?: number;
}

export interface NotificationDeps {
  database: Database;
  mail: MailTransport;
  jobs: JobRunner;
  bus: EventPort;
  logger: Logger;
  clock?: Clock;
  registry?: Registry;
  config: NotificationConfig;
  recipients: RecipientDirectory;
}
