import { type Cache, ManualClock, newId, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiService } from '../src/index';
import { collect, eventOf, followUp, openTestCache, testService } from './support';

describe(`ai family data: export and erasure on ${backend.database} + ${backend.cache}`, () => {
  let testDatabase: TestDatabase;
  let cache: Cache;
  let service: AiService;
  const clock = new ManualClock(new Date('2026-03-01T03:00:00Z'));
  const home = { familyId: newId('fam'), guardianId: newId('usr'), childIds: [newId('chd'), newId('chd')] };
  const other = { familyId: newId('fam'), guardianId: newId('usr'), childIds: [newId('chd')] };

  const ask = async (familyId: string, childId: string) => {
    const events = await collect(service.streamTutorReply(followUp({ familyId, childId })));
    expect(eventOf(events, 'done')).toBeDefined();
  };

  async function rows(familyId: string) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ai_usage
      where family_id = ${familyId}`.execute(testDatabase.database.db);
    return rows[0]!.n;
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    cache = await openTestCache();
    ({ service } = testService({ database: testDatabase.database, cache, clock }, {}));
    const [first, second] = home.childIds as [string, string];
    await ask(home.familyId, first);
    await ask(home.familyId, first);
    await ask(home.familyId, second);
    await ask(other.familyId, other.childIds[0]!);
    clock.advance(24 * 3600_000);
    await ask(home.familyId, first);
  });
  afterAll(async () => {
    await cache?.close();
    await testDatabase?.drop();
  });

  it('exports the family’s usage per child, day and model, without cost or other families', async () => {
    const exported = await service.exportFamilyData(home);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    const [first, second] = home.childIds as [string, string];
    const row = { provider: 'offline', model: 'manabee-offline-1', cachedReplies: 0 };
    expect(exported.usage).toEqual(
      [
        { childId: first, day: '2026-03-01', replies: 2, ...row },
        { childId: second, day: '2026-03-01', replies: 1, ...row },
        { childId: first, day: '2026-03-02', replies: 1, ...row },
      ]
        .sort((a, b) => a.day.localeCompare(b.day) || a.childId.localeCompare(b.childId))
        .map((expected) => ({
          ...expected,
          promptTokens: expect.any(Number),
          completionTokens: expect.any(Number),
        })),
    );
    expect(exported.usage[0]!.completionTokens).toBeGreaterThan(0);
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(/cost/i);
    expect(text).not.toContain(other.childIds[0]);
    expect((await service.exportFamilyData(other)).usage).toEqual([
      expect.objectContaining({ childId: other.childIds[0], replies: 1 }),
    ]);
  });

  it('erases the family’s usage, keeps the other family’s, and is idempotent', async () => {
    expect(await rows(home.familyId)).toBe(4);
    expect(await rows(other.familyId)).toBe(1);
    const erased = await testDatabase.database.transaction((tx) => service.eraseFamily(tx, home));
    expect(erased).toEqual({ ai_usage: 4 });
    expect(await rows(home.familyId)).toBe(0);
    expect(await rows(other.familyId)).toBe(1);
    expect(await service.usage.forFamilyDay(other.familyId, '2026-03-01')).toHaveLength(1);

    const again = await testDatabase.database.transaction((tx) => service.eraseFamily(tx, home));
    expect(again).toEqual({ ai_usage: 0 });
    expect((await service.exportFamilyData(home)).usage).toEqual([]);
  });
});
