import { newId } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localParts } from '../src/index';
import { FakeProviders } from './fakes';
import { browserKeys, buildWorld, deadLettersFor, serviceAccountKey, vapidKeys } from './harness';

let testDb: TestDatabase;
const fake = new FakeProviders();
let world: ReturnType<typeof buildWorld>;
const twilioSid = `AC${'1'.repeat(32)}`;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await fake.start();
  const vapid = vapidKeys();
  world = buildWorld({
    database: testDb.database,
    config: {
      sendgrid: { apiKey: 'SG.fake', baseUrl: fake.url },
      twilio: { accountSid: twilioSid, authToken: 'twilio-token', from: '+15005550006', baseUrl: fake.url },
      webPush: {
        publicKey: vapid.publicKey,
        privateKey: vapid.privateKey,
        subject: 'mailto:ops@manabee.test',
      },
      fcm: {
        projectId: 'manabee-test',
        clientEmail: 'fcm@manabee.test',
        privateKey: serviceAccountKey(),
        baseUrl: fake.url,
        tokenUrl: `${fake.url}/token`,
      },
    },
  });
});

afterAll(async () => {
  await fake.stop();
  await testDb?.drop();
});

beforeEach(() => fake.reset());

const sendgridTo = (email: string) =>
  fake.requests('/v3/mail/send').filter((request) => request.body.includes(`"email":"${email}"`));

describe(`notification through provider APIs (${backend.database})`, () => {
  it('delivers once through SendGrid after it fails twice', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId, { locale: 'zh-Hant' });
    fake.script('/v3/mail/send', [
      { status: 500 },
      { status: 503 },
      { status: 202, headers: { 'x-message-id': 'sg-final' } },
    ]);
    await world.raiseAlert({ familyId, severity: 'high' });
    await world.drain();
    expect(sendgridTo(parent.email)).toHaveLength(3);
    const body = JSON.parse(sendgridTo(parent.email)[2]!.body) as {
      subject: string;
      headers: Record<string, string>;
      content: Array<{ type: string }>;
    };
    expect(body.subject).toBe('孩子的對話中有需要您關注的內容');
    expect(body.content.map((content) => content.type)).toEqual(['text/plain', 'text/html']);
    expect(body.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const [email] = (await world.deliveries(parent.userId)).filter((row) => row.channel === 'email');
    expect(email).toMatchObject({
      status: 'sent',
      attempts: 3,
      provider: 'sendgrid',
      providerMessageId: 'sg-final',
    });
  });

  it('does not retry a 400', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId);
    fake.script('/v3/mail/send', [{ status: 400, body: { errors: [{ message: 'bad' }] } }]);
    await world.raiseAlert({ familyId, severity: 'high' });
    await world.drain();
    expect(sendgridTo(parent.email)).toHaveLength(1);
    const [email] = (await world.deliveries(parent.userId)).filter((row) => row.channel === 'email');
    expect(email).toMatchObject({ status: 'failed', attempts: 1, errorCode: 'http_400' });
  });

  it('dead-letters after the last attempt', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId);
    fake.script('/v3/mail/send', [{ status: 503 }]);
    const before = await deadLettersFor(testDb.database, 'notification.deliver');
    await world.raiseAlert({ familyId, severity: 'high' });
    await world.drain();
    expect(sendgridTo(parent.email)).toHaveLength(4);
    const [email] = (await world.deliveries(parent.userId)).filter((row) => row.channel === 'email');
    expect(email).toMatchObject({ status: 'dead', attempts: 4, errorCode: 'http_503' });
    expect(await deadLettersFor(testDb.database, 'notification.deliver')).toBe(before + 1);
  });

  it('sends a critical alert on every channel, with no child text in SMS or push', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId, { phone: '+819012345678', locale: 'en' });
    const keys = browserKeys();
    await world.service.registerPushSubscription(parent.userId, {
      kind: 'webpush',
      endpoint: `${fake.url}/push/${newId('psh')}`,
      ...keys,
    });
    await world.service.registerPushSubscription(parent.userId, {
      kind: 'fcm',
      token: `fcm-token-${'x'.repeat(30)}`,
    });
    const alertId = await world.raiseAlert({ familyId, severity: 'critical' });
    await world.drain();
    const sms = fake.requests(`/2010-04-01/Accounts/${twilioSid}/Messages.json`);
    expect(sms).toHaveLength(1);
    const form = new URLSearchParams(sms[0]!.body);
    expect(form.get('To')).toBe('+819012345678');
    expect(form.get('Body')).toBe(
      `Manabee: urgent alert about your child’s conversation. Please check now: https://manabee.test/family/alerts/${alertId}`,
    );
    const webPush = fake.requests('/push/');
    expect(webPush).toHaveLength(1);
    expect(webPush[0]!.headers.authorization).toMatch(/^vapid t=/);
    expect(webPush[0]!.headers['content-encoding']).toBe('aes128gcm');
    const fcm = fake.requests('/v1/projects/manabee-test/messages:send');
    expect(fcm).toHaveLength(1);
    expect(fcm[0]!.headers.authorization).toBe('Bearer fake-access');
    expect(JSON.parse(fcm[0]!.body).message.notification.body).not.toContain('self_harm');
    // What the device shows it with: the parent's language, one notification per alert, kept until acted on.
    expect(JSON.parse(fcm[0]!.body).message.data).toMatchObject({
      link: `https://manabee.test/family/alerts/${alertId}`,
      lang: 'en',
      critical: 'true',
      tag: expect.stringMatching(/\S{6,}/),
    });
    const channels = (await world.deliveries(parent.userId))
      .map((row) => `${row.channel}:${row.status}`)
      .sort();
    expect(channels).toEqual(['email:sent', 'in_app:delivered', 'push:sent', 'sms:sent']);
  });

  it('holds SMS and push in quiet hours, except for critical alerts', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId, { phone: '+819012345679', timeZone: 'Europe/Paris' });
    await world.service.registerPushSubscription(parent.userId, {
      kind: 'webpush',
      endpoint: `${fake.url}/push/${newId('psh')}`,
      ...browserKeys(),
    });
    const { minute } = localParts(new Date(), 'Europe/Paris');
    const clock = (value: number) =>
      `${String(Math.floor(((value + 1440) % 1440) / 60)).padStart(2, '0')}:${String(((value + 1440) % 1440) % 60).padStart(2, '0')}`;
    await world.service.setQuietHours(parent.userId, { start: clock(minute - 60), end: clock(minute + 60) });
    await world.service.notify({
      type: 'weekly_report_ready',
      to: { userId: parent.userId },
      vars: { childName: 'Hana', link: 'https://manabee.test/r' },
      key: newId('rpt'),
    });
    await world.drain();
    expect(fake.requests('/push/')).toHaveLength(0);
    expect(sendgridTo(parent.email)).toHaveLength(1);
    const held = (await world.deliveries(parent.userId)).find((row) => row.channel === 'push')!;
    expect(held.status).toBe('queued');
    expect(new Date(held.runAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    await world.raiseAlert({ familyId, severity: 'critical' });
    await world.drain();
    expect(fake.requests('/push/')).toHaveLength(1);
    expect(fake.requests('/2010-04-01/')).toHaveLength(1);
  });

  it('follows channel preferences and removes expired push subscriptions', async () => {
    const parent = world.directory.addParent(newId('fam'));
    await world.service.registerPushSubscription(parent.userId, {
      kind: 'webpush',
      endpoint: `${fake.url}/push/gone`,
      ...browserKeys(),
    });
    await world.service.setPreference(parent.userId, 'reports', 'email', false);
    fake.script('/push/gone', [{ status: 410 }]);
    await world.service.notify({
      type: 'weekly_report_ready',
      to: { userId: parent.userId },
      vars: { childName: 'Hana', link: 'https://manabee.test/r' },
      key: newId('rpt'),
    });
    await world.drain();
    expect(sendgridTo(parent.email)).toHaveLength(0);
    expect(fake.requests('/push/gone')).toHaveLength(1);
    expect(await world.service.pushSubscriptions(parent.userId)).toHaveLength(0);
    const push = (await world.deliveries(parent.userId)).find((row) => row.channel === 'push');
    expect(push).toMatchObject({ status: 'failed', errorCode: 'no_push_subscription' });
  });

  it('refuses an invalid phone number and a Twilio 400 without retrying', async () => {
    const familyId = newId('fam');
    const badNumber = world.directory.addParent(familyId, { phone: '090-1234' });
    const refused = world.directory.addParent(familyId, { phone: '+15005550001' });
    fake.script('/2010-04-01/', [{ status: 400, body: { code: 21211, message: 'invalid To', status: 400 } }]);
    await world.raiseAlert({ familyId, severity: 'critical' });
    await world.drain();
    expect(fake.requests('/2010-04-01/')).toHaveLength(1);
    expect((await world.deliveries(badNumber.userId)).find((row) => row.channel === 'sms')).toMatchObject({
      status: 'failed',
      errorCode: 'invalid_address',
      attempts: 1,
    });
    expect((await world.deliveries(refused.userId)).find((row) => row.channel === 'sms')).toMatchObject({
      status: 'failed',
      errorCode: 'twilio_21211',
      attempts: 1,
    });
  });
});
