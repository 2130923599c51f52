import { newId, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafetyService } from '../../src/index';
import { alertInput, createHarnessTables, family, harness } from './harness';

describe(`safety alert counts for the weekly report (${backend.database})`, () => {
  let test: TestDatabase;
  let safety: SafetyService;
  const home = family();
  const other = family();
  const from = new Date('2026-03-02T05:00:00Z');
  const to = new Date('2026-03-09T04:00:00Z');

  beforeAll(async () => {
    test = await createTestDatabase();
    await createHarnessTables(test.database);
    const built = harness(test.database);
    safety = built.service;
    await safety.init();
    const raise = async (
      fam: ReturnType<typeof family>,
      severity: 'low' | 'medium' | 'high' | 'critical',
      at: string,
    ) => {
      built.clock.set(new Date(at));
      await test.database.transaction((tx) => safety.alerts.raise(tx, alertInput(fam, { severity })));
    };
    await raise(home, 'critical', '2026-03-02T04:59:59Z'); // just before
    await raise(home, 'low', '2026-03-02T05:00:00Z'); // the first instant counts
    await raise(home, 'critical', '2026-03-04T10:00:00Z');
    await raise(home, 'low', '2026-03-06T10:00:00Z');
    await raise(home, 'high', '2026-03-07T10:00:00Z');
    await raise(home, 'low', '2026-03-09T03:59:59Z');
    await raise(home, 'medium', '2026-03-09T04:00:00Z'); // the end is exclusive
    await raise(other, 'critical', '2026-03-05T10:00:00Z'); // another child
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('counts one child’s alerts in [from, to) per severity, most severe first', async () => {
    expect(await safety.alertCountsOf(home.childId, from, to)).toEqual([
      { severity: 'critical', count: 1 },
      { severity: 'high', count: 1 },
      { severity: 'low', count: 3 },
    ]);
    expect(await safety.alertCountsOf(other.childId, from, to)).toEqual([{ severity: 'critical', count: 1 }]);
    expect(await safety.alertCountsOf(newId('chd'), from, to)).toEqual([]);
  });

  it('says nothing of what was flagged', async () => {
    const counts = await safety.alertCountsOf(home.childId, from, to);
    expect(JSON.stringify(counts)).not.toMatch(/死にたい|self_harm|alr_/);
  });

  it('leaves out alerts a reviewer marked as false positives', async () => {
    await sql`update safety_alerts set review_state = 'false_positive'
      where child_id = ${home.childId} and severity = 'high'`.execute(test.database.db);
    expect(await safety.alertCountsOf(home.childId, from, to)).toEqual([
      { severity: 'critical', count: 1 },
      { severity: 'low', count: 3 },
    ]);
  });
});
