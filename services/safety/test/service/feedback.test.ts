import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError, newId, type Principal, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabelled } from '../../scripts/read-dataset';
import type { FeedbackLine, SafetyService } from '../../src/index';
import { admin, alertInput, auditRows, createHarnessTables, family, harness, reviewer } from './harness';

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe(`safety feedback: false alarms and missed messages (${backend.database})`, () => {
  let test: TestDatabase;
  let safety: SafetyService;
  let messages: ReturnType<typeof harness>['messages'];
  const fam = family();
  const alice = reviewer();
  const missedId = newId('msg');
  const tutorReplyId = newId('msg');

  async function exported(principal: Principal, onlyNew = true): Promise<FeedbackLine[]> {
    const lines: string[] = [];
    for await (const line of safety.feedback.exportFeedback(principal, { onlyNew })) lines.push(line);
    return lines.map((line) => JSON.parse(line) as FeedbackLine);
  }

  beforeAll(async () => {
    test = await createTestDatabase();
    await createHarnessTables(test.database);
    ({ service: safety, messages } = harness(test.database));
    messages.set(missedId, {
      text: 'だれにも会いたくない、いなくなりたい',
      lang: 'ja',
      familyId: fam.familyId,
      childId: fam.childId,
      scannedCategories: [],
      scannedSeverity: 'none',
    });
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('is for reviewers and admins: a parent or a child is FORBIDDEN', async () => {
    const input = { messageId: missedId, category: 'self_harm' };
    expect(await code(safety.review.reportMissed(fam.parent, input))).toBe('FORBIDDEN');
    expect(await code(safety.review.reportMissed(fam.child, input))).toBe('FORBIDDEN');
    expect(await code(safety.review.reportMissed(null, input))).toBe('UNAUTHENTICATED');
    expect(await code(Promise.resolve().then(() => safety.scannerVersions(fam.parent)))).toBe('FORBIDDEN');
  });

  it('refuses an unknown message, a tutor reply and a bad category', async () => {
    expect(
      await code(safety.review.reportMissed(alice, { messageId: newId('msg'), category: 'violence' })),
    ).toBe('NOT_FOUND');
    expect(
      await code(safety.review.reportMissed(alice, { messageId: 'not-an-id', category: 'violence' })),
    ).toBe('NOT_FOUND');
    // The chat port answers null for a tutor's reply.
    expect(
      await code(safety.review.reportMissed(alice, { messageId: tutorReplyId, category: 'violence' })),
    ).toBe('NOT_FOUND');
    expect(await code(safety.review.reportMissed(alice, { messageId: missedId, category: 'benign' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(safety.review.reportMissed(alice, { messageId: missedId, category: 'nonsense' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      await code(
        safety.review.reportMissed(alice, { messageId: missedId, category: 'violence', level: 'intent' }),
      ),
    ).toBe('VALIDATION_FAILED');
    const { rows } = await sql`select id from safety_feedback`.execute(test.database.db);
    expect(rows).toHaveLength(0);
  });

  it('keeps a missed message sealed, audited, once', async () => {
    const report = await safety.review.reportMissed(alice, {
      messageId: missedId,
      category: 'self_harm',
      level: 'passive',
      note: 'いなくなりたい is passive ideation',
    });
    expect(report).toMatchObject({
      messageId: missedId,
      category: 'self_harm',
      level: 'passive',
      reportedBy: alice.id,
    });
    const { rows } = await sql<Record<string, unknown>>`select * from safety_feedback`.execute(
      test.database.db,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'missed',
        label: 'self_harm',
        level: 'passive',
        message_id: missedId,
        alert_id: null,
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain('いなくなりたい');
    const audit = await auditRows(test.database, 'safety.feedback.missed_reported');
    expect(audit).toEqual([expect.objectContaining({ actor_id: alice.id, resource_id: report.id })]);
    expect(audit[0]!.metadata).not.toContain('いなくなりたい');
    expect(
      await code(safety.review.reportMissed(admin(), { messageId: missedId, category: 'bullying' })),
    ).toBe('CONFLICT');
  });

  it('exports missed messages with their label and false alarms as benign; onlyNew takes each once', async () => {
    const { alertId } = await test.database.transaction((tx) =>
      safety.alerts.raise(
        tx,
        alertInput(fam, {
          severity: 'high',
          categories: ['violence'],
          flaggedText: 'ドラゴンをたおした',
          lang: 'ja',
        }),
      ),
    );
    await safety.review.resolve(alice, { alertId, outcome: 'false_positive' });

    expect(await code(Promise.resolve().then(() => safety.feedback.exportFeedback(alice)))).toBe('FORBIDDEN');
    const lines = await exported(admin());
    expect(lines).toEqual([
      expect.objectContaining({
        text: 'だれにも会いたくない、いなくなりたい',
        lang: 'ja',
        label: 'self_harm',
        level: 'passive',
        kind: 'missed',
        predicted: [],
      }),
      expect.objectContaining({
        text: 'ドラゴンをたおした',
        lang: 'ja',
        label: 'benign',
        kind: 'false_alarm',
        hard_negative: true,
        predicted: ['violence'],
      }),
    ]);
    expect(lines[1]).not.toHaveProperty('level');
    expect(lines[0]).not.toHaveProperty('hard_negative');
    // What `npm run safety:train` reads from training/feedback/ takes these lines as they are.
    const dir = mkdtempSync(path.join(tmpdir(), 'safety-feedback-'));
    const file = path.join(dir, 'feedback.jsonl');
    writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    expect(readLabelled(pathToFileURL(file)).map((e) => [e.label, e.level ?? null])).toEqual([
      ['self_harm', 'passive'],
      ['benign', null],
    ]);
    expect(await exported(admin())).toEqual([]);
    expect(await exported(admin(), false)).toHaveLength(2);
    expect(await auditRows(test.database, 'safety.feedback.exported')).toHaveLength(3);
  });

  it('shows reviewers the live scanner versions', () => {
    const versions = safety.scannerVersions(alice);
    expect(versions.keywords.length).toBeGreaterThan(0);
    expect(versions.classifier).toEqual(safety.scanner.versions.classifier ?? null);
  });

  it('puts missed examples in the family’s own export, without the reviewer’s note', async () => {
    const mine = await safety.exportFamilyData({
      familyId: fam.familyId,
      guardianId: fam.parent.id,
      childIds: [fam.childId],
    });
    expect(mine.missedExamples).toEqual([
      expect.objectContaining({ messageId: missedId, category: 'self_harm', level: 'passive' }),
    ]);
    expect(JSON.stringify(mine)).not.toContain('passive ideation');
    expect(mine.falsePositiveExamples).toHaveLength(1);
  });
});
