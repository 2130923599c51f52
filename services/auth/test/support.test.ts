import { sql } from '@manabee/kernel';
import { backend } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, generateTotp } from '../src/domain/index';
import {
  ADD_CHILD,
  createHarness,
  field,
  gql,
  type Harness,
  LOG_IN,
  latestMail,
  parentWithSession,
  SIGN_UP,
  tokenInMail,
} from './harness';

const PASSWORD = 'correct horse battery';

interface Entry {
  kind: string;
  id: string;
  label: string;
  accountId: string | null;
  familyId: string | null;
  context: string | null;
}

describe(`operator support tools (${backend.database}, ${backend.cache})`, () => {
  let h: Harness;
  let support = '';
  let admin = '';
  let parent = { token: '', userId: '', familyId: '' };
  let childId = '';
  let childToken = '';
  let orgId = '';

  async function operator(email: string, roles: ('admin' | 'support' | 'safety_reviewer')[]) {
    const { totpUri } = await h.auth.createOperator({ email, password: PASSWORD, roles });
    const secret = base32Decode(new URL(totpUri).searchParams.get('secret')!);
    const pending = (
      await gql(h.app, 'mutation($i: OperatorLogInInput!) { operatorLogIn(input: $i) { me { id } } }', {
        i: { email, password: PASSWORD },
      })
    ).sessionToken!;
    return (
      await gql(
        h.app,
        'mutation($c: String!) { verifyTotp(code: $c) { me { id } } }',
        { c: generateTotp(secret, h.clock.now()) },
        { token: pending },
      )
    ).sessionToken!;
  }

  const search = async (query: string, token = support) =>
    field(
      await gql(
        h.app,
        'query($q: String!) { searchDirectory(query: $q) { kind id label accountId familyId context } }',
        { q: query },
        { token },
      ),
      'searchDirectory',
    ) as Entry[];

  beforeAll(async () => {
    h = await createHarness();
    parent = await parentWithSession(h, 'hanako.sato@example.jp', PASSWORD);
    const added = await gql(
      h.app,
      ADD_CHILD,
      { input: { nickname: 'Sakura', grade: 3 } },
      { token: parent.token },
    );
    childId = (field(added, 'addChild') as { id: string }).id;
    await gql(
      h.app,
      'mutation($c: ID!, $p: String!) { giveConsent(childId: $c, password: $p) }',
      { c: childId, p: PASSWORD },
      { token: parent.token },
    );
    const link = await gql(
      h.app,
      'mutation($id: ID!) { issueDeviceLink(childId: $id) { url } }',
      { id: childId },
      { token: parent.token },
    );
    const linkToken = decodeURIComponent(
      (field(link, 'issueDeviceLink') as { url: string }).url.split('#token=')[1]!,
    );
    childToken = (
      await gql(h.app, 'mutation($t: String!) { childSignInWithLink(token: $t) { me { id } } }', {
        t: linkToken,
      })
    ).sessionToken!;
    admin = await operator('admin@manabee.test', ['admin']);
    support = await operator('support@manabee.test', ['support']);
    const org = await gql(
      h.app,
      'mutation($n: String!, $e: String!) { createOrganization(name: $n, adminEmail: $e) { id } }',
      { n: 'Sakura Elementary School', e: 'kocho@sakura-es.jp' },
      { token: admin },
    );
    orgId = (field(org, 'createOrganization') as { id: string }).id;
    const invite = tokenInMail(
      (await latestMail(h.outbox, 'kocho@sakura-es.jp', /への招待が届いています/))!.text,
    );
    await gql(
      h.app,
      'mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { me { id } } }',
      {
        t: invite,
        p: PASSWORD,
      },
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds parents by email prefix, children by nickname, organizations by name, anyone by id', async () => {
    const byEmail = await search('hanako');
    expect(byEmail).toEqual([
      expect.objectContaining({ kind: 'parent', id: parent.userId, familyId: parent.familyId }),
    ]);

    // "sakura" is a child's nickname and part of a school's name; the teacher's address starts with kocho.
    const bySakura = await search('SAKURA');
    expect(bySakura.map((e) => e.kind)).toEqual(['child', 'organization']);
    expect(bySakura[0]).toMatchObject({
      id: childId,
      accountId: parent.userId,
      familyId: parent.familyId,
      context: 'hanako.sato@example.jp',
    });
    expect(bySakura[1]).toMatchObject({ id: orgId, label: 'Sakura Elementary School' });

    const teacher = await search('kocho@');
    expect(teacher).toEqual([
      expect.objectContaining({ kind: 'teacher', context: 'Sakura Elementary School' }),
    ]);

    // By family id: the guardian and every child of the family.
    const family = await search(parent.familyId);
    expect(family.map((e) => [e.kind, e.id])).toEqual([
      ['parent', parent.userId],
      ['child', childId],
    ]);
    expect((await search(childId)).map((e) => e.id)).toEqual([childId]);
  });

  it('takes the search text literally and hides operator accounts from support', async () => {
    expect(await search('%@')).toEqual([]);
    expect(await search('__')).toEqual([]);
    expect(await search('support@')).toEqual([]);
    expect((await search('support@', admin)).map((e) => e.kind)).toEqual(['operator']);
    const tooShort = await gql(h.app, '{ searchDirectory(query: " a ") { id } }', {}, { token: support });
    expect(tooShort.code).toBe('VALIDATION_FAILED');
  });

  it("shows an account's page with family, children, consent and live sessions, and audits the view", async () => {
    const response = await gql(
      h.app,
      `query($id: ID!) { account(id: $id) {
        kind email emailVerified blocked totpEnrolled childDeviceSessions lastVerificationSentAt
        family { id children { id nickname grade consent paused } }
        organization { id }
        sessions { id current }
      } }`,
      { id: parent.userId },
      { token: support },
    );
    const detail = field(response, 'account') as Record<string, unknown>;
    expect(detail).toMatchObject({
      kind: 'parent',
      email: 'hanako.sato@example.jp',
      emailVerified: true,
      blocked: false,
      childDeviceSessions: 1,
      lastVerificationSentAt: null,
      organization: null,
      family: {
        id: parent.familyId,
        children: [{ id: childId, nickname: 'Sakura', grade: 3, consent: 'valid', paused: false }],
      },
    });
    expect(detail.sessions).toHaveLength(1);
    expect(detail.sessions).toEqual([expect.objectContaining({ current: false })]);

    const viewed = await sql<{ actor_role: string }>`select actor_role from audit_log
      where action = 'auth.account.viewed' and resource_id = ${parent.userId}`.execute(h.test.database.db);
    expect(viewed.rows).toEqual([{ actor_role: 'support' }]);
  });

  it("shows an organization's teachers and classrooms", async () => {
    const org = field(
      await gql(
        h.app,
        'query($id: ID!) { organization(id: $id) { name teachers { email role } classrooms { id } } }',
        { id: orgId },
        { token: support },
      ),
      'organization',
    );
    expect(org).toEqual({
      name: 'Sakura Elementary School',
      teachers: [{ email: 'kocho@sakura-es.jp', role: 'org_admin' }],
      classrooms: [],
    });
  });

  it('resends verification: the new link works, the old one no longer does, and not twice a minute', async () => {
    // An English account: the resent mail follows it, not the (Japanese) support operator.
    await gql(h.app, SIGN_UP, { input: { email: 'late@example.jp', password: PASSWORD, locale: 'en' } });
    const first = tokenInMail((await latestMail(h.outbox, 'late@example.jp', /Confirm your email/))!.text);
    const userId = (await search('late@'))[0]!.id;

    const tooSoon = await gql(
      h.app,
      'mutation($u: ID!) { resendVerificationEmail(userId: $u) }',
      { u: userId },
      { token: support },
    );
    expect(tooSoon.code).toBe('RATE_LIMITED');

    h.clock.advance(61_000);
    const sent = await gql(
      h.app,
      'mutation($u: ID!) { resendVerificationEmail(userId: $u) }',
      { u: userId },
      { token: support },
    );
    expect(sent.errors).toBeUndefined();
    const mail = (await latestMail(h.outbox, 'late@example.jp', /new link/))!;
    const second = tokenInMail(mail.text);
    expect(second).not.toBe(first);

    const old = await gql(h.app, 'mutation($t: String!) { verifyEmail(token: $t) }', { t: first });
    expect(old.code).toBe('VALIDATION_FAILED');
    const ok = await gql(h.app, 'mutation($t: String!) { verifyEmail(token: $t) }', { t: second });
    expect(ok.data).toEqual({ verifyEmail: true });

    h.clock.advance(61_000);
    const again = await gql(
      h.app,
      'mutation($u: ID!) { resendVerificationEmail(userId: $u) }',
      { u: userId },
      { token: support },
    );
    expect(again.code).toBe('CONFLICT');
  });

  it('an unverified parent can ask for a new link for themselves', async () => {
    await gql(h.app, SIGN_UP, { input: { email: 'self@example.jp', password: PASSWORD } });
    h.clock.advance(61_000);
    const login = await gql(h.app, LOG_IN, { input: { email: 'self@example.jp', password: PASSWORD } });
    const sent = await gql(h.app, 'mutation { resendVerificationEmail }', {}, { token: login.sessionToken! });
    expect(sent.errors).toBeUndefined();
    expect(await latestMail(h.outbox, 'self@example.jp', /新しいリンク/)).not.toBeNull();
  });

  it("revokes a user's sessions, and with includeDevices the children's devices too", async () => {
    const second = await gql(h.app, LOG_IN, {
      input: { email: 'hanako.sato@example.jp', password: PASSWORD },
    });
    const revoked = await gql(
      h.app,
      'mutation($u: ID!) { revokeUserSessions(userId: $u) { sessions devices } }',
      { u: parent.userId },
      { token: support },
    );
    expect(revoked.data).toEqual({ revokeUserSessions: { sessions: 2, devices: 0 } });
    expect((await gql(h.app, '{ me { id } }', {}, { token: parent.token })).data?.me).toBeNull();
    expect((await gql(h.app, '{ me { id } }', {}, { token: second.sessionToken! })).data?.me).toBeNull();
    // The child's device was not part of it.
    expect((await gql(h.app, '{ me { id } }', {}, { token: childToken })).data?.me).not.toBeNull();

    const withDevices = await gql(
      h.app,
      'mutation($u: ID!) { revokeUserSessions(userId: $u, includeDevices: true) { sessions devices } }',
      { u: parent.userId },
      { token: admin },
    );
    expect(withDevices.data).toEqual({ revokeUserSessions: { sessions: 0, devices: 1 } });
    expect((await gql(h.app, '{ me { id } }', {}, { token: childToken })).data?.me).toBeNull();

    const unknown = await gql(
      h.app,
      'mutation { revokeUserSessions(userId: "usr_00000000000000000000000000") { sessions } }',
      {},
      { token: admin },
    );
    expect(unknown.code).toBe('NOT_FOUND');
  });
});
