import { backend } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_CHILD, createHarness, field, gql, type Harness, parentWithSession } from './harness';

describe(`what auth tells other services about children and zones (${backend.database})`, () => {
  let h: Harness;
  let tokyo = { token: '', userId: '', familyId: '' };
  let newYork = { token: '', userId: '', familyId: '' };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness();
    tokyo = await parentWithSession(h, 'tokyo@example.jp');
    newYork = await parentWithSession(h, 'new-york@example.com');
    const moved = await gql(
      h.app,
      'mutation($z: String) { updateAccountSettings(timeZone: $z) { timeZone } }',
      { z: 'America/New_York' },
      { token: newYork.token },
    );
    expect(moved.errors).toBeUndefined();
    for (const [nickname, parent] of [
      ['Hana', tokyo],
      ['Ken', tokyo],
      ['Liam', newYork],
    ] as const) {
      const added = await gql(h.app, ADD_CHILD, { input: { nickname, grade: 3 } }, { token: parent.token });
      ids[nickname] = (field(added, 'addChild') as { id: string }).id;
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a child’s profile carries the nickname and the family’s zone', async () => {
    expect(await h.auth.childProfile(ids.Hana!)).toMatchObject({
      childId: ids.Hana,
      familyId: tokyo.familyId,
      nickname: 'Hana',
      timeZone: 'Asia/Tokyo',
    });
    expect(await h.auth.childProfile(ids.Liam!)).toMatchObject({
      nickname: 'Liam',
      timeZone: 'America/New_York',
    });
  });

  it('lists the zones families live in and the children of the families in some of them', async () => {
    expect(await h.auth.timeZonesInUse()).toEqual(['America/New_York', 'Asia/Tokyo']);
    const inNewYork = await h.auth.childrenInTimeZones(['America/New_York']);
    expect(inNewYork).toEqual([
      {
        childId: ids.Liam,
        familyId: newYork.familyId,
        timeZone: 'America/New_York',
        createdAt: expect.any(Date),
      },
    ]);
    const inBoth = await h.auth.childrenInTimeZones(['Asia/Tokyo', 'America/New_York']);
    expect(inBoth.map((child) => child.childId).sort()).toEqual([ids.Hana, ids.Ken, ids.Liam].sort());
    expect(await h.auth.childrenInTimeZones(['Europe/London'])).toEqual([]);
    expect(await h.auth.childrenInTimeZones([])).toEqual([]);
  });
});
