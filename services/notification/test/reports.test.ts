import { newId, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeklyReportLink } from '../src/index';
import { buildWorld } from './harness';

describe(`weekly report notices (${backend.database})`, () => {
  let testDb: TestDatabase;
  let world: ReturnType<typeof buildWorld>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    world = buildWorld({ database: testDb.database, config: {} });
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('report.weekly.ready reaches the guardians in-app with the child’s name and the week’s link, once', async () => {
    const familyId = newId('fam');
    const childId = newId('chd');
    const parent = world.directory.addParent(familyId, { locale: 'en' });
    const other = world.directory.addParent(newId('fam'), { locale: 'en' });
    world.directory.children.set(childId, 'Hana');

    const ready = { familyId, childId, weekStart: '2026-11-23' };
    await world.announceWeeklyReport(ready);
    // A second announcement of the same week (a replayed job) tells nobody twice.
    await world.announceWeeklyReport(ready);
    await world.drain();

    const inbox = await world.service.inbox(parent.userId);
    expect(inbox).toHaveLength(1);
    const link = `https://manabee.test/family/reports?child=${childId}&week=2026-11-23`;
    expect(inbox[0]).toMatchObject({
      type: 'weekly_report_ready',
      category: 'reports',
      title: 'Hana’s weekly report is ready',
      link,
    });
    expect(inbox[0]?.body).toContain('Hana');
    expect(await world.service.inbox(other.userId)).toHaveLength(0);
    // Email too (reports default to on), rendered in the parent's language.
    const channels = (await world.deliveries(parent.userId)).map((row) => row.channel).sort();
    expect(channels).toEqual(['email', 'in_app']);
  });

  it('the next week is a new notice; a child removed meanwhile gets none', async () => {
    const familyId = newId('fam');
    const childId = newId('chd');
    const parent = world.directory.addParent(familyId, { locale: 'ja' });
    world.directory.children.set(childId, 'はな');
    await world.announceWeeklyReport({ familyId, childId, weekStart: '2026-11-16' });
    await world.announceWeeklyReport({ familyId, childId, weekStart: '2026-11-23' });
    await world.drain();
    const inbox = await world.service.inbox(parent.userId);
    expect(inbox.map((item) => item.title)).toEqual([
      'はな さんの週間レポートができました',
      'はな さんの週間レポートができました',
    ]);
    expect(inbox.map((item) => item.link).sort()).toEqual([
      weeklyReportLink('https://manabee.test', childId, '2026-11-16'),
      weeklyReportLink('https://manabee.test', childId, '2026-11-23'),
    ]);

    world.directory.children.delete(childId);
    const eventId = await world.announceWeeklyReport({ familyId, childId, weekStart: '2026-11-30' });
    await world.drain();
    expect(await world.service.inbox(parent.userId)).toHaveLength(2);
    // Handled (not failing and retried): the consumer recorded the event.
    const { rows } = await sql`select 1 from inbox where consumer = 'notification-reports'
      and event_id = ${eventId}`.execute(testDb.database.db);
    expect(rows).toHaveLength(1);
  });

  it('links work with or without a trailing slash on the public URL', () => {
    expect(weeklyReportLink('https://manabee.app/', 'chd_X', '2026-11-23')).toBe(
      'https://manabee.app/family/reports?child=chd_X&week=2026-11-23',
    );
  });
});
