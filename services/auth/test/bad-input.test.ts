import { randomBytes } from 'node:crypto';
import { backend } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpaqueToken } from '../src/domain/index';
import {
  ADD_CHILD,
  createHarness,
  field,
  gql,
  type Harness,
  LOG_IN,
  latestMail,
  ME,
  parentWithSession,
  SIGN_UP,
  tokenInMail,
} from './harness';

const PASSWORD = 'correct horse battery';

describe(`bad input and attacks are refused, nothing changes (${backend.database}, ${backend.cache})`, () => {
  let h: Harness;
  let parent = '';
  beforeAll(async () => {
    h = await createHarness();
    parent = (await parentWithSession(h, 'p@example.jp', PASSWORD)).token;
  });
  afterAll(async () => {
    await h?.close();
  });

  const childCount = async () =>
    (field(await gql(h.app, '{ children { id } }', {}, { token: parent }), 'children') as unknown[]).length;

  it('refuses malformed and overlong sign-up fields', async () => {
    const cases = [
      { email: 'not-an-email', password: PASSWORD },
      { email: `${'a'.repeat(300)}@example.jp`, password: PASSWORD },
      { email: 'x@example.jp', password: 'p'.repeat(600) },
      { email: 'x@example.jp', password: 'short' },
      { email: 'x@example.jp', password: 'password123' },
      { email: 'x@example.jp', password: PASSWORD, timeZone: 'Mars/Olympus' },
    ];
    for (const input of cases)
      expect((await gql(h.app, SIGN_UP, { input })).code, JSON.stringify(input).slice(0, 60)).toBe(
        'VALIDATION_FAILED',
      );
    expect(await latestMail(h.outbox, 'x@example.jp')).toBeNull();
  });

  it('refuses confusable, hidden and control characters in nicknames', async () => {
    const before = await childCount();
    for (const nickname of ['Аnna', 'ab\u202Ecd', 'Ken\u200B', 'line\nbreak', 'x'.repeat(81), '', 'Ken🙂']) {
      const response = await gql(h.app, ADD_CHILD, { input: { nickname, grade: 3 } }, { token: parent });
      expect(response.code, JSON.stringify(nickname)).toBe('VALIDATION_FAILED');
    }
    expect(
      (await gql(h.app, ADD_CHILD, { input: { nickname: 'Ken', grade: 3, pin: '1234' } }, { token: parent }))
        .code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await gql(h.app, ADD_CHILD, { input: { nickname: 'Ken', grade: 13 } }, { token: parent })).code,
    ).toBe('VALIDATION_FAILED');
    expect(await childCount()).toBe(before);
    expect(
      (await gql(h.app, ADD_CHILD, { input: { nickname: 'Ｋｅｎ太郎', grade: 3 } }, { token: parent })).data
        ?.addChild,
    ).toMatchObject({ nickname: 'Ken太郎' });
    expect(
      (await gql(h.app, ADD_CHILD, { input: { nickname: 'Ken太郎', grade: 4 } }, { token: parent })).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('answers a duplicate sign-up exactly like a new one, changes nothing, and tells the owner', async () => {
    const fresh = await gql(h.app, SIGN_UP, { input: { email: 'new@example.jp', password: PASSWORD } });
    const duplicate = await gql(h.app, SIGN_UP, {
      input: { email: 'P@Example.jp', password: 'another good passphrase', locale: 'en' },
    });
    expect(duplicate.data).toEqual(fresh.data);
    expect(duplicate.status).toBe(fresh.status);
    // In the owner's language (ja), not the requester's.
    expect(await latestMail(h.outbox, 'p@example.jp', /新規登録が試みられました/)).not.toBeNull();
    expect(
      (await gql(h.app, LOG_IN, { input: { email: 'p@example.jp', password: 'another good passphrase' } }))
        .code,
    ).toBe('UNAUTHENTICATED');
    expect(
      (await gql(h.app, LOG_IN, { input: { email: 'p@example.jp', password: PASSWORD } })).errors,
    ).toBeUndefined();
  });

  it('treats forged, malformed and foreign tokens as nothing', async () => {
    const forged = createOpaqueToken('ses').token;
    expect((await gql(h.app, ME, {}, { token: forged })).data?.me).toBeNull();
    expect((await gql(h.app, ME, {}, { token: 'ses_garbage' })).data?.me).toBeNull();
    // A real session id with a wrong secret.
    const id = parent.split('.')[0];
    expect(
      (await gql(h.app, ME, {}, { token: `${id}.${randomBytes(32).toString('base64url')}` })).data?.me,
    ).toBeNull();
    for (const token of [createOpaqueToken('vfy').token, 'vfy_nope', createOpaqueToken('dlk').token]) {
      expect((await gql(h.app, 'mutation($t: String!) { verifyEmail(token: $t) }', { t: token })).code).toBe(
        'VALIDATION_FAILED',
      );
      expect(
        (
          await gql(h.app, 'mutation($t: String!) { childSignInWithLink(token: $t) { me { id } } }', {
            t: token,
          })
        ).code,
      ).toBe('VALIDATION_FAILED');
    }
  });

  it('issues a new session id at login, revoking one presented before (no fixation)', async () => {
    const before = (await gql(h.app, LOG_IN, { input: { email: 'p@example.jp', password: PASSWORD } }))
      .sessionToken!;
    const after = await gql(
      h.app,
      LOG_IN,
      { input: { email: 'p@example.jp', password: PASSWORD } },
      { cookie: before },
    );
    expect(after.sessionToken).toBeTruthy();
    expect(after.sessionToken!.split('.')[0]).not.toBe(before.split('.')[0]);
    expect((await gql(h.app, ME, {}, { token: before })).data?.me).toBeNull();
    expect((await gql(h.app, ME, {}, { token: after.sessionToken! })).data?.me).not.toBeNull();
  });

  it('refuses cross-site cookie POSTs (wrong origin, no origin, no CSRF header) and changes nothing', async () => {
    const before = await childCount();
    const mutation = 'mutation { addChild(input: { nickname: "Csrf", grade: 3 }) { id } }';
    for (const options of [
      { cookie: parent, origin: 'https://evil.example' },
      { cookie: parent, origin: null },
      { cookie: parent, csrf: false },
    ]) {
      const response = await gql(h.app, mutation, {}, options);
      // Refused before any resolver runs: a GraphQL error body with HTTP 403.
      expect(response.code, JSON.stringify(options)).toBe('FORBIDDEN');
      expect(response.status, JSON.stringify(options)).toBe(403);
      expect(response.data).toBeNull();
    }
    expect(
      (
        await gql(
          h.app,
          LOG_IN,
          { input: { email: 'p@example.jp', password: PASSWORD } },
          { origin: 'https://evil.example' },
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(await childCount()).toBe(before);
    expect((await gql(h.app, mutation, {}, { cookie: parent })).errors).toBeUndefined();
  });

  it('locks an account after repeated failures, by time or by the emailed unlock link', async () => {
    const email = 'lock@example.jp';
    await parentWithSession(h, email, PASSWORD);
    const attempt = (password: string, ip = '203.0.113.50') =>
      gql(h.app, LOG_IN, { input: { email, password } }, { ip });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password!')).code).toBe('UNAUTHENTICATED');
    const locked = await attempt(PASSWORD, '203.0.113.99');
    expect(locked.code).toBe('RATE_LIMITED');
    // Unknown accounts lock the same way, so locking says nothing about registration.
    for (let i = 0; i < 5; i++)
      await gql(h.app, LOG_IN, { input: { email: 'ghost@example.jp', password: 'wrong password!' } });
    expect(
      (await gql(h.app, LOG_IN, { input: { email: 'ghost@example.jp', password: 'wrong password!' } })).code,
    ).toBe('RATE_LIMITED');

    h.clock.advance(61_000);
    expect((await attempt(PASSWORD)).errors).toBeUndefined();

    for (let i = 0; i < 5; i++) await attempt('wrong password!');
    expect((await attempt(PASSWORD)).code).toBe('RATE_LIMITED');
    const unlock = tokenInMail((await latestMail(h.outbox, email, /ログインを一時的に制限しました/))!.text);
    expect(
      (await gql(h.app, 'mutation($t: String!) { unlockAccount(token: $t) }', { t: unlock })).data,
    ).toEqual({ unlockAccount: true });
    expect((await attempt(PASSWORD)).errors).toBeUndefined();
  });

  it('locks child PIN guessing', async () => {
    const code = (await gql(h.app, 'mutation { regenerateFamilyCode }', {}, { token: parent })).data
      ?.regenerateFamilyCode as string;
    const PIN =
      'mutation($f: String!, $n: String!, $p: String!) { childSignInWithPin(familyCode: $f, nickname: $n, pin: $p) { me { id } } }';
    const guesses = ['1111', '2222', '3333', '4444', '5555'];
    for (const pin of guesses)
      expect((await gql(h.app, PIN, { f: code, n: 'Ken太郎', p: pin })).code).toBe('UNAUTHENTICATED');
    expect((await gql(h.app, PIN, { f: code, n: 'Ken太郎', p: '6666' })).code).toBe('RATE_LIMITED');
  });
});
