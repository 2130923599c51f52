import { Writable } from 'node:stream';
import { AppError, createLogger, ManualClock, type Principal, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditService, createAuditService } from '../src/index';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const admin: Principal = { id: 'usr_admin', role: 'admin' };
const support: Principal = { id: 'usr_support', role: 'support' };

describe(`audit service (${backend.database})`, () => {
  let test: TestDatabase;
  let audit: AuditService;
  const clock = new ManualClock(new Date('2026-01-10T00:00:00Z'));

  beforeAll(async () => {
    test = await createTestDatabase();
    audit = createAuditService({
      database: test.database,
      logger: quiet,
      clock,
      authorize: (principal, action) => {
        if (!principal) throw new AppError('UNAUTHENTICATED');
        if (principal.role !== 'admin') throw new AppError('FORBIDDEN', { detail: action });
      },
    });
  });
  afterAll(async () => {
    await test?.drop();
  });

  const record = (action: string, actorId = 'usr_parent', extra: Record<string, unknown> = {}) =>
    test.database.transaction((tx) =>
      audit.record(tx, {
        actor: { id: actorId, role: 'parent' },
        action,
        resource: { type: 'child', id: 'chd_1' },
        ip: '203.0.113.7',
        userAgent: 'test',
        metadata: extra,
      }),
    );

  it('appends linked entries, even when many transactions race', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => record(i % 2 ? 'auth.login.succeeded' : 'consent.given')),
    );
    const verification = await audit.verify();
    expect(verification).toMatchObject({ ok: true, checked: 20, problems: [] });
  });

  it('does not keep an entry whose transaction rolled back', async () => {
    const before = (await audit.verify()).checked;
    await expect(
      test.database.transaction(async (tx) => {
        await audit.record(tx, {
          actor: { id: 'usr_x', role: 'parent' },
          action: 'child.updated',
          resource: { type: 'child' },
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await audit.verify()).checked).toBe(before);
  });

  it('queries by actor, action family and time, newest first, with cursors', async () => {
    await record('auth.logout', 'usr_other');
    const page1 = await audit.query(admin, { action: 'auth.*' }, { first: 4 });
    expect(page1.entries).toHaveLength(4);
    expect(page1.entries.every((entry) => entry.action.startsWith('auth.'))).toBe(true);
    const seqs = page1.entries.map((entry) => Number(entry.seq));
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    const page2 = await audit.query(admin, { action: 'auth.*' }, { first: 4, after: page1.nextCursor! });
    expect(Math.max(...page2.entries.map((entry) => Number(entry.seq)))).toBeLessThan(Math.min(...seqs));
    const byActor = await audit.query(admin, { actorId: 'usr_other' }, { first: 10 });
    expect(byActor.entries.map((entry) => entry.action)).toEqual(['auth.logout']);
    const future = await audit.query(admin, { from: new Date('2030-01-01T00:00:00Z') }, { first: 10 });
    expect(future.entries).toEqual([]);
    await expect(audit.query(admin, {}, { first: 5, after: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('lets only authorized operators read', async () => {
    await expect(audit.query(support, {}, { first: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(audit.query(null, {}, { first: 1 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('exports CSV and JSON, streamed, and audits the export', async () => {
    const csv = await audit.exportLines(admin, { action: 'consent.given' }, 'csv', { ip: '127.0.0.1' });
    const lines: string[] = [];
    for await (const line of csv) lines.push(line);
    expect(lines[0]).toMatch(/^seq,id,occurred_at,actor_id/);
    expect(lines).toHaveLength(11);
    const json = await audit.exportLines(admin, { action: 'consent.given' }, 'json', {});
    let text = '';
    for await (const line of json) text += line;
    expect(JSON.parse(text)).toHaveLength(10);
    const exports = await audit.query(admin, { action: 'audit.log.exported' }, { first: 10 });
    expect(exports.entries).toHaveLength(2);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('defuses spreadsheet formulas in CSV cells', async () => {
    await record('child.updated', '=HYPERLINK("http://evil")');
    const csv = await audit.exportLines(admin, { action: 'child.updated' }, 'csv', {});
    let text = '';
    for await (const line of csv) text += line;
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('keeps the chain valid across retention, then detects an edited and a deleted row', async () => {
    await test.database.transaction((tx) =>
      audit.record(tx, {
        actor: { id: null, role: 'system' },
        action: 'debug.trace',
        resource: { type: 'job' },
        retentionClass: 'debug',
      }),
    );
    clock.advance(31 * 24 * 60 * 60 * 1000);
    expect(await audit.enforceRetention()).toBe(1);
    const afterRetention = await audit.verify();
    expect(afterRetention).toMatchObject({ ok: true, pruned: 1 });

    // The append-only trigger refuses ordinary edits...
    await expect(
      sql`update audit_log set action = 'x' where seq = 3`.execute(test.database.db),
    ).rejects.toThrow(/append-only/);
    // ...so an attacker with DDL rights disables it first.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(test.database.db);
    await sql`update audit_log set metadata = '{"tampered":true}'::jsonb where seq = 3`.execute(
      test.database.db,
    );
    await sql`delete from audit_log where seq = 5`.execute(test.database.db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(test.database.db);

    const tampered = await audit.verify();
    expect(tampered.ok).toBe(false);
    expect(tampered.problems).toEqual(
      expect.arrayContaining([
        { seq: 3, problem: 'hash_mismatch' },
        { seq: 5, problem: 'missing_entry' },
      ]),
    );
  });
});
