import { eventSchemas } from '@manabee/contracts';
import { createEventBus, createJobQueue, ManualClock, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportService, type ReportDeps, type ReportService, WEEKLY_QUEUE } from '../src/index';
import { authorize, family, quiet, World } from './fakes';

describe(`weekly report notices (${backend.database})`, () => {
  let test: TestDatabase;
  let report: ReportService;
  const clock = new ManualClock(new Date('2026-11-29T12:00:00Z'));
  const world = new World();
  const tokyo = family('Asia/Tokyo', ['Hana', 'Ken']);
  const lateTokyo = family('Asia/Tokyo', ['Mei']);
  const newYork = family('America/New_York', ['Liam']);
  let failNext: string | undefined;

  beforeAll(async () => {
    test = await createTestDatabase();
    world.addFamily(tokyo);
    world.addFamily(newYork);
    // Added on Monday 2026-11-30 at 07:30 in Tokyo: after the week that is announced that morning.
    world.addFamily(lateTokyo, new Date('2026-11-29T22:30:00Z'));
    const jobs = createJobQueue({ database: test.database, logger: quiet, clock });
    // The real outbox: payloads are checked against the contracts and written in the caller's transaction.
    const bus = createEventBus({ database: test.database, jobs, logger: quiet, schemas: eventSchemas });
    const publish: ReportDeps['publish'] = async (tx, name, payload) => {
      if (failNext === payload.childId) {
        failNext = undefined;
        throw new Error('outbox unavailable');
      }
      return bus.publish(tx, name, payload);
    };
    report = createReportService({
      database: test.database,
      logger: quiet,
      clock,
      authorize,
      ...world.ports(),
      publish,
    });
  });
  afterAll(async () => {
    await test?.drop();
  });

  async function announced() {
    const { rows } = await sql<{
      name: string;
      payload: { familyId: string; childId: string; weekStart: string };
    }>`
      select name, payload from outbox order by id`.execute(test.database.db);
    return rows.map((row) => ({
      name: row.name,
      ...(typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload),
    }));
  }
  const run = async (at: string) => {
    clock.set(new Date(at));
    return report.announceReadyWeeks();
  };

  it('runs hourly at five past', () => {
    expect(report.definition().schedules).toEqual([{ queue: WEEKLY_QUEUE, cron: '5 * * * *' }]);
    expect(report.definition().jobs?.map((job) => job.queue)).toEqual([WEEKLY_QUEUE]);
  });

  it('announces last week once per child at Monday 08:xx in each family’s zone', async () => {
    // Sunday evening and Monday 07:05 in Tokyo: nothing yet.
    expect(await run('2026-11-29T12:05:00Z')).toBe(0);
    expect(await run('2026-11-29T22:05:00Z')).toBe(0);
    expect(await announced()).toEqual([]);

    // Monday 08:05 in Tokyo (Sunday 18:05 in New York).
    expect(await run('2026-11-29T23:05:00Z')).toBe(2);
    const ready = (childId: string, familyId: string, weekStart: string) => ({
      name: 'report.weekly.ready',
      familyId,
      childId,
      weekStart,
    });
    const [hana, ken] = tokyo.children.map((child) => child.childId) as [string, string];
    expect(await announced()).toEqual([
      ready(hana, tokyo.familyId, '2026-11-23'),
      ready(ken, tokyo.familyId, '2026-11-23'),
    ]);

    // The same hour again (a doubled or retried run), then 09:05: nothing more.
    expect(await run('2026-11-29T23:05:00Z')).toBe(0);
    expect(await run('2026-11-29T23:55:00Z')).toBe(0);
    expect(await run('2026-11-30T00:05:00Z')).toBe(0);
    expect(await announced()).toHaveLength(2);

    // Monday 08:05 in New York (EST).
    expect(await run('2026-11-30T13:05:00Z')).toBe(1);
    expect((await announced()).at(-1)).toEqual(
      ready(newYork.children[0]!.childId, newYork.familyId, '2026-11-23'),
    );

    // A week later every Tokyo child, the one added last Monday too.
    expect(await run('2026-12-06T23:05:00Z')).toBe(3);
    expect((await announced()).slice(-3).map((event) => event.weekStart)).toEqual([
      '2026-11-30',
      '2026-11-30',
      '2026-11-30',
    ]);
  });

  it('a failed notice is not marked sent: the others go out and the retry sends it', async () => {
    const [hana] = tokyo.children.map((child) => child.childId) as [string];
    failNext = hana;
    const before = (await announced()).length;
    await expect(run('2026-12-13T23:05:00Z')).rejects.toThrow(/1 weekly report notices failed/);
    expect((await announced()).length).toBe(before + 2);
    expect(await run('2026-12-13T23:10:00Z')).toBe(1);
    expect((await announced()).at(-1)).toMatchObject({ childId: hana, weekStart: '2026-12-07' });
    expect(await run('2026-12-13T23:15:00Z')).toBe(0);
  });

  it('forgets a deleted family’s weeks', async () => {
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from report_weekly_sent`.execute(test.database.db))
        .rows[0]!.n;
    const before = await count();
    const erased = await test.database.transaction((tx) =>
      report.eraseFamily(tx, { childIds: tokyo.children.map((child) => child.childId) }),
    );
    // Hana and Ken: three weeks each.
    expect(erased).toEqual({ report_weekly_sent: 6 });
    expect(await count()).toBe(before - 6);
  });
});
