import { newId, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts, verifyUnsubscribe } from '../src/index';
import { FakeSmtp } from './fakes';
import { buildWorld, waitFor } from './harness';
import { header, part, subject } from './mime';

let testDb: TestDatabase;
const smtp = new FakeSmtp();
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
let world: ReturnType<typeof buildWorld>;
const secret = Buffer.alloc(32, 7);

beforeAll(async () => {
  testDb = await createTestDatabase();
  await smtp.start();
  world = buildWorld({
    database: testDb.database,
    smtpUrl: smtp.url,
    clock,
    config: { unsubscribeSecret: secret, alertReminderAfterMs: 60_000, digestHour: 18 },
  });
});

afterAll(async () => {
  await world?.mail.close();
  await smtp.stop();
  await testDb?.drop();
});

const mailTo = (address: string) => smtp.messages.filter((message) => message.to.includes(address));

describe(`notification over SMTP (${backend.database})`, () => {
  it('tells the parent of a critical alert in-app and by email, once, and prints how long it took', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId);
    const added: number[] = [];
    const stop = world.service.onNotificationAdded((item) => {
      if (item.userId === parent.userId) added.push(performance.now());
    });
    await world.bus.start();
    world.jobs.start();
    try {
      // The first alert pays for cold paths (SMTP connection, query plans); the second is the steady state.
      for (const [round, label] of ['cold', 'warm'].entries()) {
        const publishedAt = performance.now();
        await world.raiseAlert({ familyId, severity: 'critical' });
        await waitFor(() => added.length === round + 1, 'in-app notification');
        await waitFor(() => mailTo(parent.email).length === round + 1, 'email accepted by SMTP');
        console.log(
          `[${backend.database}] ${label}: safety.alert.raised -> in-app ${(added[round]! - publishedAt).toFixed(1)} ms, -> SMTP accepted ${(mailTo(parent.email)[round]!.receivedAt - publishedAt).toFixed(1)} ms`,
        );
      }
    } finally {
      stop();
      await world.bus.stop();
      await world.jobs.stop();
    }
    await world.drain();
    expect(mailTo(parent.email)).toHaveLength(2);
    const raw = mailTo(parent.email)[0]!.raw;
    expect(subject(raw)).toContain('至急');
    expect(part(raw, 'text/plain')).toContain('https://manabee.test/family/alerts/alr_');
    expect(part(raw, 'text/html')).toContain('<a href="https://manabee.test/family/alerts/alr_');
    // Critical mail carries no unsubscribe: a parent cannot opt out of an emergency.
    expect(header(raw, 'list-unsubscribe')).toBeUndefined();
    const inbox = await world.service.inbox(parent.userId);
    expect(inbox).toHaveLength(2);
    expect(inbox[0]!.type).toBe('safety_alert_critical');
  });

  it('delivers a duplicated event once', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId);
    const alertId = newId('alr');
    await world.raiseAlert({ familyId, severity: 'high', alertId });
    await world.raiseAlert({ familyId, severity: 'high', alertId });
    await world.drain();
    await world.raiseAlert({ familyId, severity: 'high', alertId });
    await world.drain();
    expect(mailTo(parent.email)).toHaveLength(1);
    expect(await world.service.inbox(parent.userId)).toHaveLength(1);
    const log = await world.deliveries(parent.userId);
    expect(log.map((row) => `${row.channel}:${row.status}`).sort()).toEqual([
      'email:sent',
      'in_app:delivered',
    ]);
  });

  it('writes in each parent’s language, falls back to ja for an unknown one, and signs the unsubscribe link', async () => {
    const familyId = newId('fam');
    const english = world.directory.addParent(familyId, { locale: 'en' });
    const korean = world.directory.addParent(familyId, { locale: 'ko' });
    const unknown = world.directory.addParent(familyId, { locale: 'fr-FR' });
    await world.raiseAlert({ familyId, severity: 'high' });
    await world.drain();
    expect(subject(mailTo(english.email)[0]!.raw)).toBe(
      'Something in your child’s conversation needs your attention',
    );
    expect(subject(mailTo(korean.email)[0]!.raw)).toBe('자녀의 대화에 확인이 필요한 내용이 있습니다');
    expect(subject(mailTo(unknown.email)[0]!.raw)).toBe('お子さまの会話で確認が必要なことがあります');
    const raw = mailTo(english.email)[0]!.raw;
    expect(header(raw, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = /<([^>]+)>/.exec(header(raw, 'list-unsubscribe') ?? '')?.[1];
    const token = new URL(url!).searchParams.get('token');
    expect(verifyUnsubscribe(token, secret)).toEqual({ userId: english.userId, category: 'safety' });
    expect((await world.service.inbox(english.userId))[0]!.title).toBe(
      'Something in your child’s conversation needs your attention',
    );
  });

  it('respects an email opt-out for high alerts but not for critical ones', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId);
    await world.service.setPreference(parent.userId, 'safety', 'email', false);
    await world.raiseAlert({ familyId, severity: 'high' });
    await world.drain();
    expect(mailTo(parent.email)).toHaveLength(0);
    expect(await world.service.inbox(parent.userId)).toHaveLength(1);
    await world.raiseAlert({ familyId, severity: 'critical' });
    await world.drain();
    expect(mailTo(parent.email)).toHaveLength(1);
  });

  it('escapes variables in HTML and leaves account mail without an unsubscribe link', async () => {
    const parent = world.directory.addParent(newId('fam'), { locale: 'en' });
    await world.service.notify({
      type: 'weekly_report_ready',
      to: { userId: parent.userId },
      vars: { childName: '<b>Hana</b>', link: 'https://manabee.test/r?a=1&b=2' },
      key: newId('rpt'),
    });
    await world.service.notify({
      type: 'account_verification',
      to: { userId: parent.userId },
      vars: { code: '123456', link: 'https://manabee.test/verify' },
      key: 'verify-1',
    });
    await world.drain();
    const report = mailTo(parent.email).find((message) => subject(message.raw).includes('weekly report'));
    const verification = mailTo(parent.email).find((message) => subject(message.raw).includes('Confirm'));
    expect(part(report!.raw, 'text/html')).toContain('&lt;b&gt;Hana&lt;/b&gt;');
    expect(part(report!.raw, 'text/html')).toContain('href="https://manabee.test/r?a=1&amp;b=2"');
    expect(part(report!.raw, 'text/plain')).toContain('<b>Hana</b>');
    expect(header(report!.raw, 'list-unsubscribe')).toBeDefined();
    expect(subject(verification!.raw)).toBe('Confirm your email address');
    expect(header(verification!.raw, 'list-unsubscribe')).toBeUndefined();
    await expect(
      world.service.notify({ type: 'password_reset', to: { userId: parent.userId }, vars: {}, key: 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('batches low and medium alerts into one daily digest at the parent’s digest hour', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId, { timeZone: 'America/New_York', locale: 'es' });
    await world.raiseAlert({ familyId, severity: 'low' });
    await world.raiseAlert({ familyId, severity: 'medium' });
    await world.drain();
    expect(await world.service.inbox(parent.userId)).toHaveLength(2);
    expect(mailTo(parent.email)).toHaveLength(0);
    // Not yet 18:00 in New York: nothing goes.
    offsetMs = offsetUntilLocalHour('America/New_York', 10);
    expect(await world.service.sendDigests()).toBe(0);
    offsetMs = offsetUntilLocalHour('America/New_York', 18);
    expect(await world.service.sendDigests()).toBe(1);
    await world.drain();
    expect(await world.service.sendDigests()).toBe(0);
    offsetMs = 0;
    const digests = mailTo(parent.email);
    expect(digests).toHaveLength(1);
    expect(subject(digests[0]!.raw)).toBe('Avisos de hoy (2)');
  });

  it('re-notifies an unacknowledged critical alert and stops once acknowledged', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId);
    const ignored = await world.raiseAlert({ familyId, severity: 'critical' });
    const seen = await world.raiseAlert({ familyId, severity: 'critical' });
    await world.drain();
    expect(mailTo(parent.email)).toHaveLength(2);
    expect(await world.service.markAlertAcknowledged(seen)).toBe(true);
    offsetMs = 61_000;
    await world.drain();
    offsetMs = 0;
    const reminders = mailTo(parent.email).filter((message) => subject(message.raw).includes('再通知'));
    expect(reminders).toHaveLength(1);
    expect(part(reminders[0]!.raw, 'text/plain')).toContain(ignored);
  });

  it('records a refused address once and does not retry it', async () => {
    const familyId = newId('fam');
    const refused = world.directory.addParent(familyId);
    const malformed = world.directory.addParent(familyId, { email: 'not-an-address' });
    smtp.rejected.add(refused.email);
    await world.raiseAlert({ familyId, severity: 'high' });
    await world.drain();
    const [refusedEmail] = (await world.deliveries(refused.userId)).filter((row) => row.channel === 'email');
    expect(refusedEmail).toMatchObject({ status: 'failed', errorCode: 'smtp_550', attempts: 1 });
    const [malformedEmail] = (await world.deliveries(malformed.userId)).filter(
      (row) => row.channel === 'email',
    );
    expect(malformedEmail).toMatchObject({ status: 'failed', errorCode: 'invalid_address', attempts: 1 });
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from outbox
      where name = 'notification.delivery.failed'`.execute(testDb.database.db);
    expect(rows[0]!.count).toBeGreaterThanOrEqual(2);
  });
});

/** How far to move the clock so that it is `hour`:30 local time in `timeZone`. */
function offsetUntilLocalHour(timeZone: string, hour: number): number {
  const now = new Date();
  for (let step = 0; step < 48 * 2; step += 1) {
    const candidate = new Date(now.getTime() + step * 30 * 60_000);
    const local = localParts(candidate, timeZone);
    if (local.hour === hour && local.minute % 60 >= 15 && local.minute % 60 < 45)
      return candidate.getTime() - now.getTime();
  }
  throw new Error('no such hour');
}
