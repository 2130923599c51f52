import { randomBytes } from 'node:crypto';
import { createFamilyKeyring, newId, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafetyService } from '../../src/index';
import { alertInput, createHarnessTables, family, harness, reviewer } from './harness';

describe(`safety family data: export and erasure (${backend.database})`, () => {
  let test: TestDatabase;
  let safety: SafetyService;
  const keyring = createFamilyKeyring(randomBytes(32));
  const home = family();
  const other = family();
  const scope = (fam: ReturnType<typeof family>) => ({
    familyId: fam.familyId,
    guardianId: fam.parent.id,
    childIds: [fam.childId],
  });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await createTestDatabase();
    await createHarnessTables(test.database);
    ({ service: safety } = harness(test.database, { keyring }));
    await safety.init();
    const raise = async (
      name: string,
      fam: ReturnType<typeof family>,
      overrides: Parameters<typeof alertInput>[1],
    ) => {
      ids[name] = (
        await test.database.transaction((tx) => safety.alerts.raise(tx, alertInput(fam, overrides)))
      ).alertId;
    };
    await raise('critical', home, {});
    await raise('falseAlarm', home, {
      severity: 'medium',
      categories: ['violence'],
      flaggedText: 'ゲームで ドラゴンを たおした',
      context: [{ role: 'child', text: 'きのう ゲームを したよ' }],
    });
    await raise('otherAlert', other, {
      severity: 'high',
      categories: ['violence'],
      flaggedText: 'other family flagged text',
      context: [{ role: 'child', text: 'other family context' }],
    });
    const alice = reviewer();
    await safety.review.note(alice, ids.critical!, 'reviewer note: called the parent');
    await safety.review.resolve(alice, {
      alertId: ids.falseAlarm!,
      outcome: 'false_positive',
      note: 'reviewer note: just a game',
    });
    await safety.review.resolve(alice, {
      alertId: ids.otherAlert!,
      outcome: 'false_positive',
      note: 'reviewer note: other family',
    });
    await safety.parentAlerts.acknowledge(home.parent, ids.critical!);
  });
  afterAll(async () => {
    await test?.drop();
  });

  async function counts(familyId: string) {
    const { rows } = await sql<{ alerts: number; notes: number; feedback: number }>`select
      (select count(*)::int from safety_alerts where family_id = ${familyId}) as alerts,
      (select count(*)::int from safety_review_notes n join safety_alerts a on a.id = n.alert_id
        where a.family_id = ${familyId}) as notes,
      (select count(*)::int from safety_feedback where family_id = ${familyId}) as feedback`.execute(
      test.database.db,
    );
    return rows[0]!;
  }

  async function allNotes() {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from safety_review_notes`.execute(
      test.database.db,
    );
    return rows[0]!.n;
  }

  it('exports the family’s alerts with their text decrypted, without reviewer notes or other families', async () => {
    const exported = await safety.exportFamilyData(scope(home));
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    const text = JSON.stringify(exported);
    expect(text).not.toContain('other family');
    expect(text).not.toContain('reviewer note');
    expect(text).not.toContain(ids.otherAlert);

    expect(exported.alerts.map((a) => a.id)).toEqual([ids.critical, ids.falseAlarm]);
    const [critical, falseAlarm] = exported.alerts as [
      (typeof exported.alerts)[0],
      (typeof exported.alerts)[0],
    ];
    expect(critical).toMatchObject({
      childId: home.childId,
      category: 'self_harm',
      categories: ['self_harm'],
      severity: 'critical',
      state: 'new',
      flaggedText: 'もう死にたい。だれにも言えない',
      context: [
        { role: 'child', text: 'きょう学校でいやなことがあった' },
        { role: 'tutor', text: 'そうなんだ、話してくれてありがとう' },
      ],
      reviewedAt: null,
    });
    expect(critical.acknowledgedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(falseAlarm).toMatchObject({
      state: 'false_positive',
      flaggedText: 'ゲームで ドラゴンを たおした',
    });
    expect(falseAlarm.reviewedAt).toMatch(/Z$/);
    expect(exported.falsePositiveExamples).toEqual([
      expect.objectContaining({
        alertId: ids.falseAlarm,
        text: 'ゲームで ドラゴンを たおした',
        usedForTrainingAt: null,
      }),
    ]);

    const theirs = await safety.exportFamilyData(scope(other));
    expect(theirs.alerts.map((a) => a.flaggedText)).toEqual(['other family flagged text']);
    expect(JSON.stringify(theirs)).not.toContain('ドラゴン');
  });

  it('erases the family’s alerts, notes and feedback, keeps the other family’s and the keyword lists', async () => {
    const theirs = await counts(other.familyId);
    expect(await counts(home.familyId)).toEqual({ alerts: 2, notes: 2, feedback: 1 });
    expect(theirs).toEqual({ alerts: 1, notes: 1, feedback: 1 });
    const lists = await sql<{ n: number }>`select count(*)::int as n from safety_keyword_lists`.execute(
      test.database.db,
    );
    expect(lists.rows[0]!.n).toBeGreaterThan(0);

    // As the deletion runs: auth shreds the key, then safety's handler erases in its transaction.
    await keyring.destroy(test.database.db, home.familyId);
    const erased = await test.database.transaction((tx) => safety.eraseFamily(tx, scope(home)));
    expect(erased).toEqual({ safety_review_notes: 2, safety_alerts: 2, safety_feedback: 1 });
    expect(await counts(home.familyId)).toEqual({ alerts: 0, notes: 0, feedback: 0 });
    expect(await allNotes()).toBe(1);
    expect(await counts(other.familyId)).toEqual(theirs);
    const listsAfter = await sql<{ n: number }>`select count(*)::int as n from safety_keyword_lists`.execute(
      test.database.db,
    );
    expect(listsAfter.rows[0]!.n).toBe(lists.rows[0]!.n);

    const again = await test.database.transaction((tx) => safety.eraseFamily(tx, scope(home)));
    expect(again).toEqual({ safety_review_notes: 0, safety_alerts: 0, safety_feedback: 0 });
    expect((await safety.exportFamilyData(scope(other))).alerts).toHaveLength(1);
  });

  it('erases nothing for a family it never heard of', async () => {
    const unknown = { familyId: newId('fam'), guardianId: newId('usr'), childIds: [] };
    expect(await test.database.transaction((tx) => safety.eraseFamily(tx, unknown))).toEqual({
      safety_review_notes: 0,
      safety_alerts: 0,
      safety_feedback: 0,
    });
    expect(await safety.exportFamilyData(unknown)).toEqual({
      alerts: [],
      falsePositiveExamples: [],
      missedExamples: [],
    });
  });
});
