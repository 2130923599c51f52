import { AppError, newId, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafetyService } from '../../src/index';
import { alertInput, auditRows, createHarnessTables, eventRows, family, harness, reviewer } from './harness';

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe(`safety alerts (${backend.database})`, () => {
  let test: TestDatabase;
  let safety: SafetyService;
  let clock: ReturnType<typeof harness>['clock'];
  const acknowledged: string[] = [];
  const home = family();
  const other = family();

  beforeAll(async () => {
    test = await createTestDatabase();
    await createHarnessTables(test.database);
    ({ service: safety, clock } = harness(test.database, { onAcknowledged: (id) => acknowledged.push(id) }));
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('raises in the caller’s transaction: sealed at rest, event published, queued for review', async () => {
    const input = alertInput(home);
    const { alertId } = await test.database.transaction((tx) => safety.alerts.raise(tx, input));
    expect(alertId).toMatch(/^alr_/);

    const { rows } = await sql<
      Record<string, unknown>
    >`select * from safety_alerts where id = ${alertId}`.execute(test.database.db);
    const stored = JSON.stringify(rows);
    expect(rows).toHaveLength(1);
    expect(stored).not.toContain('死にたい');
    expect(stored).not.toContain('学校');
    expect(rows[0]).toMatchObject({ review_state: 'new', severity: 'critical', category: 'self_harm' });

    const events = (await eventRows(test.database)).filter((e) => e.payload.alertId === alertId);
    expect(events).toEqual([
      {
        name: 'safety.alert.raised',
        payload: {
          alertId,
          familyId: home.familyId,
          childId: home.childId,
          conversationId: input.conversationId,
          severity: 'critical',
          category: 'self_harm',
          raisedAt: clock.now().toISOString(),
        },
      },
    ]);
    const queue = await safety.review.queue(reviewer(), {}, { first: 50, offset: 0 });
    expect(queue.items.map((i) => i.id)).toContain(alertId);
  });

  it('rolls back with the caller: no alert, no event', async () => {
    const input = alertInput(home, { flaggedText: 'rollback me' });
    const before = (await eventRows(test.database)).length;
    await expect(
      test.database.transaction(async (tx) => {
        await safety.alerts.raise(tx, input);
        throw new Error('chat failed after raising');
      }),
    ).rejects.toThrow('chat failed');
    const { rows } = await sql`select id from safety_alerts where message_id = ${input.messageId}`.execute(
      test.database.db,
    );
    expect(rows).toHaveLength(0);
    expect(await eventRows(test.database)).toHaveLength(before);
  });

  it('raises one alert per message however often it is retried', async () => {
    const input = alertInput(home);
    const first = await test.database.transaction((tx) => safety.alerts.raise(tx, input));
    const again = await test.database.transaction((tx) => safety.alerts.raise(tx, input));
    expect(again.alertId).toBe(first.alertId);
    const events = (await eventRows(test.database)).filter((e) => e.payload.alertId === first.alertId);
    expect(events).toHaveLength(1);
  });

  it('rejects malformed input without echoing it', async () => {
    const bad = alertInput(home, { familyId: 'family-1', categories: [] });
    const error = await test.database
      .transaction((tx) => safety.alerts.raise(tx, bad))
      .catch((e: unknown) => e as AppError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify((error as AppError).issues)).not.toContain('死にたい');
  });

  it('shows the parent the flagged text with a short context window, and audits the view', async () => {
    const long = Array.from({ length: 10 }, (_, i) => ({
      role: i % 2 ? ('tutor' as const) : ('child' as const),
      text: `turn ${i}`,
    }));
    const { alertId } = await test.database.transaction((tx) =>
      safety.alerts.raise(tx, alertInput(home, { context: long })),
    );
    const detail = await safety.parentAlerts.detail(home.parent, alertId);
    expect(detail.flaggedText).toBe('もう死にたい。だれにも言えない');
    expect(detail.context.map((t) => t.text)).toEqual(['turn 6', 'turn 7', 'turn 8', 'turn 9']);
    const views = await auditRows(test.database, 'safety.alert.viewed');
    expect(views.at(-1)).toMatchObject({
      actor_id: home.parent.id,
      actor_role: 'parent',
      resource_id: alertId,
    });
    expect(views.at(-1)!.metadata).not.toContain('死にたい');
  });

  it('hides another family’s alert (NOT_FOUND) and refuses children (FORBIDDEN)', async () => {
    const { alertId } = await test.database.transaction((tx) => safety.alerts.raise(tx, alertInput(home)));
    const viewsBefore = (await auditRows(test.database, 'safety.alert.viewed')).length;
    expect(await code(safety.parentAlerts.detail(other.parent, alertId))).toBe('NOT_FOUND');
    expect(await code(safety.parentAlerts.acknowledge(other.parent, alertId))).toBe('NOT_FOUND');
    expect(await code(safety.parentAlerts.detail(home.parent, newId('alr')))).toBe('NOT_FOUND');
    expect(await code(safety.parentAlerts.detail(home.child, alertId))).toBe('FORBIDDEN');
    expect(await code(safety.parentAlerts.list(home.child, {}, { first: 10 }))).toBe('FORBIDDEN');
    expect(await code(safety.parentAlerts.detail(null, alertId))).toBe('UNAUTHENTICATED');
    expect(await auditRows(test.database, 'safety.alert.viewed')).toHaveLength(viewsBefore);
    const theirs = await safety.parentAlerts.list(other.parent, {}, { first: 100 });
    expect(theirs.map((a) => a.id)).not.toContain(alertId);
  });

  it('lists a family’s alerts by child, severity and acknowledgement, without text', async () => {
    const sibling = { ...home, childId: newId('chd') };
    await test.database.transaction(async (tx) => {
      await safety.alerts.raise(tx, alertInput(sibling, { severity: 'high', categories: ['grooming'] }));
      await safety.alerts.raise(tx, alertInput(sibling, { severity: 'medium', categories: ['violence'] }));
    });
    const siblings = await safety.parentAlerts.list(home.parent, { childId: sibling.childId }, { first: 10 });
    expect(siblings.map((a) => a.severity)).toEqual(['medium', 'high']);
    expect(JSON.stringify(siblings)).not.toContain('死にたい');
    const high = await safety.parentAlerts.list(
      home.parent,
      { childId: sibling.childId, severities: ['high'] },
      { first: 10 },
    );
    expect(high.map((a) => a.category)).toEqual(['grooming']);
    const page = await safety.parentAlerts.list(home.parent, {}, { first: 2 });
    const next = await safety.parentAlerts.list(home.parent, {}, { first: 2, before: page.at(-1)!.id });
    expect(next[0]!.id < page.at(-1)!.id).toBe(true);
  });

  it('records who acknowledged and when, tells the hook once, and stops re-notifying', async () => {
    const fam = family();
    const { alertId } = await test.database.transaction((tx) => safety.alerts.raise(tx, alertInput(fam)));
    clock.advance(20 * 60_000);
    const due = await safety.unacknowledgedCritical(new Date(clock.now().getTime() - 15 * 60_000));
    expect(due.map((a) => a.id)).toContain(alertId);
    const notYet = await safety.unacknowledgedCritical(new Date(clock.now().getTime() - 30 * 60_000));
    expect(notYet.map((a) => a.id)).not.toContain(alertId);

    const ack = await safety.parentAlerts.acknowledge(fam.parent, alertId);
    expect(ack).toMatchObject({ acknowledgedBy: fam.parent.id, acknowledgedAt: clock.now() });
    clock.advance(60_000);
    const again = await safety.parentAlerts.acknowledge(fam.parent, alertId);
    expect(again.acknowledgedAt).toEqual(ack.acknowledgedAt);
    expect(acknowledged.filter((id) => id === alertId)).toHaveLength(1);
    expect(await auditRows(test.database, 'safety.alert.acknowledged')).toContainEqual(
      expect.objectContaining({ actor_id: fam.parent.id, resource_id: alertId }),
    );
    const after = await safety.unacknowledgedCritical(clock.now());
    expect(after.map((a) => a.id)).not.toContain(alertId);
    const unacked = await safety.parentAlerts.list(fam.parent, { acknowledged: false }, { first: 10 });
    expect(unacked).toHaveLength(0);
  });
});
