import { sql } from '@manabee/kernel';
import { backend } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_CHILD, createHarness, field, gql, type Harness, LOG_IN, parentWithSession } from './harness';

const PASSWORD = 'correct horse battery';
const DELETE = 'mutation($p: String!, $c: String!) { deleteFamily(password: $p, confirmation: $c) }';

describe(`a parent's family data (${backend.database}, ${backend.cache})`, () => {
  let h: Harness;
  let a = { token: '', userId: '', familyId: '' };
  let b = { token: '', userId: '', familyId: '' };
  let childId = '';
  let childToken = '';

  const count = async (query: ReturnType<typeof sql<{ n: number | string }>>) =>
    Number((await query.execute(h.test.database.db)).rows[0]?.n ?? 0);

  beforeAll(async () => {
    h = await createHarness();
    a = await parentWithSession(h, 'family-a@example.jp', PASSWORD);
    b = await parentWithSession(h, 'family-b@example.jp', PASSWORD);
    childId = (
      field(
        await gql(h.app, ADD_CHILD, { input: { nickname: 'Hana', grade: 2 } }, { token: a.token }),
        'addChild',
      ) as { id: string }
    ).id;
    await gql(
      h.app,
      'mutation($c: ID!, $p: String!) { giveConsent(childId: $c, password: $p) }',
      { c: childId, p: PASSWORD },
      { token: a.token },
    );
    const link = field(
      await gql(
        h.app,
        'mutation($id: ID!) { issueDeviceLink(childId: $id) { url } }',
        { id: childId },
        { token: a.token },
      ),
      'issueDeviceLink',
    ) as { url: string };
    childToken = (
      await gql(h.app, 'mutation($t: String!) { childSignInWithLink(token: $t) { me { id } } }', {
        t: decodeURIComponent(link.url.split('#token=')[1]!),
      })
    ).sessionToken!;
    // Sealed content exists for the family, as chat would write it.
    await h.keyring.seal(h.test.database.db, a.familyId, '23+48は？', 'msg:test');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('exports what auth holds: the parent, the family, children with controls, consents and devices', async () => {
    expect(await h.auth.familyMembers(a.familyId)).toEqual({
      familyId: a.familyId,
      guardianId: a.userId,
      childIds: [childId],
    });
    const data = (await h.auth.exportAccountData(a.familyId)) as {
      parent: { email: string };
      children: { nickname: string; consents: unknown[]; parentalControls: unknown }[];
      childDevices: unknown[];
    };
    expect(data.parent.email).toBe('family-a@example.jp');
    expect(data.children).toEqual([
      expect.objectContaining({
        nickname: 'Hana',
        consents: [expect.objectContaining({ withdrawnAt: null })],
        parentalControls: expect.any(Object),
      }),
    ]);
    expect(data.childDevices).toHaveLength(1);
    expect(JSON.stringify(data)).not.toMatch(/"(passwordHash|pinHash|totpSecret|token|secretHash)"/);
  });

  it('refuses a wrong confirmation or password, and other roles', async () => {
    const wrongEmail = await gql(
      h.app,
      DELETE,
      { p: PASSWORD, c: 'family-b@example.jp' },
      { token: a.token },
    );
    expect(wrongEmail.code).toBe('VALIDATION_FAILED');
    const wrongPassword = await gql(
      h.app,
      DELETE,
      { p: 'not the password', c: 'family-a@example.jp' },
      { token: a.token },
    );
    expect(wrongPassword.code).toBe('UNAUTHENTICATED');
    const child = await gql(h.app, DELETE, { p: PASSWORD, c: 'family-a@example.jp' }, { token: childToken });
    expect(child.code).toBe('FORBIDDEN');
    const anonymous = await gql(h.app, DELETE, { p: PASSWORD, c: 'family-a@example.jp' });
    expect(anonymous.code).toBe('UNAUTHENTICATED');
    expect(await h.auth.familyMembers(a.familyId)).not.toBeNull();
  });

  it('deletes the family: key destroyed, sessions ended, accounts gone, event published; family B untouched', async () => {
    const deleted = await gql(
      h.app,
      DELETE,
      { p: PASSWORD, c: '  Family-A@example.jp ' },
      { token: a.token },
    );
    expect(deleted.data).toEqual({ deleteFamily: true });
    expect(deleted.setCookie).toMatch(/mb_session=;/);

    await expect(h.keyring.open(h.test.database.db, a.familyId, 'x', 'msg:test')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await gql(h.app, '{ me { id } }', {}, { token: a.token })).data?.me).toBeNull();
    expect((await gql(h.app, '{ me { id } }', {}, { token: childToken })).data?.me).toBeNull();
    const login = await gql(h.app, LOG_IN, { input: { email: 'family-a@example.jp', password: PASSWORD } });
    expect(login.code).toBe('UNAUTHENTICATED');
    expect(await h.auth.familyMembers(a.familyId)).toBeNull();
    const gone: [string, string, string][] = [
      ['auth_families', 'id', a.familyId],
      ['auth_children', 'family_id', a.familyId],
      ['auth_consents', 'family_id', a.familyId],
      ['auth_parental_controls', 'child_id', childId],
      ['auth_users', 'id', a.userId],
    ];
    for (const [table, column, value] of gone)
      expect(
        await count(
          sql<{
            n: number;
          }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${value}`,
        ),
        table,
      ).toBe(0);
    expect(
      await count(
        sql<{
          n: number;
        }>`select count(*) as n from auth_sessions where subject_id in (${a.userId}, ${childId})`,
      ),
    ).toBe(0);

    const event = h.events.find((e) => e.name === 'auth.family.deleted');
    expect(event?.payload).toMatchObject({ familyId: a.familyId, guardianId: a.userId, childIds: [childId] });
    expect(
      await count(sql<{ n: number }>`select count(*) as n from audit_log
        where action = 'auth.family.deleted' and resource_id = ${a.familyId}`),
    ).toBe(1);

    // The other family is whole.
    expect((await gql(h.app, '{ me { familyId } }', {}, { token: b.token })).data?.me).toEqual({
      familyId: b.familyId,
    });
    // The deleted address can sign up again, as a new family.
    const again = await gql(h.app, 'mutation($i: SignUpInput!) { signUp(input: $i) { message } }', {
      i: { email: 'family-a@example.jp', password: PASSWORD },
    });
    expect(again.errors).toBeUndefined();
  });
});
