import { backend } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADD_CHILD,
  createHarness,
  field,
  gql,
  type Harness,
  LOG_IN,
  latestMail,
  ME,
  SIGN_UP,
  tokenInMail,
} from './harness';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a much better passphrase';

describe(`parent to child journey through GraphQL (${backend.database}, ${backend.cache})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const email = 'yuki@example.jp';
  let parent = '';
  let childId = '';
  let childToken = '';

  it('signs up, verifies the email from the mail outbox, and logs in', async () => {
    const signUp = await gql(h.app, SIGN_UP, {
      input: { email: 'Yuki@Example.JP', password: PASSWORD, timeZone: 'Asia/Tokyo' },
    });
    expect(signUp.errors).toBeUndefined();
    // No locale given: Japanese, the default.
    const mail = await latestMail(h.outbox, email, /メールアドレスのご確認/);
    expect(mail).not.toBeNull();
    const verified = await gql(h.app, 'mutation($token: String!) { verifyEmail(token: $token) }', {
      token: tokenInMail(mail!.text),
    });
    expect(verified.data).toEqual({ verifyEmail: true });
    expect(h.events.map((e) => e.name)).toContain('auth.family.created');

    const login = await gql(h.app, LOG_IN, { input: { email, password: PASSWORD } });
    expect(login.errors).toBeUndefined();
    expect(login.setCookie).toMatch(/HttpOnly/);
    expect(login.setCookie).toMatch(/SameSite=Lax/);
    expect(login.setCookie).toMatch(/Secure/);
    parent = login.sessionToken!;
    const me = await gql(h.app, ME, {}, { cookie: parent });
    expect(me.data?.me).toMatchObject({ role: 'parent', email });
  });

  it('adds a child, gives consent, issues a device link and the child signs in', async () => {
    const added = await gql(
      h.app,
      ADD_CHILD,
      { input: { nickname: 'はなこ', grade: 3, language: 'ja', pin: '4831' } },
      { cookie: parent },
    );
    expect(added.errors).toBeUndefined();
    childId = (field(added, 'addChild') as { id: string }).id;
    expect(added.data?.addChild).toMatchObject({
      nickname: 'はなこ',
      grade: 3,
      consent: 'missing',
      hasPin: true,
    });

    const link = async () => {
      const issued = await gql(
        h.app,
        'mutation($id: ID!) { issueDeviceLink(childId: $id) { url qrDataUrl expiresAt } }',
        { id: childId },
        { cookie: parent },
      );
      expect(issued.errors).toBeUndefined();
      const { url, qrDataUrl } = field(issued, 'issueDeviceLink') as { url: string; qrDataUrl: string };
      expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
      return decodeURIComponent(url.split('#token=')[1]!);
    };
    const SIGN_IN_LINK =
      'mutation($token: String!) { childSignInWithLink(token: $token) { me { role childId } } }';

    // No consent yet: refused, and the link is not spent.
    const token = await link();
    const early = await gql(h.app, SIGN_IN_LINK, { token });
    expect(early.code).toBe('FORBIDDEN');

    const consent = await gql(
      h.app,
      'mutation($c: ID!, $p: String!) { giveConsent(childId: $c, password: $p) }',
      { c: childId, p: PASSWORD },
      { cookie: parent },
    );
    expect(consent.data).toEqual({ giveConsent: 'valid' });
    expect(h.events.map((e) => e.name)).toEqual(
      expect.arrayContaining(['auth.child.added', 'auth.consent.given']),
    );
    for (const event of h.events) expect(JSON.stringify(event.payload)).not.toMatch(/@|はなこ/);

    const child = await gql(h.app, SIGN_IN_LINK, { token });
    expect(child.errors).toBeUndefined();
    expect(child.data?.childSignInWithLink).toMatchObject({ me: { role: 'child', childId } });
    childToken = child.sessionToken!;
    // One-time: the same link does not work twice.
    expect((await gql(h.app, SIGN_IN_LINK, { token })).code).toBe('VALIDATION_FAILED');

    const access = await h.auth.checkChildAccess({
      childId,
      subject: 'math',
      usageToday: { minutes: 0, messages: 0 },
      now: new Date('2026-03-02T01:00:00Z'), // 10:00 in Tokyo, outside quiet hours
    });
    expect(access.allowed).toBe(true);
    const late = await h.auth.checkChildAccess({
      childId,
      subject: 'math',
      usageToday: { minutes: 0, messages: 0 },
      now: new Date('2026-03-02T13:00:00Z'),
    });
    expect(late).toMatchObject({ allowed: false, reason: 'quiet_hours' });
  });

  it('keeps the child to learning: parent-only operations are refused', async () => {
    const me = await gql(h.app, ME, {}, { token: childToken });
    expect(me.data?.me).toMatchObject({ role: 'child', childId });
    const attempts = [
      ['{ parentalControls(childId: "%") { dailyMinutes } }', 'FORBIDDEN'],
      ['{ children { id } }', 'FORBIDDEN'],
      ['{ family { id } }', 'FORBIDDEN'],
      ['mutation { issueDeviceLink(childId: "%") { url } }', 'FORBIDDEN'],
      ['mutation { withdrawConsent(childId: "%") }', 'FORBIDDEN'],
      ['mutation { addChild(input: { nickname: "Sneaky", grade: 3 }) { id } }', 'FORBIDDEN'],
      ['{ sessions { id } }', 'FORBIDDEN'],
    ] as const;
    for (const [query, code] of attempts) {
      const response = await gql(h.app, query.replace('%', childId), {}, { token: childToken });
      expect(response.code, query).toBe(code);
    }
  });

  it('lists the child device and lets the parent revoke it', async () => {
    const devices = await gql(h.app, '{ devices { id childId } }', {}, { cookie: parent });
    const list = field(devices, 'devices') as { id: string; childId: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]?.childId).toBe(childId);
    const revoked = await gql(
      h.app,
      'mutation($id: ID!) { revokeDevice(id: $id) }',
      { id: list[0]!.id },
      { cookie: parent },
    );
    expect(revoked.data).toEqual({ revokeDevice: true });
    expect((await gql(h.app, ME, {}, { token: childToken })).data?.me).toBeNull();
  });

  it('withdrawing consent stops the child at once (PIN sign-in refused, sessions revoked)', async () => {
    const code = await gql(h.app, 'mutation { regenerateFamilyCode }', {}, { cookie: parent });
    const familyCode = field(code, 'regenerateFamilyCode') as string;
    const PIN =
      'mutation($f: String!, $n: String!, $p: String!) { childSignInWithPin(familyCode: $f, nickname: $n, pin: $p) { me { childId } } }';
    const signIn = await gql(h.app, PIN, {
      f: familyCode.toLowerCase().replace('-', ' '),
      n: 'はなこ',
      p: '4831',
    });
    expect(signIn.errors).toBeUndefined();
    const pinSession = signIn.sessionToken!;
    expect((await gql(h.app, ME, {}, { token: pinSession })).data?.me).toMatchObject({ childId });

    const withdrawn = await gql(
      h.app,
      'mutation($c: ID!) { withdrawConsent(childId: $c) }',
      { c: childId },
      { cookie: parent },
    );
    expect(withdrawn.data).toEqual({ withdrawConsent: 'withdrawn' });
    expect((await gql(h.app, ME, {}, { token: pinSession })).data?.me).toBeNull();
    expect((await gql(h.app, PIN, { f: familyCode, n: 'はなこ', p: '4831' })).code).toBe('FORBIDDEN');
    const access = await h.auth.checkChildAccess({
      childId,
      subject: 'math',
      usageToday: { minutes: 0, messages: 0 },
      now: new Date('2026-03-02T01:00:00Z'),
    });
    expect(access).toMatchObject({ allowed: false, reason: 'no_consent' });
  });

  it('password change revokes every session and hands this device a new one', async () => {
    const second = (await gql(h.app, LOG_IN, { input: { email, password: PASSWORD, remember: true } }))
      .sessionToken!;
    const changed = await gql(
      h.app,
      'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { me { id } } }',
      { c: PASSWORD, n: NEW_PASSWORD },
      { cookie: parent },
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.sessionToken).not.toBe(parent);
    expect((await gql(h.app, ME, {}, { cookie: parent })).data?.me).toBeNull();
    expect((await gql(h.app, ME, {}, { token: second })).data?.me).toBeNull();
    parent = changed.sessionToken!;
    expect((await gql(h.app, ME, {}, { cookie: parent })).data?.me).toMatchObject({ email });
    expect((await gql(h.app, LOG_IN, { input: { email, password: PASSWORD } })).code).toBe('UNAUTHENTICATED');
  });

  it('resets a password by mailed link; a replayed or expired link is refused', async () => {
    const RESET = 'mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }';
    const request = () =>
      gql(h.app, 'mutation($e: String!) { requestPasswordReset(email: $e) { message } }', { e: email });
    const unknown = await gql(
      h.app,
      'mutation($e: String!) { requestPasswordReset(email: $e) { message } }',
      { e: 'nobody@example.jp' },
    );
    const known = await request();
    expect(known.data).toEqual(unknown.data);
    const token = tokenInMail((await latestMail(h.outbox, email, /パスワード再設定のご案内/))!.text);
    expect((await gql(h.app, RESET, { t: token, p: 'reset via the link 1' })).data).toEqual({
      resetPassword: true,
    });
    expect((await gql(h.app, ME, {}, { cookie: parent })).data?.me).toBeNull();
    const replay = await gql(h.app, RESET, { t: token, p: 'reset via the link 2' });
    expect(replay.code).toBe('VALIDATION_FAILED');
    expect(
      (await gql(h.app, LOG_IN, { input: { email, password: 'reset via the link 1' } })).errors,
    ).toBeUndefined();

    await request();
    const second = tokenInMail((await latestMail(h.outbox, email, /パスワード再設定のご案内/))!.text);
    expect(second).not.toBe(token);
    h.clock.advance(31 * 60_000);
    expect((await gql(h.app, RESET, { t: second, p: 'reset via the link 3' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (await gql(h.app, LOG_IN, { input: { email, password: 'reset via the link 1' } })).errors,
    ).toBeUndefined();
  });

  it('ends idle sessions after 15 minutes and logs out', async () => {
    const token = (await gql(h.app, LOG_IN, { input: { email, password: 'reset via the link 1' } }))
      .sessionToken!;
    h.clock.advance(10 * 60_000);
    expect((await gql(h.app, ME, {}, { token })).data?.me).not.toBeNull();
    h.clock.advance(10 * 60_000); // 10 min after the last use: still alive (sliding)
    expect((await gql(h.app, ME, {}, { token })).data?.me).not.toBeNull();
    const out = await gql(h.app, 'mutation { logOut }', {}, { cookie: token });
    expect(out.setCookie).toMatch(/Max-Age=0/);
    expect((await gql(h.app, ME, {}, { token })).data?.me).toBeNull();
    const idle = (await gql(h.app, LOG_IN, { input: { email, password: 'reset via the link 1' } }))
      .sessionToken!;
    h.clock.advance(16 * 60_000);
    expect((await gql(h.app, ME, {}, { token: idle })).data?.me).toBeNull();
  });
});
