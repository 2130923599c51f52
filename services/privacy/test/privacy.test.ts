import { Writable } from 'node:stream';
import {
  AppError,
  createFamilyKeyring,
  createHttpServer,
  createLogger,
  type Executor,
  ManualClock,
  newId,
  type Principal,
  sql,
  type Tx,
} from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPrivacyService,
  type FamilyDeletedEvent,
  type FamilyMembers,
  type PrivacyDeps,
  type PrivacyService,
} from '../src/index';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

const familyA: FamilyMembers = { familyId: newId('fam'), guardianId: newId('usr'), childIds: [newId('chd')] };
const familyB: FamilyMembers = { familyId: newId('fam'), guardianId: newId('usr'), childIds: [newId('chd')] };
const parentOf = (family: FamilyMembers): Principal => ({
  id: family.guardianId,
  role: 'parent',
  familyId: family.familyId,
});
const meta = (principal: Principal | null) => ({ principal, ip: '198.51.100.7', userAgent: 'test' });

describe(`family exports and erasure (${backend.database})`, () => {
  let test: TestDatabase;
  let privacy: PrivacyService;
  let app: FastifyInstance;
  const clock = new ManualClock(new Date('2026-11-29T00:00:00.000Z'));
  const keyring = createFamilyKeyring(Buffer.alloc(32, 3));
  const enqueued: { queue: string; payload: { exportId?: string; familyId?: string } }[] = [];
  const audits: { action: string; metadata?: Record<string, unknown> }[] = [];
  const handlers = new Map<string, (event: FamilyDeletedEvent, tx: Tx) => Promise<void>>();
  const live = new Set([familyA.familyId, familyB.familyId]);
  // The chat part waits on this gate, so a test can look at the export mid-way.
  let openGate: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  let chatFails = false;
  const erased: string[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    const deps: PrivacyDeps = {
      database: test.database,
      keyring,
      logger: quiet,
      clock,
      jobs: {
        enqueue: async (queue, payload) => {
          enqueued.push({ queue, payload: payload as { exportId?: string; familyId?: string } });
          return 'job';
        },
      },
      bus: { subscribe: (consumer, _names, handler) => handlers.set(consumer, handler) },
      audit: {
        record: async (_tx, entry) => {
          audits.push(entry);
        },
      },
      // The policy's family rule, as auth decides it: a parent of this family.
      authorize: (principal, _action, resource) => {
        if (!principal) throw new AppError('UNAUTHENTICATED');
        if (principal.familyId !== resource.familyId) throw new AppError('NOT_FOUND');
      },
      familyMembers: async (familyId) =>
        live.has(familyId) ? [familyA, familyB].find((f) => f.familyId === familyId)! : null,
      sources: [
        { name: 'account', collect: async (family) => ({ guardian: family.guardianId }) },
        {
          name: 'chat',
          collect: async (family) => {
            await gate;
            if (chatFails) throw new Error('chat store unreachable');
            return { messages: [{ text: family === familyA ? '23+48は？' : 'family B text' }] };
          },
        },
      ],
      erasers: [
        {
          name: 'chat',
          erase: async (_tx: Executor, family) => {
            erased.push(family.familyId);
            return { chat_messages: 1 };
          },
        },
      ],
    };
    privacy = createPrivacyService(deps);
    app = await createHttpServer({
      logger: quiet,
      corsOrigins: [],
      bodyLimitBytes: 1024,
      maxEventLoopDelayMs: 0,
    });
    const principals: Record<string, Principal> = { a: parentOf(familyA), b: parentOf(familyB) };
    await privacy
      .definition(async (request) => ({
        requestId: request.id,
        ip: request.ip,
        userAgent: undefined,
        principal: principals[String(request.headers['x-test-who'])] ?? null,
        log: quiet,
      }))
      .routes?.(app);
  });
  afterAll(async () => {
    await app?.close();
    await test?.drop();
  });

  const download = (id: string, who?: string) =>
    app.inject({
      method: 'GET',
      url: `/api/family/exports/${id}/download`,
      headers: who ? { 'x-test-who': who } : {},
    });

  it('prepares an export with visible progress, seals it, and lets only the family download it', async () => {
    gate = new Promise((resolve) => {
      openGate = resolve;
    });
    const requested = await privacy.requestExport(meta(parentOf(familyA)));
    expect(requested).toMatchObject({ status: 'queued', progress: 0 });
    expect(enqueued.at(-1)).toEqual({ queue: 'privacy.export', payload: { exportId: requested.id } });
    expect(audits.at(-1)).toMatchObject({ action: 'privacy.export.requested' });

    const again = privacy.requestExport(meta(parentOf(familyA)));
    await expect(again).rejects.toMatchObject({ code: 'CONFLICT' });

    const running = privacy.runExport(requested.id);
    await expect
      .poll(async () => (await privacy.listExports(meta(parentOf(familyA))))[0])
      .toMatchObject({ status: 'running', step: 'chat', progress: 45 });
    expect(await download(requested.id, 'a').then((r) => r.statusCode)).toBe(409);
    openGate();
    await running;

    const [ready] = await privacy.listExports(meta(parentOf(familyA)));
    expect(ready).toMatchObject({ status: 'ready', progress: 100, step: null });
    expect(ready?.expiresAt?.toISOString()).toBe('2026-12-06T00:00:00.000Z');

    // Sealed at rest: the table never shows the child's text.
    const raw = await sql<{ document_sealed: string }>`select document_sealed from privacy_exports
      where id = ${requested.id}`.execute(test.database.db);
    expect(raw.rows[0]?.document_sealed).not.toContain('23+48');

    const response = await download(requested.id, 'a');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="manabee-family-2026-11-29.json"',
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const document = response.json() as {
      format: string;
      chat: { messages: { text: string }[] };
      familyId: string;
    };
    expect(document).toMatchObject({ format: 'manabee-family-export/1', familyId: familyA.familyId });
    expect(document.chat.messages[0]?.text).toBe('23+48は？');
    expect(Number(response.headers['content-length'])).toBe(ready?.sizeBytes);
    expect(audits.at(-1)).toMatchObject({ action: 'privacy.export.downloaded' });

    // Another family, nobody, or a malformed id.
    expect((await download(requested.id, 'b')).statusCode).toBe(404);
    expect((await download(requested.id)).statusCode).toBe(401);
    const malformed = await download('not-an-export', 'a');
    expect(malformed.statusCode).toBe(422);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);
    expect((await privacy.listExports(meta(parentOf(familyB)))).map((e) => e.id)).not.toContain(requested.id);
  });

  it('a failing part fails the export in words the parent can act on, and a new one may start', async () => {
    chatFails = true;
    const failing = await privacy.requestExport(meta(parentOf(familyB)));
    await privacy.runExport(failing.id);
    chatFails = false;
    expect((await privacy.listExports(meta(parentOf(familyB))))[0]).toMatchObject({
      id: failing.id,
      status: 'failed',
      error: 'export_failed',
    });
    const next = await privacy.requestExport(meta(parentOf(familyB)));
    expect(next.status).toBe('queued');
    await privacy.runExport(next.id);
    // Running a finished export again changes nothing.
    await privacy.runExport(next.id);
    expect((await privacy.listExports(meta(parentOf(familyB))))[0]).toMatchObject({
      id: next.id,
      status: 'ready',
    });
  });

  it('limits exports to three a day per family, and refuses children and strangers', async () => {
    expect((await privacy.requestExport(meta(parentOf(familyB)))).status).toBe('queued'); // the third today
    await expect(privacy.requestExport(meta(parentOf(familyB)))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    await expect(privacy.requestExport(meta(null))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(
      privacy.requestExport(
        meta({
          id: familyA.childIds[0]!,
          role: 'child',
          familyId: familyA.familyId,
          childId: familyA.childIds[0],
        }),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('expires ready exports after seven days: the document is gone, the row remains', async () => {
    clock.advance(7 * 24 * 60 * 60_000 + 1);
    expect(await privacy.expire()).toBeGreaterThanOrEqual(2);
    const [first] = await privacy.listExports(meta(parentOf(familyA)));
    expect(first).toMatchObject({ status: 'expired' });
    expect((await download(first!.id, 'a')).statusCode).toBe(404);
  });

  it('erases on auth.family.deleted: one consumer per service, its own exports included', async () => {
    expect([...handlers.keys()].sort()).toEqual(['erasure-chat', 'erasure-privacy']);
    const event: FamilyDeletedEvent = {
      id: newId('evt'),
      name: 'auth.family.deleted',
      payload: { ...familyA, childIds: [...familyA.childIds], deletedAt: clock.now().toISOString() },
      occurredAt: clock.now().toISOString(),
    };
    live.delete(familyA.familyId);
    await test.database.transaction(async (tx) => {
      for (const handler of handlers.values()) await handler(event, tx as Tx);
    });
    expect(erased).toEqual([familyA.familyId]);
    // A second pass is scheduled for writes that were in flight (and for other processes' key caches).
    expect(enqueued.at(-1)).toMatchObject({
      queue: 'privacy.erase-again',
      payload: { familyId: familyA.familyId },
    });
    expect(await privacy.eraseAgain(familyA)).toEqual({ chat_messages: 1, privacy_exports: 0 });
    const left = await sql<{ family_id: string }>`select distinct family_id from privacy_exports`.execute(
      test.database.db,
    );
    expect(left.rows.map((r) => r.family_id)).toEqual([familyB.familyId]);
    // A deleted family cannot start an export that would find nobody.
    const orphan = await privacy.requestExport(meta(parentOf(familyA)));
    await privacy.runExport(orphan.id);
    expect((await privacy.listExports(meta(parentOf(familyA))))[0]).toMatchObject({ status: 'failed' });
  });
});
