import { createHttpServer, newId } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUnsubscribe } from '../src/index';
import { FakeProviders } from './fakes';
import { buildWorld, logger } from './harness';

let testDb: TestDatabase;
let app: FastifyInstance;
let world: ReturnType<typeof buildWorld>;
const fake = new FakeProviders();
const secret = Buffer.alloc(32, 9);
const twilioSid = `AC${'2'.repeat(32)}`;
const webhookUrl = 'https://manabee.test/api/notifications/webhooks/twilio';

beforeAll(async () => {
  testDb = await createTestDatabase();
  await fake.start();
  world = buildWorld({
    database: testDb.database,
    config: {
      unsubscribeSecret: secret,
      sendgrid: { apiKey: 'SG.fake', baseUrl: fake.url },
      twilio: { accountSid: twilioSid, authToken: 'route-token', from: '+15005550006', baseUrl: fake.url },
    },
  });
  app = await createHttpServer({
    logger,
    corsOrigins: [],
    bodyLimitBytes: 1_048_576,
    maxEventLoopDelayMs: 0,
  });
  await world.service.definition().routes!(app);
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await fake.stop();
  await testDb?.drop();
});

describe(`notification routes (${backend.database})`, () => {
  it('one-click unsubscribe switches the category’s email off', async () => {
    const userId = newId('usr');
    const token = signUnsubscribe({ userId, category: 'reports' }, secret);
    const page = await app.inject({ method: 'GET', url: `/api/notifications/unsubscribe?token=${token}` });
    expect(page.statusCode).toBe(200);
    expect(await world.service.preferences(userId)).toContainEqual({
      category: 'reports',
      channel: 'email',
      enabled: true,
    });
    const response = await app.inject({
      method: 'POST',
      url: `/api/notifications/unsubscribe?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect(await world.service.preferences(userId)).toContainEqual({
      category: 'reports',
      channel: 'email',
      enabled: false,
    });
  });

  it('refuses an invalid unsubscribe signature', async () => {
    const token = signUnsubscribe({ userId: newId('usr'), category: 'reports' }, Buffer.alloc(32, 1));
    const response = await app.inject({
      method: 'POST',
      url: `/api/notifications/unsubscribe?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('rejects malformed SendGrid webhook bodies and applies a valid one', async () => {
    const post = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/api/notifications/webhooks/sendgrid',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    expect((await post('{not json')).statusCode).toBe(422);
    expect((await post('{"event":"delivered"}')).statusCode).toBe(422);
    expect((await post('[]')).statusCode).toBe(422);
    expect(
      (await post(JSON.stringify(Array.from({ length: 1001 }, () => ({ event: 'open' }))))).statusCode,
    ).toBe(422);
    expect((await post(JSON.stringify([{ event: 42 }]))).statusCode).toBe(422);

    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId);
    await world.raiseAlert({ familyId, severity: 'high' });
    await world.drain();
    const sent = (await world.deliveries(parent.userId)).find((row) => row.channel === 'email')!;
    expect(sent.status).toBe('sent');
    const ok = await post(
      JSON.stringify([
        { event: 'delivered', sg_message_id: `${sent.providerMessageId}.filter0001` },
        { event: 'open' },
      ]),
    );
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ received: 2, updated: 1 });
    expect((await world.deliveries(parent.userId)).find((row) => row.channel === 'email')!.status).toBe(
      'delivered',
    );
  });

  it('checks the Twilio signature and the status fields', async () => {
    const familyId = newId('fam');
    const parent = world.directory.addParent(familyId, { phone: '+819011112222' });
    await world.raiseAlert({ familyId, severity: 'critical' });
    await world.drain();
    const sms = (await world.deliveries(parent.userId)).find((row) => row.channel === 'sms')!;
    const send = (params: Record<string, string>, signature: string) =>
      app.inject({
        method: 'POST',
        url: '/api/notifications/webhooks/twilio',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        payload: new URLSearchParams(params).toString(),
      });
    const failed = { MessageSid: sms.providerMessageId!, MessageStatus: 'undelivered', ErrorCode: '30003' };
    expect((await send(failed, 'forged')).statusCode).toBe(401);
    const malformed = { MessageSid: 'nope', MessageStatus: 'exploded' };
    expect(
      (await send(malformed, twilio.getExpectedTwilioSignature('route-token', webhookUrl, malformed)))
        .statusCode,
    ).toBe(422);
    const response = await send(failed, twilio.getExpectedTwilioSignature('route-token', webhookUrl, failed));
    expect(response.statusCode).toBe(200);
    expect((await world.deliveries(parent.userId)).find((row) => row.channel === 'sms')).toMatchObject({
      status: 'failed',
      errorCode: 'twilio_30003',
    });
  });
});
