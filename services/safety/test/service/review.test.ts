import { AppError, newId, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafetyService } from '../../src/index';
import { admin, alertInput, auditRows, createHarnessTables, family, harness, reviewer } from './harness';

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe(`safety review queue (${backend.database})`, () => {
  let test: TestDatabase;
  let safety: SafetyService;
  let clock: ReturnType<typeof harness>['clock'];
  const fam = family();
  const alice = reviewer();
  const bob = reviewer();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await createTestDatabase();
    await createHarnessTables(test.database);
    ({ service: safety, clock } = harness(test.database));
    // Raised 3 h, 2 h, 1 h and 0 h ago.
    const raise = async (name: string, overrides: Parameters<typeof alertInput>[1]) => {
      ids[name] = (
        await test.database.transaction((tx) => safety.alerts.raise(tx, alertInput(fam, overrides)))
      ).alertId;
      clock.advance(3600_000);
    };
    await raise('oldMedium', { severity: 'medium', categories: ['violence'], flaggedText: 'old medium' });
    await raise('critical', { severity: 'critical', categories: ['self_harm'], flaggedText: 'critical one' });
    await raise('grooming', {
      severity: 'high',
      categories: ['grooming', 'personal_info'],
      flaggedText: 'g',
    });
    await raise('fresh', { severity: 'high', categories: ['violence'], flaggedText: 'homework about 戦争' });
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('is for safety reviewers only', async () => {
    expect(await code(safety.review.queue(fam.parent, {}, { first: 10, offset: 0 }))).toBe('FORBIDDEN');
    expect(await code(safety.review.claim(fam.parent, ids.critical!))).toBe('FORBIDDEN');
    expect(await code(safety.review.item(fam.child, ids.critical!))).toBe('FORBIDDEN');
  });

  it('orders by severity then waiting time, and filters by severity, category, age and state', async () => {
    const all = await safety.review.queue(alice, {}, { first: 50, offset: 0 });
    expect(all.items.map((i) => i.id)).toEqual([ids.critical, ids.grooming, ids.fresh, ids.oldMedium]);
    expect(all.total).toBe(4);
    expect(all.items.find((i) => i.id === ids.oldMedium)!.waitedSeconds).toBe(4 * 3600);
    expect(JSON.stringify(all)).not.toContain('critical one');

    const high = await safety.review.queue(alice, { severities: ['high'] }, { first: 50, offset: 0 });
    expect(high.items.map((i) => i.id)).toEqual([ids.grooming, ids.fresh]);
    const personal = await safety.review.queue(
      alice,
      { category: 'personal_info' },
      { first: 50, offset: 0 },
    );
    expect(personal.items.map((i) => i.id)).toEqual([ids.grooming]);
    const waitedTwoHours = await safety.review.queue(alice, { minAgeMinutes: 150 }, { first: 50, offset: 0 });
    expect(waitedTwoHours.items.map((i) => i.id)).toEqual([ids.critical, ids.oldMedium]);
    const recent = await safety.review.queue(alice, { maxAgeMinutes: 90 }, { first: 50, offset: 0 });
    expect(recent.items.map((i) => i.id)).toEqual([ids.fresh]);
    const page2 = await safety.review.queue(alice, {}, { first: 2, offset: 2 });
    expect(page2.items.map((i) => i.id)).toEqual([ids.fresh, ids.oldMedium]);
  });

  it('claims for one reviewer, records the wait, and keeps others off', async () => {
    clock.advance(10 * 60_000);
    const claimed = await safety.review.claim(alice, ids.critical!);
    expect(claimed).toMatchObject({ state: 'in_review', claimedBy: alice.id, waitedSeconds: 3 * 3600 + 600 });
    expect((await safety.review.claim(alice, ids.critical!)).state).toBe('in_review');
    expect(await code(safety.review.claim(bob, ids.critical!))).toBe('CONFLICT');
    expect(await code(safety.review.resolve(bob, { alertId: ids.critical!, outcome: 'resolved' }))).toBe(
      'CONFLICT',
    );
    expect(await code(safety.review.claim(alice, newId('alr')))).toBe('NOT_FOUND');
    const mine = await safety.review.queue(alice, { states: ['in_review'] }, { first: 10, offset: 0 });
    expect(mine.items.map((i) => i.id)).toEqual([ids.critical]);
    expect(await auditRows(test.database, 'safety.review.claimed')).toContainEqual(
      expect.objectContaining({ actor_id: alice.id, resource_id: ids.critical }),
    );
  });

  it('shows a reviewer the text, context and sealed notes, auditing every view', async () => {
    await safety.review.note(alice, ids.critical!, 'called the parent; child is safe');
    const item = await safety.review.item(alice, ids.critical!);
    expect(item.flaggedText).toBe('critical one');
    expect(item.context).toHaveLength(2);
    expect(item.notes.map((n) => n.text)).toEqual(['called the parent; child is safe']);
    const { rows } = await sql`select * from safety_review_notes`.execute(test.database.db);
    expect(JSON.stringify(rows)).not.toContain('called the parent');
    expect(await auditRows(test.database, 'safety.alert.viewed')).toContainEqual(
      expect.objectContaining({
        actor_id: alice.id,
        actor_role: 'safety_reviewer',
        resource_id: ids.critical,
      }),
    );
  });

  it('resolves with a note; a closed alert cannot be resolved again', async () => {
    const done = await safety.review.resolve(alice, {
      alertId: ids.critical!,
      outcome: 'resolved',
      note: 'escalated to parent by phone',
    });
    expect(done).toMatchObject({ state: 'resolved', resolvedBy: alice.id, noteCount: 2 });
    expect(
      await code(safety.review.resolve(alice, { alertId: ids.critical!, outcome: 'false_positive' })),
    ).toBe('CONFLICT');
    const open = await safety.review.queue(alice, {}, { first: 10, offset: 0 });
    expect(open.items.map((i) => i.id)).not.toContain(ids.critical);
  });

  it('keeps a false positive as sealed feedback and exports it as training JSONL', async () => {
    await safety.review.resolve(bob, { alertId: ids.fresh!, outcome: 'false_positive', note: 'homework' });
    const { rows } = await sql<Record<string, unknown>>`select * from safety_feedback`.execute(
      test.database.db,
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('戦争');

    expect(await code(Promise.resolve().then(() => safety.feedback.exportFeedback(alice)))).toBe('FORBIDDEN');
    const lines: string[] = [];
    for await (const line of safety.feedback.exportFeedback(admin(), { onlyNew: true })) lines.push(line);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        text: 'homework about 戦争',
        lang: 'ja',
        label: 'benign',
        predicted: ['violence'],
      }),
    ]);
    const again: string[] = [];
    for await (const line of safety.feedback.exportFeedback(admin(), { onlyNew: true })) again.push(line);
    expect(again).toEqual([]);
    expect(await auditRows(test.database, 'safety.feedback.exported')).toHaveLength(2);
  });

  it('bulk-resolves, skipping what is closed, unknown or claimed by someone else', async () => {
    await safety.review.claim(bob, ids.grooming!);
    const missing = newId('alr');
    const result = await safety.review.bulkResolve(alice, {
      alertIds: [ids.oldMedium!, ids.critical!, ids.grooming!, missing, ids.oldMedium!],
      outcome: 'false_positive',
      note: 'batch of history homework',
    });
    expect(result.updated).toEqual([ids.oldMedium]);
    expect(result.skipped).toEqual([
      { alertId: ids.critical, reason: 'already_closed' },
      { alertId: ids.grooming, reason: 'claimed_by_another_reviewer' },
      { alertId: missing, reason: 'not_found' },
    ]);
    const byAdmin = await safety.review.bulkResolve(admin(), {
      alertIds: [ids.grooming!],
      outcome: 'resolved',
    });
    expect(byAdmin.updated).toEqual([ids.grooming]);
    const closed = await safety.review.queue(
      alice,
      { states: ['resolved', 'false_positive'] },
      { first: 10, offset: 0 },
    );
    expect(closed.total).toBe(4);
    const { rows } = await sql`select id from safety_feedback`.execute(test.database.db);
    expect(rows).toHaveLength(2);
  });
});
