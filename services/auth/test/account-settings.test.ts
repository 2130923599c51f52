import { backend } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_CHILD, createHarness, field, gql, type Harness, latestMail, parentWithSession } from './harness';

const PASSWORD = 'correct horse battery';
const UPDATE =
  'mutation($l: String, $z: String) { updateAccountSettings(locale: $l, timeZone: $z) { locale timeZone } }';

describe(`account language and time zone (${backend.database}, ${backend.cache})`, () => {
  let h: Harness;
  let parent = { token: '', userId: '', familyId: '' };

  beforeAll(async () => {
    h = await createHarness();
    parent = await parentWithSession(h, 'settings@example.jp', PASSWORD);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a parent switches to English in New York: the session, the family zone and later mail follow', async () => {
    const updated = await gql(h.app, UPDATE, { l: 'en', z: 'America/New_York' }, { token: parent.token });
    expect(updated.data).toEqual({ updateAccountSettings: { locale: 'en', timeZone: 'America/New_York' } });
    // The same session sees the new language at once (no sign-in again).
    expect((await gql(h.app, '{ me { locale timeZone } }', {}, { token: parent.token })).data).toEqual({
      me: { locale: 'en', timeZone: 'America/New_York' },
    });
    expect((await gql(h.app, '{ family { timeZone } }', {}, { token: parent.token })).data).toEqual({
      family: { timeZone: 'America/New_York' },
    });
    await gql(h.app, 'mutation($e: String!) { requestPasswordReset(email: $e) { message } }', {
      e: 'settings@example.jp',
    });
    expect(await latestMail(h.outbox, 'settings@example.jp', /Reset your Manabee password/)).not.toBeNull();

    // Only what is given changes.
    const zoneOnly = await gql(h.app, UPDATE, { z: 'Asia/Tokyo' }, { token: parent.token });
    expect(zoneOnly.data).toEqual({ updateAccountSettings: { locale: 'en', timeZone: 'Asia/Tokyo' } });
  });

  it('refuses unknown languages and zones, children and anonymous callers', async () => {
    expect((await gql(h.app, UPDATE, { l: 'xx' }, { token: parent.token })).code).toBe('VALIDATION_FAILED');
    expect((await gql(h.app, UPDATE, { z: 'Mars/Olympus_Mons' }, { token: parent.token })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await gql(h.app, UPDATE, { l: 'en' })).code).toBe('UNAUTHENTICATED');
    const added = await gql(
      h.app,
      ADD_CHILD,
      { input: { nickname: 'Kai', grade: 5 } },
      { token: parent.token },
    );
    const childId = (field(added, 'addChild') as { id: string }).id;
    await gql(
      h.app,
      'mutation($c: ID!, $p: String!) { giveConsent(childId: $c, password: $p) }',
      { c: childId, p: PASSWORD },
      { token: parent.token },
    );
    const link = field(
      await gql(
        h.app,
        'mutation($id: ID!) { issueDeviceLink(childId: $id) { url } }',
        { id: childId },
        { token: parent.token },
      ),
      'issueDeviceLink',
    ) as { url: string };
    const child = (
      await gql(h.app, 'mutation($t: String!) { childSignInWithLink(token: $t) { me { id } } }', {
        t: decodeURIComponent(link.url.split('#token=')[1]!),
      })
    ).sessionToken!;
    expect((await gql(h.app, UPDATE, { l: 'en' }, { token: child })).code).toBe('FORBIDDEN');
    expect((await gql(h.app, '{ me { locale } }', {}, { token: parent.token })).data).toEqual({
      me: { locale: 'en' },
    });
  });
});
