import { type Cache, ManualClock } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AiService,
  createAiService,
  runTutorAsk,
  type TutorEvent,
  type TutorModel,
  tutorPromptKey,
} from '../src/index';
import type { ModelEvent, TutorModelRequest } from '../src/types';
import { collect, eventOf, metricValue, openTestCache, silentLogger, testService, textOf } from './support';

/** A scripted in-process model, to count calls and see the system prompt it was given. */
class RecordingModel implements TutorModel {
  readonly provider = 'scripted';
  readonly model = 'gpt-4o-mini';
  calls: TutorModelRequest[] = [];
  async *stream(request: TutorModelRequest): AsyncIterable<ModelEvent> {
    this.calls.push(request);
    yield { type: 'token', text: 'What do you ' };
    yield { type: 'token', text: 'think?' };
    yield { type: 'done', usage: { promptTokens: 1000, completionTokens: 500 }, model: this.model };
  }
}

let testDatabase: TestDatabase;
let cache: Cache;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  cache = await openTestCache();
});
afterAll(async () => {
  await cache.close();
  await testDatabase.drop();
});

const ask = (service: AiService, overrides: Partial<Parameters<AiService['streamTutorReply']>[0]> = {}) =>
  collect(
    service.streamTutorReply({
      childId: 'chd_a',
      familyId: 'fam_a',
      lang: 'ja',
      grade: 2,
      subject: 'math',
      history: [],
      text: '23+48は？',
      containsPersonalData: false,
      ...overrides,
    }),
  );

describe(`ai service on ${backend.database} + ${backend.cache}`, () => {
  describe('offline tutor, end to end', () => {
    it('streams meta, tokens and done, and records usage for the family day', async () => {
      const clock = new ManualClock(new Date('2026-03-01T03:00:00Z'));
      const { service } = testService({ database: testDatabase.database, cache, clock }, {});
      const events = await ask(service, { familyId: 'fam_offline', childId: 'chd_offline' });
      expect(events[0]).toEqual({
        type: 'meta',
        provider: 'offline',
        model: 'manabee-offline-1',
        promptVersion: 0,
        cached: false,
      });
      expect(textOf(events)).toContain('2 + 4 + くり上がった 1 = 7');
      const done = eventOf(events, 'done')!;
      expect(done).toMatchObject({ costMinor: 0, costMicroMinor: 0, currency: 'USD' });
      expect(done.usage.completionTokens).toBeGreaterThan(10);
      const [summary] = await service.usage.forFamilyDay('fam_offline', '2026-03-01');
      expect(summary).toMatchObject({ messages: 1, cachedMessages: 0, costMinor: 0 });
      expect(await service.usage.forChildDay('chd_offline', '2026-03-02')).toEqual([]);
    });

    it('streams at a human pace when a delay is configured', async () => {
      const { service } = testService({ database: testDatabase.database, cache }, { offlineTokenDelayMs: 5 });
      const started = Date.now();
      const events = await ask(service, { text: '2+3', history: [{ role: 'user', text: 'x' }] });
      const tokens = events.filter((event) => event.type === 'token').length;
      expect(Date.now() - started).toBeGreaterThanOrEqual((tokens - 1) * 4);
    });

    it('rejects empty and huge input before any model is called', async () => {
      const { service } = testService({ database: testDatabase.database, cache }, {});
      await expect(ask(service, { text: '   ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(ask(service, { text: 'a'.repeat(5000) })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });

    it('runTutorAsk prints the reply for the CLI', async () => {
      const { service } = testService({ database: testDatabase.database, cache }, {});
      let out = '';
      for await (const piece of runTutorAsk('what is 305 - 128?', { grade: 3, lang: 'en' }, service))
        out += piece;
      expect(out).toContain('Answer: 305 - 128 = 177');
    });
  });

  describe('prompts', () => {
    let service: AiService;
    let model: RecordingModel;
    const key = tutorPromptKey('ja', 'lower', 'math');
    beforeEach(() => {
      model = new RecordingModel();
      service = createAiService({
        database: testDatabase.database,
        cache,
        logger: silentLogger,
        metrics: new Registry(),
        config: { routes: { tutor: { primary: 'scripted', fallbacks: [] } } },
        models: new Map([['scripted', model]]),
      });
    });

    it('version 0 is the default in code; edits add versions; rollback walks back', async () => {
      expect(await service.prompts.get(key)).toMatchObject({ version: 0, source: 'default' });
      const first = await service.prompts.update(key, 'v1: ゆっくり考えよう', 'opr_1');
      const second = await service.prompts.update(key, 'v2: ヒントを出そう', 'opr_2');
      expect([first.version, second.version]).toEqual([1, 2]);

      const events = await ask(service, { history: [{ role: 'user', text: 'こんにちは' }] });
      expect(eventOf(events, 'meta')?.promptVersion).toBe(2);
      expect(model.calls[0]!.system).toBe('v2: ヒントを出そう');

      expect(await service.prompts.rollback(key, 'opr_3')).toMatchObject({
        version: 1,
        text: 'v1: ゆっくり考えよう',
      });
      expect(await service.prompts.rollback(key, 'opr_3')).toMatchObject({ version: 0, source: 'default' });
      await expect(service.prompts.rollback(key, 'opr_3')).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await service.prompts.rollback(key, 'opr_3', 2)).toMatchObject({ version: 2 });

      const versions = await service.prompts.versions(key);
      expect(versions.map((row) => [row.version, row.active, row.createdBy])).toEqual([
        [2, true, 'opr_2'],
        [1, false, 'opr_1'],
      ]);
      expect((await service.prompts.list()).find((row) => row.key === key)?.activeVersion).toBe(2);
    });

    it('rejects unknown keys and empty text', async () => {
      await expect(service.prompts.get('tutor.xx.lower.math')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(service.prompts.update(key, '  ', 'opr_1')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(service.prompts.rollback(key, 'opr_1', 99)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('concurrent edits get distinct versions', async () => {
      const other = tutorPromptKey('en', 'upper', 'science');
      const saved = await Promise.all(
        [1, 2, 3, 4].map((n) => service.prompts.update(other, `edit ${n}`, `opr_${n}`)),
      );
      expect(new Set(saved.map((prompt) => prompt.version)).size).toBe(4);
      expect((await service.prompts.versions(other)).filter((row) => row.active)).toHaveLength(1);
    });
  });

  describe('response cache and cost', () => {
    const build = () => {
      const model = new RecordingModel();
      const registry = new Registry();
      const service = createAiService({
        database: testDatabase.database,
        cache,
        logger: silentLogger,
        metrics: registry,
        config: {
          routes: { tutor: { primary: 'scripted', fallbacks: [] } },
          prices: [
            {
              provider: 'scripted',
              model: 'gpt-4o-mini',
              currency: 'USD',
              inputMinorPerMillion: 15,
              outputMinorPerMillion: 60,
            },
          ],
        },
        models: new Map([['scripted', model]]),
      });
      return { model, service, registry };
    };
    const question = (suffix: string) => ({
      text: `光合成ってなに？${suffix}`,
      subject: 'science' as const,
      grade: 5,
    });

    it('answers the same first question from the cache, at no cost', async () => {
      const { model, service, registry } = build();
      const first = await ask(service, { ...question('a'), familyId: 'fam_cache' });
      const second = await ask(service, {
        ...question('a'),
        text: ' 光合成ってなに？ａ ',
        familyId: 'fam_cache',
      });
      expect(model.calls).toHaveLength(1);
      expect(eventOf(second, 'meta')).toMatchObject({ cached: true, provider: 'scripted' });
      expect(textOf(second)).toBe(textOf(first));
      expect(eventOf(second, 'done')).toMatchObject({
        costMicroMinor: 0,
        usage: { promptTokens: 0, completionTokens: 0 },
      });
      // 1000 × 15 + 500 × 60 micro-cents at gpt-4o-mini prices
      expect(eventOf(first, 'done')).toMatchObject({ costMicroMinor: 45_000, costMinor: 0, currency: 'USD' });
      const day = service.usage.dayOf(new Date());
      expect((await service.usage.forFamilyDay('fam_cache', day))[0]).toMatchObject({
        messages: 2,
        cachedMessages: 1,
        costMicroMinor: 45_000,
      });
      expect(await metricValue(registry, 'manabee_ai_response_cache_total', { kind: 'hit' })).toBe(1);
      expect(
        await metricValue(registry, 'manabee_ai_cost_minor_total', { provider: 'scripted' }),
      ).toBeCloseTo(0.045);
    });

    it('never for follow-ups', async () => {
      const { model, service } = build();
      const history = [
        { role: 'user' as const, text: 'こんにちは' },
        { role: 'assistant' as const, text: 'なにを学ぶ？' },
      ];
      await ask(service, { ...question('b'), history });
      await ask(service, { ...question('b'), history });
      expect(model.calls).toHaveLength(2);
    });

    it('never for text flagged as personal data, in either direction', async () => {
      const { model, service } = build();
      await ask(service, { ...question('c'), containsPersonalData: true });
      await ask(service, { ...question('c'), containsPersonalData: true });
      expect(model.calls).toHaveLength(2);
      const after: TutorEvent[] = await ask(service, { ...question('c') });
      expect(eventOf(after, 'meta')?.cached).toBe(false);
    });

    it('is scoped by grade band, subject and language', async () => {
      const { model, service } = build();
      await ask(service, { ...question('d'), grade: 2 });
      await ask(service, { ...question('d'), grade: 8 });
      await ask(service, { ...question('d'), lang: 'en' });
      await ask(service, { ...question('d'), subject: 'other' });
      expect(model.calls).toHaveLength(4);
    });

    it('does not cache the offline tutor', async () => {
      const { service } = testService({ database: testDatabase.database, cache }, {});
      await ask(service, { text: '40+2は？' });
      const again = await ask(service, { text: '40+2は？' });
      expect(eventOf(again, 'meta')).toMatchObject({ cached: false, provider: 'offline' });
    });
  });

  it('reports breaker state per provider and names itself', () => {
    const { service } = testService({ database: testDatabase.database, cache }, {});
    expect(service.providerStatus()).toEqual([
      expect.objectContaining({ provider: 'offline', state: 'closed', consecutiveFailures: 0 }),
    ]);
    expect(service.definition().name).toBe('ai');
  });
});
