import { backend } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, generateTotp } from '../src/domain/index';
import {
  ADD_CHILD,
  createHarness,
  field,
  gql,
  type Harness,
  latestMail,
  parentWithSession,
  tokenInMail,
} from './harness';

const PASSWORD = 'correct horse battery';

describe(`authorization at the API (${backend.database}, ${backend.cache})`, () => {
  let h: Harness;
  const t: Record<string, string> = {};
  let childId = '';
  let parentB = { userId: '' };
  let familyCode = '';
  let classroomId = '';
  let adminId = '';
  let orgAId = '';

  async function operator(email: string, roles: ('admin' | 'support' | 'safety_reviewer')[]) {
    const { totpUri } = await h.auth.createOperator({ email, password: PASSWORD, roles });
    const secret = base32Decode(new URL(totpUri).searchParams.get('secret')!);
    const first = await gql(
      h.app,
      'mutation($i: OperatorLogInInput!) { operatorLogIn(input: $i) { totpEnrollmentRequired me { mfaVerified } } }',
      {
        i: { email, password: PASSWORD },
      },
    );
    expect(first.data?.operatorLogIn).toEqual({ totpEnrollmentRequired: true, me: { mfaVerified: false } });
    const pending = first.sessionToken!;
    const verified = await gql(
      h.app,
      'mutation($c: String!) { verifyTotp(code: $c) { me { mfaVerified } } }',
      { c: generateTotp(secret, h.clock.now()) },
      { token: pending },
    );
    expect(verified.data?.verifyTotp).toEqual({ me: { mfaVerified: true } });
    expect(verified.sessionToken).not.toBe(pending); // privilege change = new session id
    return { token: verified.sessionToken!, pending, secret };
  }

  beforeAll(async () => {
    h = await createHarness();
    const a = await parentWithSession(h, 'a@example.jp', PASSWORD);
    const b = await parentWithSession(h, 'b@example.jp', PASSWORD);
    t.parentA = a.token;
    t.parentB = b.token;
    parentB = b;
    const added = await gql(h.app, ADD_CHILD, { input: { nickname: 'Mio', grade: 4 } }, { token: t.parentA });
    childId = (field(added, 'addChild') as { id: string }).id;
    await gql(
      h.app,
      'mutation($c: ID!, $p: String!) { giveConsent(childId: $c, password: $p) }',
      { c: childId, p: PASSWORD },
      { token: t.parentA },
    );
    familyCode = (await gql(h.app, 'mutation { regenerateFamilyCode }', {}, { token: t.parentA })).data
      ?.regenerateFamilyCode as string;
    const link = await gql(
      h.app,
      'mutation($id: ID!) { issueDeviceLink(childId: $id) { url } }',
      { id: childId },
      { token: t.parentA },
    );
    const token = decodeURIComponent(
      (field(link, 'issueDeviceLink') as { url: string }).url.split('#token=')[1]!,
    );
    t.child = (
      await gql(h.app, 'mutation($t: String!) { childSignInWithLink(token: $t) { me { id } } }', { t: token })
    ).sessionToken!;

    const admin = await operator('admin@manabee.test', ['admin']);
    t.admin = admin.token;
    adminId = (field(await gql(h.app, '{ me { id } }', {}, { token: t.admin }), 'me') as { id: string }).id;
    // An admin who has not yet confirmed TOTP holds a session without MFA.
    await h.auth.createAdmin({ email: 'new-admin@manabee.test', password: PASSWORD });
    t.adminPending =
      (
        await gql(
          h.app,
          'mutation($i: OperatorLogInInput!) { operatorLogIn(input: $i) { totpEnrollmentRequired } }',
          { i: { email: 'new-admin@manabee.test', password: PASSWORD } },
        )
      ).sessionToken ?? '';
    t.support = (await operator('support@manabee.test', ['support'])).token;
    t.reviewer = (await operator('reviewer@manabee.test', ['safety_reviewer'])).token;

    for (const [key, school, email] of [
      ['teacher', 'School A', 'sensei@school-a.jp'],
      ['otherTeacher', 'School B', 'sensei@school-b.jp'],
    ] as const) {
      const org = await gql(
        h.app,
        'mutation($n: String!, $e: String!) { createOrganization(name: $n, adminEmail: $e) { id } }',
        { n: school, e: email },
        { token: t.admin },
      );
      const orgId = (field(org, 'createOrganization') as { id: string }).id;
      const invite = tokenInMail((await latestMail(h.outbox, email, /への招待が届いています/))!.text);
      const accepted = await gql(
        h.app,
        'mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { me { role orgId } } }',
        { t: invite, p: PASSWORD },
      );
      expect(accepted.data?.acceptInvitation).toMatchObject({ me: { role: 'teacher', orgId } });
      t[key] = accepted.sessionToken!;
      const classroom = await gql(
        h.app,
        'mutation($o: ID!, $n: String!) { createClassroom(orgId: $o, name: $n) { id } }',
        { o: orgId, n: '4-1' },
        { token: t[key] },
      );
      if (key === 'teacher') {
        classroomId = (field(classroom, 'createClassroom') as { id: string }).id;
        orgAId = orgId;
      }
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const q = {
    readChild: ['{ child(id: "$child") { id } }', {}],
    updateChild: ['mutation { updateChild(id: "$child", input: { nickname: "Hacked" }) { id } }', {}],
    readControls: ['{ parentalControls(childId: "$child") { dailyMinutes } }', {}],
    issueDevice: ['mutation { issueDeviceLink(childId: "$child") { url } }', {}],
    withdrawConsent: ['mutation { withdrawConsent(childId: "$child") }', {}],
    linkedChild: ['{ linkedChild(childId: "$child") { nickname } }', {}],
    searchDirectory: ['{ searchDirectory(query: "a@") { id } }', {}],
    accountB: ['{ account(id: "$parentB") { email } }', {}],
    accountAdmin: ['{ account(id: "$admin") { email } }', {}],
    revokeB: ['mutation { revokeUserSessions(userId: "$parentB") { sessions } }', {}],
    resendB: ['mutation { resendVerificationEmail(userId: "$parentB") }', {}],
    orgA: ['{ organization(id: "$org") { name } }', {}],
    blockParentB: ['mutation { blockAccount(userId: "$parentB", reason: "test") { blocked } }', {}],
    setRoles: ['mutation { setOperatorRoles(userId: "$parentB", roles: ["admin"]) }', {}],
    organizations: ['{ organizations { id } }', {}],
  } as const;

  // who, operation, expected code (null = allowed)
  const table: [string, keyof typeof q, string | null][] = [
    ['anonymous', 'readChild', 'UNAUTHENTICATED'],
    ['parentA', 'readChild', null],
    ['parentA', 'readControls', null],
    ['parentB', 'readChild', 'NOT_FOUND'],
    ['parentB', 'updateChild', 'NOT_FOUND'],
    ['parentB', 'readControls', 'NOT_FOUND'],
    ['parentB', 'issueDevice', 'NOT_FOUND'],
    ['parentB', 'withdrawConsent', 'NOT_FOUND'],
    ['parentA', 'searchDirectory', 'FORBIDDEN'],
    ['parentA', 'accountB', 'NOT_FOUND'],
    ['parentA', 'revokeB', 'NOT_FOUND'],
    ['parentA', 'resendB', 'NOT_FOUND'],
    ['teacher', 'accountB', 'NOT_FOUND'],
    ['child', 'accountB', 'FORBIDDEN'],
    ['anonymous', 'searchDirectory', 'UNAUTHENTICATED'],
    ['child', 'readControls', 'FORBIDDEN'],
    ['child', 'readChild', 'FORBIDDEN'],
    ['child', 'linkedChild', 'FORBIDDEN'],
    ['teacher', 'readChild', 'FORBIDDEN'],
    ['teacher', 'linkedChild', 'NOT_FOUND'],
    ['teacher', 'readControls', 'FORBIDDEN'],
    ['admin', 'readChild', 'FORBIDDEN'],
    ['admin', 'readControls', 'FORBIDDEN'],
    ['adminPending', 'searchDirectory', 'FORBIDDEN'],
    ['adminPending', 'accountB', 'FORBIDDEN'],
    ['support', 'searchDirectory', null],
    ['support', 'accountB', null],
    ['support', 'accountAdmin', 'NOT_FOUND'],
    ['support', 'orgA', null],
    ['admin', 'accountAdmin', null],
    ['teacher', 'orgA', null],
    ['otherTeacher', 'orgA', 'NOT_FOUND'],
    ['support', 'blockParentB', 'FORBIDDEN'],
    ['support', 'setRoles', 'FORBIDDEN'],
    ['support', 'organizations', null],
    ['reviewer', 'searchDirectory', 'FORBIDDEN'],
    ['reviewer', 'accountB', 'FORBIDDEN'],
    ['reviewer', 'revokeB', 'FORBIDDEN'],
    ['reviewer', 'resendB', 'FORBIDDEN'],
    ['reviewer', 'orgA', 'FORBIDDEN'],
    ['reviewer', 'blockParentB', 'FORBIDDEN'],
    ['parentA', 'blockParentB', 'FORBIDDEN'],
    ['teacher', 'organizations', null],
  ];

  it.each(table)('%s -> %s: %s', async (who, operation, expected) => {
    const [query] = q[operation];
    const text = query
      .replace('$child', childId)
      .replace('$parentB', parentB.userId)
      .replace('$admin', adminId)
      .replace('$org', orgAId);
    const response = await gql(h.app, text, {}, who === 'anonymous' ? {} : { token: t[who] });
    expect(response.code ?? null).toBe(expected);
    if (expected === null) expect(response.data).not.toBeNull();
  });

  it('a teacher sees a child only after the parent approves, and not after removal', async () => {
    const requested = await gql(
      h.app,
      'mutation($c: ID!, $f: String!, $n: String!) { requestClassroomLink(classroomId: $c, familyCode: $f, nickname: $n) { message } }',
      { c: classroomId, f: familyCode, n: 'Mio' },
      { token: t.teacher },
    );
    const noMatch = await gql(
      h.app,
      'mutation($c: ID!, $f: String!, $n: String!) { requestClassroomLink(classroomId: $c, familyCode: $f, nickname: $n) { message } }',
      { c: classroomId, f: familyCode, n: 'Nobody' },
      { token: t.teacher },
    );
    expect(requested.data).toEqual(noMatch.data); // no oracle for family codes
    const other = await gql(
      h.app,
      'mutation($c: ID!, $f: String!, $n: String!) { requestClassroomLink(classroomId: $c, familyCode: $f, nickname: $n) { message } }',
      { c: classroomId, f: familyCode, n: 'Mio' },
      { token: t.otherTeacher },
    );
    expect(other.code).toBe('NOT_FOUND');

    const links = await gql(
      h.app,
      '{ classroomLinks(childId: "%") { id status } }'.replace('%', childId),
      {},
      { token: t.parentA },
    );
    const link = (field(links, 'classroomLinks') as { id: string; status: string }[])[0]!;
    expect(link.status).toBe('pending');
    expect(
      (
        await gql(
          h.app,
          `mutation { approveClassroomLink(id: "${link.id}") { status } }`,
          {},
          { token: t.parentB },
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await gql(
          h.app,
          `mutation { approveClassroomLink(id: "${link.id}") { status } }`,
          {},
          { token: t.teacher },
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (await gql(h.app, `{ linkedChild(childId: "${childId}") { nickname } }`, {}, { token: t.teacher }))
        .code,
    ).toBe('NOT_FOUND');

    const approved = await gql(
      h.app,
      `mutation { approveClassroomLink(id: "${link.id}") { status } }`,
      {},
      { token: t.parentA },
    );
    expect(approved.data).toEqual({ approveClassroomLink: { status: 'approved' } });
    expect(
      (await gql(h.app, `{ linkedChild(childId: "${childId}") { nickname } }`, {}, { token: t.teacher }))
        .data,
    ).toEqual({ linkedChild: { nickname: 'Mio' } });
    expect(
      (
        await gql(
          h.app,
          `{ classroomChildren(classroomId: "${classroomId}") { nickname } }`,
          {},
          { token: t.teacher },
        )
      ).data,
    ).toEqual({ classroomChildren: [{ nickname: 'Mio' }] });
    expect(
      (await gql(h.app, `{ linkedChild(childId: "${childId}") { nickname } }`, {}, { token: t.otherTeacher }))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await gql(
          h.app,
          `{ classroomChildren(classroomId: "${classroomId}") { nickname } }`,
          {},
          { token: t.otherTeacher },
        )
      ).code,
    ).toBe('NOT_FOUND');

    await gql(
      h.app,
      `mutation { removeClassroomLink(id: "${link.id}") { status } }`,
      {},
      { token: t.parentA },
    );
    expect(
      (await gql(h.app, `{ linkedChild(childId: "${childId}") { nickname } }`, {}, { token: t.teacher }))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('an admin blocks an account: sessions end, sign-in is refused, unblock restores it', async () => {
    const blocked = await gql(
      h.app,
      `mutation { blockAccount(userId: "${parentB.userId}", reason: "abuse report") { blocked } }`,
      {},
      { token: t.admin },
    );
    expect(blocked.data).toEqual({ blockAccount: { blocked: true } });
    expect((await gql(h.app, '{ me { id } }', {}, { token: t.parentB })).data?.me).toBeNull();
    const login = await gql(h.app, 'mutation($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
      i: { email: 'b@example.jp', password: PASSWORD },
    });
    expect(login.code).toBe('FORBIDDEN');
    expect(h.events.find((e) => e.name === 'auth.account.blocked')?.payload).toMatchObject({
      userId: parentB.userId,
      reason: 'operator',
    });
    await gql(
      h.app,
      `mutation { unblockAccount(userId: "${parentB.userId}") { blocked } }`,
      {},
      { token: t.admin },
    );
    const again = await gql(h.app, 'mutation($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
      i: { email: 'b@example.jp', password: PASSWORD },
    });
    expect(again.errors).toBeUndefined();
  });

  it('operators need the TOTP code on later sign-ins, and a code is not accepted twice', async () => {
    const LOGIN =
      'mutation($i: OperatorLogInInput!) { operatorLogIn(input: $i) { totpEnrollmentRequired me { mfaVerified } } }';
    const { totpUri } = await h.auth.createAdmin({ email: 'second-admin@manabee.test', password: PASSWORD });
    const secret = base32Decode(new URL(totpUri).searchParams.get('secret')!);
    const pending = (
      await gql(h.app, LOGIN, { i: { email: 'second-admin@manabee.test', password: PASSWORD } })
    ).sessionToken!;
    await gql(
      h.app,
      'mutation($c: String!) { verifyTotp(code: $c) { me { id } } }',
      { c: generateTotp(secret, h.clock.now()) },
      { token: pending },
    );
    expect(
      (await gql(h.app, LOGIN, { i: { email: 'second-admin@manabee.test', password: PASSWORD } })).code,
    ).toBe('UNAUTHENTICATED');
    h.clock.advance(30_000);
    const code = generateTotp(secret, h.clock.now());
    const ok = await gql(h.app, LOGIN, {
      i: { email: 'second-admin@manabee.test', password: PASSWORD, totpCode: code },
    });
    expect(ok.data?.operatorLogIn).toEqual({ totpEnrollmentRequired: false, me: { mfaVerified: true } });
    expect(
      (
        await gql(h.app, LOGIN, {
          i: { email: 'second-admin@manabee.test', password: PASSWORD, totpCode: code },
        })
      ).code,
    ).toBe('UNAUTHENTICATED');
    expect(
      (await gql(h.app, 'mutation { enrollTotp { otpauthUri } }', {}, { token: ok.sessionToken! })).code,
    ).toBe('CONFLICT');
    // Parents cannot use the operator door, and operators cannot skip TOTP through the parent door.
    expect((await gql(h.app, LOGIN, { i: { email: 'a@example.jp', password: PASSWORD } })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (
        await gql(h.app, 'mutation($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
          i: { email: 'second-admin@manabee.test', password: PASSWORD },
        })
      ).code,
    ).toBe('FORBIDDEN');
  });
});
