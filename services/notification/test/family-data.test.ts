import { ManualClock, newId, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recipient } from '../src/index';
import { browserKeys, buildWorld } from './harness';

const TABLES = [
  'notifications',
  'notification_deliveries',
  'notification_preferences',
  'notification_quiet_hours',
  'push_subscriptions',
  'notification_digest_items',
] as const;

describe(`notification family data: export and erasure (${backend.database})`, () => {
  let testDb: TestDatabase;
  let world: ReturnType<typeof buildWorld>;
  const clock = new ManualClock(new Date());
  const home = { familyId: newId('fam'), childIds: [newId('chd')] };
  const other = { familyId: newId('fam'), childIds: [newId('chd')] };
  let homeParent: Recipient;
  let otherParent: Recipient;
  const homeKeys = browserKeys();
  const otherKeys = browserKeys();
  const alerts: Record<string, string> = {};
  const scope = (family: typeof home, parent: Recipient) => ({ ...family, guardianId: parent.userId });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    world = buildWorld({ database: testDb.database, config: {}, clock });
    homeParent = world.directory.addParent(home.familyId);
    otherParent = world.directory.addParent(other.familyId);
    const { service } = world;
    await service.setPreference(homeParent.userId, 'reports', 'email', false);
    await service.setQuietHours(homeParent.userId, { start: '21:30', end: '06:45' });
    await service.registerPushSubscription(homeParent.userId, {
      kind: 'webpush',
      endpoint: 'https://push.example.test/send/home-secret-endpoint',
      ...homeKeys,
    });
    await service.setPreference(otherParent.userId, 'news', 'email', true);
    await service.setQuietHours(otherParent.userId, { start: '22:00', end: '07:00' });
    await service.registerPushSubscription(otherParent.userId, {
      kind: 'webpush',
      endpoint: 'https://push.example.test/send/other-secret-endpoint',
      ...otherKeys,
    });
    alerts.homeCritical = await world.raiseAlert({ familyId: home.familyId, severity: 'critical' });
    alerts.homeLow = await world.raiseAlert({ familyId: home.familyId, severity: 'low' });
    alerts.otherCritical = await world.raiseAlert({ familyId: other.familyId, severity: 'critical' });
    alerts.otherLow = await world.raiseAlert({ familyId: other.familyId, severity: 'low' });
    await world.drain();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  async function counts(userId: string, familyId: string) {
    const db = testDb.database.db;
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
        where user_id = ${userId}`.execute(db);
      result[table] = rows[0]!.n;
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from notification_alert_reminders
      where family_id = ${familyId}`.execute(db);
    result.notification_alert_reminders = rows[0]!.n;
    return result;
  }

  it('exports the parent’s inbox, choices and history, without push secrets or other families', async () => {
    const exported = await world.service.exportFamilyData(scope(home, homeParent));
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    const text = JSON.stringify(exported);
    for (const secret of ['home-secret-endpoint', homeKeys.p256dh, homeKeys.auth, homeParent.email])
      expect(text).not.toContain(secret);
    for (const theirs of [alerts.otherCritical!, alerts.otherLow!, otherParent.userId, 'other-secret'])
      expect(text).not.toContain(theirs);

    expect(exported.inbox).toHaveLength(2);
    // Both alerts are dispatched by concurrent jobs, so either may land first.
    const critical = exported.inbox.find((item) => item.link?.endsWith(alerts.homeCritical!));
    const low = exported.inbox.find((item) => item.link?.endsWith(alerts.homeLow!));
    expect(critical).toMatchObject({ type: 'safety_alert_critical', category: 'safety', readAt: null });
    expect(low).toMatchObject({ type: 'safety_alert_low', category: 'safety' });
    expect(critical!.title.length).toBeGreaterThan(0);
    expect(critical!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(exported.preferences).toEqual([
      { category: 'reports', channel: 'email', enabled: false, updatedAt: expect.stringMatching(/Z$/) },
    ]);
    expect(exported.quietHours).toMatchObject({ start: '21:30', end: '06:45' });
    expect(exported.pushDevices).toEqual([{ kind: 'webpush', createdAt: expect.stringMatching(/Z$/) }]);
    expect(exported.deliveries.map((d) => d.channel).sort()).toEqual(['email', 'in_app', 'in_app']);
    expect(exported.deliveries.find((d) => d.channel === 'email')).toMatchObject({
      type: 'safety_alert_critical',
      status: 'sent',
    });
    expect(exported.digestItems).toEqual([
      { category: 'safety', createdAt: expect.stringMatching(/Z$/), digestedAt: null },
    ]);
    expect(exported.alertReminders).toEqual([
      expect.objectContaining({ alertId: alerts.homeCritical, severity: 'critical', remindersSent: 0 }),
    ]);
  });

  it('erases the parent’s rows and the family’s reminders, keeps the other family’s, and is idempotent', async () => {
    const theirs = await counts(otherParent.userId, other.familyId);
    expect(Object.values(theirs).every((n) => n > 0)).toBe(true);
    const before = await counts(homeParent.userId, home.familyId);
    expect(Object.values(before).every((n) => n > 0)).toBe(true);

    const erased = await testDb.database.transaction((tx) =>
      world.service.eraseFamily(tx, scope(home, homeParent)),
    );
    expect(erased).toEqual(before);
    expect(Object.values(await counts(homeParent.userId, home.familyId))).toEqual(
      Object.values(before).map(() => 0),
    );
    expect(await counts(otherParent.userId, other.familyId)).toEqual(theirs);

    const again = await testDb.database.transaction((tx) =>
      world.service.eraseFamily(tx, scope(home, homeParent)),
    );
    expect(again).toEqual(Object.fromEntries(Object.keys(before).map((table) => [table, 0])));

    // The reminder jobs still queued run: the erased family's finds nothing and sends nothing.
    clock.advance(16 * 60_000);
    await world.drain();
    expect(await counts(homeParent.userId, home.familyId)).toEqual(again);
    const { inbox, alertReminders } = await world.service.exportFamilyData(scope(other, otherParent));
    expect(inbox.map((item) => item.type)).toContain('alert_reminder');
    expect(alertReminders[0]!.remindersSent).toBe(1);
  });
});
