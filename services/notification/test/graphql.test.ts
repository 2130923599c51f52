import { newId, type Principal, registerGraphQL } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserKeys, buildWorld, logger, vapidKeys } from './harness';

let testDb: TestDatabase;
let withPush: ReturnType<typeof buildWorld>;
let withoutPush: ReturnType<typeof buildWorld>;
const vapid = vapidKeys();

beforeAll(async () => {
  testDb = await createTestDatabase();
  withPush = buildWorld({
    database: testDb.database,
    config: {
      webPush: {
        publicKey: vapid.publicKey,
        privateKey: vapid.privateKey,
        subject: 'mailto:ops@manabee.test',
      },
    },
  });
  withoutPush = buildWorld({ database: testDb.database, config: {} });
});

afterAll(async () => {
  await testDb?.drop();
});

interface GraphQLAnswer {
  data: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions: { code: string } }>;
}

async function gql(
  world: ReturnType<typeof buildWorld>,
  principal: Principal | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLAnswer> {
  const app = Fastify();
  await registerGraphQL(app, {
    contributions: [world.service.definition().graphql!],
    context: () => ({ requestId: 'r1', ip: '127.0.0.1', userAgent: undefined, principal, log: logger }),
    logger,
  });
  try {
    const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
    return response.json() as GraphQLAnswer;
  } finally {
    await app.close();
  }
}

const parent = (): Principal => ({ id: newId('usr'), role: 'parent', familyId: newId('fam') });

const REGISTER =
  'mutation($endpoint: String!, $p256dh: String!, $auth: String!) { registerWebPushSubscription(endpoint: $endpoint, p256dh: $p256dh, auth: $auth) }';
const LIST = 'query { pushSubscriptions { id kind createdAt } }';

describe(`notification GraphQL: Web Push (${backend.database})`, () => {
  it('gives a signed-in grown-up the VAPID public key, and null when Web Push is off', async () => {
    const query = 'query { webPushPublicKey }';
    expect((await gql(withPush, parent(), query)).data).toEqual({ webPushPublicKey: vapid.publicKey });
    expect((await gql(withoutPush, parent(), query)).data).toEqual({ webPushPublicKey: null });
    const anonymous = await gql(withPush, null, query);
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const child = await gql(withPush, { id: newId('chd'), role: 'child', familyId: newId('fam') }, query);
    expect(child.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('lists only the person’s own devices, without endpoints or keys, and removes them', async () => {
    const mom = parent();
    const dad = parent();
    const endpoint = `https://push.example.test/send/${newId('ep')}`;
    const registered = await gql(withPush, mom, REGISTER, { endpoint, ...browserKeys() });
    const id = registered.data?.registerWebPushSubscription as string;
    expect(id).toMatch(/^psh_/);

    const mine = await gql(withPush, mom, LIST);
    expect(mine.data?.pushSubscriptions).toEqual([{ id, kind: 'webpush', createdAt: expect.any(String) }]);
    const [device] = (mine.data?.pushSubscriptions ?? []) as Array<{ createdAt: string }>;
    expect(new Date(device!.createdAt).toISOString()).toBe(device!.createdAt);
    expect((await gql(withPush, dad, LIST)).data).toEqual({ pushSubscriptions: [] });

    const leaky = await gql(withPush, mom, 'query { pushSubscriptions { id endpoint p256dh auth } }');
    expect(leaky.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const removeQuery = 'mutation($id: ID!) { removePushSubscription(id: $id) }';
    expect((await gql(withPush, dad, removeQuery, { id })).data).toEqual({ removePushSubscription: false });
    expect((await gql(withPush, mom, LIST)).data?.pushSubscriptions).toHaveLength(1);
    expect((await gql(withPush, mom, removeQuery, { id })).data).toEqual({ removePushSubscription: true });
    expect((await gql(withPush, mom, LIST)).data).toEqual({ pushSubscriptions: [] });
  });

  it('moves a re-registered browser to whoever signed in on it, keeping its id', async () => {
    const first = parent();
    const second = parent();
    const endpoint = `https://push.example.test/send/${newId('ep')}`;
    const keys = browserKeys();
    const a = await gql(withPush, first, REGISTER, { endpoint, ...keys });
    const b = await gql(withPush, second, REGISTER, { endpoint, ...keys });
    expect(b.data?.registerWebPushSubscription).toBe(a.data?.registerWebPushSubscription);
    expect((await gql(withPush, first, LIST)).data).toEqual({ pushSubscriptions: [] });
    expect((await gql(withPush, second, LIST)).data?.pushSubscriptions).toHaveLength(1);
  });

  it('refuses a subscription whose keys are not base64url', async () => {
    const answer = await gql(withPush, parent(), REGISTER, {
      endpoint: 'https://push.example.test/send/x',
      p256dh: 'not+base64url/at=all=========',
      auth: 'abc+/===',
    });
    expect(answer.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
  });
});
