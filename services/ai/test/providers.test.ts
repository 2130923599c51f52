import { ManualClock } from '@manabee/kernel';
import { createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../src/index';
import { type FakeProvider, startFakeProvider, type WireFormat } from './fake-provider';
import { collect, eventOf, followUp, metricValue, openTestCache, testService, textOf } from './support';

type Flavour = 'openai' | 'azure' | 'openai-compatible' | 'anthropic' | 'gemini';

// The stall tests' fakes never answer: short timeouts keep them quick without risking a flake.
const STALL_TIMEOUTS = { firstTokenTimeoutMs: 300, idleTimeoutMs: 300 };

const wireOf: Record<Flavour, WireFormat> = {
  openai: 'openai',
  azure: 'openai',
  'openai-compatible': 'openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
};

function settingsFor(flavour: Flavour, url: string): ProviderSettings {
  switch (flavour) {
    case 'openai':
      return { kind: 'openai', apiKey: 'sk-test', model: 'gpt-4o-mini', baseUrl: `${url}/v1` };
    case 'azure':
      return {
        kind: 'azure',
        endpoint: url,
        apiKey: 'az-test',
        deployment: 'tutor',
        apiVersion: '2024-10-21',
      };
    case 'openai-compatible':
      return { kind: 'openai-compatible', baseUrl: `${url}/v1`, model: 'llama3.1' };
    case 'anthropic':
      return { kind: 'anthropic', apiKey: 'sk-ant-test', model: 'claude-3-5-haiku-latest', baseUrl: url };
    case 'gemini':
      return { kind: 'gemini', apiKey: 'gm-test', model: 'gemini-2.0-flash', baseUrl: url };
  }
}

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase.drop();
});

describe.each(['openai', 'azure', 'openai-compatible', 'anthropic', 'gemini'] as const)(
  '%s provider',
  (flavour) => {
    let primary: FakeProvider;
    let backup: FakeProvider;
    const fakes: FakeProvider[] = [];

    beforeAll(async () => {
      primary = await startFakeProvider(wireOf[flavour], 'fake-primary');
      backup = await startFakeProvider('openai', 'fake-backup');
      fakes.push(primary, backup);
    });
    afterEach(() => {
      primary.requests.length = 0;
      primary.clientAborts = 0;
      backup.requests.length = 0;
      primary.reply({ kind: 'stream', tokens: ['Hello', ' there'] });
      backup.reply({ kind: 'stream', tokens: ['Backup', ' answer'] });
    });
    afterAll(async () => {
      for (const fake of fakes) await fake.close();
    });

    const build = async (overrides: Parameters<typeof testService>[1] = {}, clock?: ManualClock) => {
      const cache = await openTestCache();
      return testService(
        { database: testDatabase.database, cache, ...(clock ? { clock } : {}) },
        {
          providers: [
            settingsFor(flavour, primary.url),
            { id: 'backup', kind: 'openai-compatible', baseUrl: `${backup.url}/v1`, model: 'backup-model' },
          ],
          routes: { tutor: { primary: flavour, fallbacks: ['backup'] } },
          ...overrides,
        },
      );
    };

    it('streams tokens and reports usage through the SDK', async () => {
      const { service } = await build();
      const events = await collect(service.streamTutorReply(followUp()));
      expect(events[0]).toMatchObject({ type: 'meta', provider: flavour, cached: false, promptVersion: 0 });
      expect(textOf(events)).toBe('Hello there');
      expect(eventOf(events, 'done')?.usage).toEqual({ promptTokens: 11, completionTokens: 2 });
      expect(primary.requests).toHaveLength(1);
      const body = primary.requests[0]!.body;
      if (wireOf[flavour] === 'openai') {
        expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
        expect(JSON.stringify(body.messages)).toContain('Is it because of the cold?');
      }
      if (flavour === 'anthropic') expect(body).toMatchObject({ stream: true, max_tokens: 800 });
      if (flavour === 'gemini') expect(primary.requests[0]!.path).toContain(':streamGenerateContent?alt=sse');
    });

    it('waits for Retry-After on 429, then succeeds on the same provider', async () => {
      primary.reply(
        { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
        { kind: 'stream', tokens: ['After', ' waiting'] },
      );
      const { service } = await build();
      const started = Date.now();
      const events = await collect(service.streamTutorReply(followUp()));
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(textOf(events)).toBe('After waiting');
      expect(primary.requests).toHaveLength(2);
      expect(backup.requests).toHaveLength(0);
    });

    it('falls back to the next provider after 5xx, counting the reason', async () => {
      primary.reply({ kind: 'status', status: 500 });
      const { service, registry } = await build({ maxRetries: 1 });
      const events = await collect(service.streamTutorReply(followUp()));
      expect(eventOf(events, 'meta')?.provider).toBe('backup');
      expect(textOf(events)).toBe('Backup answer');
      expect(primary.requests).toHaveLength(2); // one retry, then fallback
      expect(
        await metricValue(registry, 'manabee_ai_fallbacks_total', {
          from: flavour,
          to: 'backup',
          reason: 'server',
        }),
      ).toBe(1);
    });

    it('falls back on a malformed first chunk; mid-answer it ends with an error event', async () => {
      primary.reply({ kind: 'stream', tokens: ['x'], malformedAfterTokens: 0 });
      const { service, registry } = await build({ maxRetries: 0 });
      const first = await collect(service.streamTutorReply(followUp()));
      expect(eventOf(first, 'meta')?.provider).toBe('backup');
      expect(await metricValue(registry, 'manabee_ai_fallbacks_total', { reason: 'malformed' })).toBe(1);

      primary.reply({ kind: 'stream', tokens: ['Half', ' an', ' answer'], malformedAfterTokens: 1 });
      const second = await collect(service.streamTutorReply(followUp()));
      expect(textOf(second)).toBe('Half');
      expect(second.at(-1)).toEqual({ type: 'error', code: 'interrupted', retryable: true });
      expect(backup.requests).toHaveLength(1); // no silent switch mid-answer
    });

    it('a stall before the first token falls back and closes the upstream request', async () => {
      primary.reply({ kind: 'stream', tokens: ['never'], stallAfterTokens: 0 });
      const { service, registry } = await build(STALL_TIMEOUTS);
      const events = await collect(service.streamTutorReply(followUp()));
      expect(eventOf(events, 'meta')?.provider).toBe('backup');
      expect(
        await metricValue(registry, 'manabee_ai_fallbacks_total', { reason: 'first_token_timeout' }),
      ).toBe(1);
      await expect.poll(() => primary.clientAborts).toBe(1);
    });

    it('a stall mid-stream ends with an error event, not a second voice', async () => {
      primary.reply({ kind: 'stream', tokens: ['Start', ' of', ' it'], stallAfterTokens: 1 });
      const { service } = await build(STALL_TIMEOUTS);
      const events = await collect(service.streamTutorReply(followUp()));
      expect(textOf(events)).toBe('Start');
      expect(events.at(-1)).toEqual({ type: 'error', code: 'interrupted', retryable: true });
      expect(backup.requests).toHaveLength(0);
      await expect.poll(() => primary.clientAborts).toBe(1);
    });

    it('aborting mid-stream stops the upstream request and the events', async () => {
      primary.reply({ kind: 'stream', tokens: Array.from({ length: 40 }, (_, i) => `t${i} `), delayMs: 20 });
      const { service } = await build();
      const controller = new AbortController();
      const events = [];
      for await (const event of service.streamTutorReply(followUp({ signal: controller.signal }))) {
        events.push(event);
        if (event.type === 'token') controller.abort();
      }
      expect(events.filter((event) => event.type === 'token')).toHaveLength(1);
      expect(events.some((event) => event.type === 'done' || event.type === 'error')).toBe(false);
      await expect.poll(() => primary.clientAborts).toBe(1);
      expect(primary.requests).toHaveLength(1);
      expect(backup.requests).toHaveLength(0);
    });

    it('opens the breaker after N failures and half-opens after the cool-down', async () => {
      const clock = new ManualClock();
      primary.reply({ kind: 'status', status: 503 });
      const { service } = await build(
        { maxRetries: 0, breakerFailureThreshold: 2, breakerCoolDownMs: 30_000 },
        clock,
      );
      await collect(service.streamTutorReply(followUp()));
      await collect(service.streamTutorReply(followUp()));
      expect(primary.requests).toHaveLength(2);
      expect(service.providerStatus().find((status) => status.provider === flavour)?.state).toBe('open');

      const whileOpen = await collect(service.streamTutorReply(followUp()));
      expect(primary.requests).toHaveLength(2); // skipped entirely
      expect(eventOf(whileOpen, 'meta')?.provider).toBe('backup');

      clock.advance(30_000);
      expect(service.providerStatus().find((status) => status.provider === flavour)?.state).toBe('half_open');
      primary.reply({ kind: 'stream', tokens: ['Back'] });
      const probe = await collect(service.streamTutorReply(followUp()));
      expect(eventOf(probe, 'meta')?.provider).toBe(flavour);
      expect(service.providerStatus().find((status) => status.provider === flavour)?.state).toBe('closed');
    });
  },
);

describe('no provider left', () => {
  it('reports unavailable when every provider fails and offline is disabled', async () => {
    const down = await startFakeProvider('openai');
    down.reply({ kind: 'status', status: 500 });
    const { service } = testService(
      { database: testDatabase.database, cache: await openTestCache() },
      {
        providers: [{ kind: 'openai-compatible', baseUrl: `${down.url}/v1`, model: 'm' }],
        routes: { tutor: { primary: 'openai-compatible', fallbacks: [] } },
        offlineAsLastResort: false,
        maxRetries: 0,
      },
    );
    const events = await collect(service.streamTutorReply(followUp()));
    expect(events).toEqual([{ type: 'error', code: 'unavailable', retryable: true }]);
    await down.close();
  });

  it('ends on the offline tutor by default', async () => {
    const down = await startFakeProvider('openai');
    down.reply({ kind: 'status', status: 401 });
    const { service } = testService(
      { database: testDatabase.database, cache: await openTestCache() },
      {
        providers: [{ kind: 'openai', apiKey: 'bad', baseUrl: `${down.url}/v1` }],
        routes: { tutor: { primary: 'openai', fallbacks: [] } },
      },
    );
    const events = await collect(service.streamTutorReply(followUp({ text: '52-17' })));
    expect(eventOf(events, 'meta')?.provider).toBe('offline');
    expect(textOf(events)).toContain('52 - 17 = 35');
    expect(down.requests).toHaveLength(1); // 401 is not retried
    await down.close();
  });
});
