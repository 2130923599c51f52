import { createHttpServer, ManualClock, newId, type Principal, registerGraphQL } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportService, type ReportService } from '../src/index';
import { authorize, family, quiet, World } from './fakes';

interface Answer {
  data: { weeklyReport: Record<string, unknown> } | null;
  errors?: Array<{ message: string; extensions: { code: string } }>;
}

const REPORT = `query ($c: ID!, $w: String) { weeklyReport(childId: $c, weekOf: $w) {
  childId nickname weekStart weekEnd timeZone complete
  days { date messages minutes }
  totalMessages totalMinutes activeDays conversations
  subjects { subject messages }
  previous { totalMessages totalMinutes activeDays }
  safetyAlerts { severity count }
  concerns { category messages }
  highlights { kind subject date count }
} }`;

describe(`weekly report (${backend.database})`, () => {
  let test: TestDatabase;
  let report: ReportService;
  // Wednesday 2026-03-11, 11:00 in New York (the week after the clocks went forward).
  const clock = new ManualClock(new Date('2026-03-11T15:00:00Z'));
  const world = new World();
  const home = family('America/New_York', ['Hana', 'Ken']);
  const other = family('Asia/Tokyo', ['Sora']);
  const [hana, ken] = home.children as [(typeof home.children)[0], (typeof home.children)[0]];

  beforeAll(async () => {
    test = await createTestDatabase();
    world.addFamily(home);
    world.addFamily(other);
    report = createReportService({
      database: test.database,
      logger: quiet,
      clock,
      authorize,
      ...world.ports(),
      publish: async () => {},
    });
    const seed = (date: string, day: Parameters<World['seed']>[2]) => world.seed(hana.childId, date, day);
    // Four weeks before the reported one: math only.
    seed('2026-02-10', { messages: 4, activeSeconds: 600, subjects: { math: 4 } });
    // The week before (Feb 23 – Mar 1): 10 messages, 30 minutes, 2 days.
    seed('2026-02-24', { messages: 6, activeSeconds: 1200, subjects: { math: 6 }, conversations: 1 });
    seed('2026-02-26', {
      messages: 4,
      activeSeconds: 600,
      subjects: { math: 2, other: 2 },
      conversations: 1,
    });
    // The reported week (Mar 2 – Mar 8, 167 hours long).
    seed('2026-03-02', {
      messages: 5,
      activeSeconds: 610,
      subjects: { math: 3, science: 2 },
      conversations: 1,
    });
    seed('2026-03-03', { messages: 7, activeSeconds: 900, subjects: { science: 7 }, conversations: 2 });
    seed('2026-03-04', { messages: 2, activeSeconds: 130, subjects: { math: 2 } });
    seed('2026-03-06', {
      messages: 9,
      activeSeconds: 1500,
      subjects: { science: 4, english: 5 },
      conversations: 1,
    });
    seed('2026-03-08', { messages: 1, activeSeconds: 60, subjects: { other: 1 } });
    // This week so far.
    seed('2026-03-09', { messages: 3, activeSeconds: 300, subjects: { math: 3 }, conversations: 1 });
    // Alerts on both edges of the week in New York time.
    const alert = (severity: string, at: string) =>
      world.alerts.push({ childId: hana.childId, severity, at: new Date(at) });
    alert('high', '2026-03-02T04:59:00Z'); // Sunday Mar 1, 23:59 EST: the week before
    alert('critical', '2026-03-02T05:00:00Z'); // Monday 00:00 EST
    alert('low', '2026-03-05T12:00:00Z');
    alert('low', '2026-03-09T03:59:00Z'); // Sunday 23:59 EDT: still the week
    alert('critical', '2026-03-09T04:00:00Z'); // Monday 00:00 EDT: the next week
  });
  afterAll(async () => {
    await test?.drop();
  });

  async function ask(principal: Principal | null, childId: string, weekOf?: string): Promise<Answer> {
    const app = await createHttpServer({
      logger: quiet,
      corsOrigins: [],
      bodyLimitBytes: 64 * 1024,
      maxEventLoopDelayMs: 0,
    });
    await registerGraphQL(app, {
      contributions: [report.definition().graphql!],
      context: () => ({ requestId: 'r1', ip: '127.0.0.1', userAgent: undefined, principal, log: quiet }),
      logger: quiet,
    });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        payload: { query: REPORT, variables: { c: childId, w: weekOf ?? null } },
      });
      return response.json() as Answer;
    } finally {
      await app.close();
    }
  }

  it('counts a seeded week across the spring clock change, against the week before', async () => {
    world.activityCalls.length = 0;
    const answer = await ask(home.parent, hana.childId, '2026-03-04');
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.weeklyReport).toEqual({
      childId: hana.childId,
      nickname: 'Hana',
      weekStart: '2026-03-02',
      weekEnd: '2026-03-08',
      timeZone: 'America/New_York',
      complete: true,
      days: [
        { date: '2026-03-02', messages: 5, minutes: 10 },
        { date: '2026-03-03', messages: 7, minutes: 15 },
        { date: '2026-03-04', messages: 2, minutes: 2 },
        { date: '2026-03-05', messages: 0, minutes: 0 },
        { date: '2026-03-06', messages: 9, minutes: 25 },
        { date: '2026-03-07', messages: 0, minutes: 0 },
        { date: '2026-03-08', messages: 1, minutes: 1 },
      ],
      totalMessages: 24,
      totalMinutes: 53,
      activeDays: 5,
      conversations: 4,
      subjects: [
        { subject: 'science', messages: 13 },
        { subject: 'english', messages: 5 },
        { subject: 'math', messages: 5 },
        { subject: 'other', messages: 1 },
      ],
      previous: { totalMessages: 10, totalMinutes: 30, activeDays: 2 },
      safetyAlerts: [
        { severity: 'critical', count: 1 },
        { severity: 'low', count: 2 },
      ],
      concerns: [],
      highlights: [
        { kind: 'streak', subject: null, date: null, count: 3 },
        { kind: 'top_subject', subject: 'science', date: null, count: null },
        { kind: 'new_subject', subject: 'science', date: null, count: null },
        { kind: 'new_subject', subject: 'english', date: null, count: null },
        { kind: 'most_active_day', subject: null, date: '2026-03-06', count: 9 },
        // 53 minutes against 30.
        { kind: 'more_than_last_week', subject: null, date: null, count: 77 },
      ],
    });
    // The week and the four before it, as family-local days.
    expect(world.activityCalls).toEqual([
      { childId: hana.childId, from: '2026-03-02', to: '2026-03-08', timeZone: 'America/New_York' },
      { childId: hana.childId, from: '2026-02-02', to: '2026-03-01', timeZone: 'America/New_York' },
    ]);
  });

  it('shows the running week by default, not complete until Sunday ends in the family’s zone', async () => {
    const current = (await ask(home.parent, hana.childId)).data?.weeklyReport;
    expect(current).toMatchObject({
      weekStart: '2026-03-09',
      weekEnd: '2026-03-15',
      complete: false,
      totalMessages: 3,
      totalMinutes: 5,
      activeDays: 1,
      conversations: 1,
      previous: { totalMessages: 24, totalMinutes: 53, activeDays: 5 },
      safetyAlerts: [{ severity: 'critical', count: 1 }],
      highlights: [
        { kind: 'top_subject', subject: 'math', date: null, count: null },
        { kind: 'less_than_last_week', subject: null, date: null, count: 91 },
      ],
    });

    const saved = clock.now();
    try {
      clock.set(new Date('2026-03-09T03:59:59Z')); // Sunday 23:59:59 EDT
      expect((await ask(home.parent, hana.childId, '2026-03-02')).data?.weeklyReport.complete).toBe(false);
      clock.set(new Date('2026-03-09T04:00:00Z'));
      expect((await ask(home.parent, hana.childId, '2026-03-02')).data?.weeklyReport.complete).toBe(true);
    } finally {
      clock.set(saved);
    }
  });

  it('a week without learning is a quiet week', async () => {
    const quietWeek = (await ask(home.parent, ken.childId, '2026-03-08')).data?.weeklyReport;
    expect(quietWeek).toMatchObject({
      nickname: 'Ken',
      weekStart: '2026-03-02',
      totalMessages: 0,
      totalMinutes: 0,
      activeDays: 0,
      conversations: 0,
      subjects: [],
      safetyAlerts: [],
      concerns: [],
      highlights: [{ kind: 'quiet_week', subject: null, date: null, count: null }],
    });
    expect(quietWeek?.days).toHaveLength(7);
  });

  it('counts flagged messages per concern category, most serious first, never personal information', async () => {
    const sora = other.children[0]!;
    const seed = (date: string, flagged: string[]) =>
      world.seed(sora.childId, date, { messages: flagged.length, activeSeconds: 60, flagged });
    // The week of Monday 2026-03-02 in Tokyo: two bullying messages and one with an address in it.
    seed('2026-03-02', ['bullying']);
    seed('2026-03-05', ['bullying', 'personal_info']);
    // The week before is not this week.
    seed('2026-03-01', ['bullying', 'self_harm']);
    const week = (await ask(other.parent, sora.childId, '2026-03-04')).data?.weeklyReport;
    expect(week?.concerns).toEqual([{ category: 'bullying', messages: 2 }]);

    // More categories read in the fixed order, whatever order chat gives them in.
    seed('2026-03-07', ['profanity', 'bullying,profanity', 'self_harm,personal_info', 'violence']);
    const more = (await ask(other.parent, sora.childId, '2026-03-04')).data?.weeklyReport;
    expect(more?.concerns).toEqual([
      { category: 'self_harm', messages: 1 },
      { category: 'bullying', messages: 3 },
      { category: 'violence', messages: 1 },
      { category: 'profanity', messages: 2 },
    ]);
    // Counts only: nothing in the report carries a message.
    expect(JSON.stringify(more)).not.toMatch(/personal_info/);
  });

  it('is for the family’s parents only; another family’s child reads as absent', async () => {
    const calls = world.activityCalls.length;
    const code = async (principal: Principal | null, childId: string) =>
      (await ask(principal, childId, '2026-03-04')).errors?.[0]?.extensions.code;
    expect(await code(null, hana.childId)).toBe('UNAUTHENTICATED');
    const child: Principal = {
      id: hana.childId,
      role: 'child',
      childId: hana.childId,
      familyId: home.familyId,
    };
    expect(await code(child, hana.childId)).toBe('FORBIDDEN');
    const teacher: Principal = { id: newId('usr'), role: 'teacher', orgId: newId('org') };
    expect(await code(teacher, hana.childId)).toBe('FORBIDDEN');
    const admin: Principal = { id: newId('usr'), role: 'admin', operatorRoles: ['admin'], mfaVerified: true };
    expect(await code(admin, hana.childId)).toBe('FORBIDDEN');
    expect(await code(other.parent, hana.childId)).toBe('NOT_FOUND');
    // An id nobody has looks the same as somebody else's.
    expect(await code(other.parent, newId('chd'))).toBe('NOT_FOUND');
    expect(await code(home.parent, newId('chd'))).toBe('NOT_FOUND');
    // Refused before anything was read.
    expect(world.activityCalls.length).toBe(calls);
    // Their own child, they may.
    expect((await ask(other.parent, other.children[0]!.childId)).errors).toBeUndefined();
  });

  it('refuses weeks that are not dates, before 2020 or after the current one', async () => {
    for (const weekOf of ['2026-02-30', 'soon', '2019-12-31', '2026-03-16']) {
      const answer = await ask(home.parent, hana.childId, weekOf);
      expect(answer.errors?.[0]?.extensions.code, weekOf).toBe('VALIDATION_FAILED');
      expect(answer.data).toBeNull();
    }
    // The last day of the current week is fine.
    expect((await ask(home.parent, hana.childId, '2026-03-15')).data?.weeklyReport.weekStart).toBe(
      '2026-03-09',
    );
  });
});
