import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { eventSchemas } from '@manabee/contracts';
import {
  type Clock,
  createEventBus,
  createJobQueue,
  createLogger,
  createMailTransport,
  type Database,
  newId,
  sql,
} from '@manabee/kernel';
import { Registry } from 'prom-client';
import webpush from 'web-push';
import { createNotificationService, type NotificationConfig, type Recipient } from '../src/index';

export const logger = createLogger({ level: 'silent' });

/** The auth service's side, as a map. */
export class Directory {
  readonly people = new Map<string, Recipient>();
  readonly families = new Map<string, string[]>();
  readonly children = new Map<string, string>();

  addParent(familyId: string, person: Partial<Recipient> = {}): Recipient {
    const recipient: Recipient = {
      userId: newId('usr'),
      email: `parent-${randomBytes(3).toString('hex')}@example.test`,
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
      ...person,
    };
    this.people.set(recipient.userId, recipient);
    this.families.set(familyId, [...(this.families.get(familyId) ?? []), recipient.userId]);
    return recipient;
  }

  recipientsForFamily = async (familyId: string) =>
    (this.families.get(familyId) ?? []).map((userId) => this.people.get(userId)!);
  recipient = async (userId: string) => this.people.get(userId) ?? null;
  childName = async (childId: string) => this.children.get(childId) ?? null;
}

export interface WorldOptions {
  database: Database;
  config: Partial<NotificationConfig>;
  smtpUrl?: string;
  clock?: Clock;
}

export function buildWorld(options: WorldOptions) {
  const { database } = options;
  const registry = new Registry();
  const clock = options.clock;
  const jobs = createJobQueue({
    database,
    logger,
    registry,
    pollIntervalMs: 20,
    ...(clock ? { clock } : {}),
    random: () => 0.5,
  });
  const bus = createEventBus({
    database,
    jobs,
    logger,
    registry,
    schemas: eventSchemas,
    pollIntervalMs: 20,
    ...(clock ? { clock } : {}),
  });
  const directory = new Directory();
  const mail = createMailTransport({
    smtpUrl: options.smtpUrl,
    from: 'Manabee <no-reply@manabee.test>',
    outboxDir: '/tmp/manabee-notification-test-mail',
  });
  const service = createNotificationService({
    database,
    mail,
    jobs,
    bus,
    logger,
    registry,
    ...(clock ? { clock } : {}),
    recipients: directory,
    config: {
      publicUrl: 'https://manabee.test',
      unsubscribeSecret: randomBytes(32),
      retry: { maxAttempts: 4, backoffBaseMs: 1, backoffMaxMs: 2 },
      ...options.config,
    },
  });

  /** Relays and runs jobs until nothing is left that is due now. */
  async function drain(): Promise<void> {
    let idleRounds = 0;
    for (let round = 0; round < 200 && idleRounds < 3; round += 1) {
      const relayed = await bus.relayOnce();
      const ran = await jobs.runDue();
      const busy = relayed.published + ran.completed + ran.failed > 0;
      idleRounds = busy ? 0 : idleRounds + 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async function raiseAlert(input: {
    familyId: string;
    severity: 'low' | 'medium' | 'high' | 'critical';
    alertId?: string;
  }) {
    const alertId = input.alertId ?? newId('alr');
    await database.transaction((tx) =>
      bus.publish(tx, 'safety.alert.raised', {
        alertId,
        familyId: input.familyId,
        childId: newId('chd'),
        severity: input.severity,
        category: 'self_harm',
        raisedAt: new Date().toISOString(),
      }),
    );
    return alertId;
  }

  /** Publishes `report.weekly.ready`; returns the event id. */
  async function announceWeeklyReport(input: { familyId: string; childId: string; weekStart: string }) {
    return (await database.transaction((tx) => bus.publish(tx, 'report.weekly.ready', input))).id;
  }

  async function deliveries(userId: string) {
    return service.deliveryLog({ userId, limit: 200 });
  }

  return {
    jobs,
    bus,
    service,
    directory,
    registry,
    mail,
    drain,
    raiseAlert,
    announceWeeklyReport,
    deliveries,
  };
}

export async function deadLettersFor(database: Database, queue: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from dead_letters
    where source = ${queue}`.execute(database.db);
  return rows[0]?.count ?? 0;
}

export function vapidKeys() {
  return webpush.generateVAPIDKeys();
}

/** A browser's subscription keys (P-256 public key and auth secret). */
export function browserKeys(): { p256dh: string; auth: string } {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x!, 'base64url'),
    Buffer.from(jwk.y!, 'base64url'),
  ]);
  return { p256dh: raw.toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

export function serviceAccountKey(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
