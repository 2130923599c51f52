import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import { createSecondOpinion, mapLlamaGuard, mapOpenAiModeration } from '../src/second-opinion';

/** Local servers speaking each provider's wire format; nothing leaves the machine. */
type Handler = (body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => void;

async function fakeServer(handler: Handler): Promise<{ url: string; server: Server; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      bodies.push({ path: req.url, ...body });
      handler(body, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, server, bodies };
}

const json = (res: ServerResponse, value: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

const moderationResult = (flags: Record<string, boolean>) => ({
  id: 'modr-1',
  model: 'omni-moderation-latest',
  results: [
    {
      flagged: Object.values(flags).some(Boolean),
      categories: flags,
      category_scores: Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, v ? 0.93 : 0.01])),
      category_applied_input_types: {},
    },
  ],
});

describe('second opinion', () => {
  const scanner = createDefaultScanner();
  const servers: Server[] = [];
  let openai: Awaited<ReturnType<typeof fakeServer>>;
  let llamaGuard: Awaited<ReturnType<typeof fakeServer>>;
  let hanging: Awaited<ReturnType<typeof fakeServer>>;

  beforeAll(async () => {
    openai = await fakeServer((body, req, res) => {
      if (req.url !== '/v1/moderations') return res.writeHead(404).end();
      const input = String(body.input);
      json(
        res,
        moderationResult({ 'self-harm': false, 'self-harm/intent': /tonight/.test(input), sexual: false }),
      );
    });
    llamaGuard = await fakeServer((body, req, res) => {
      if (req.url !== '/v1/chat/completions') return res.writeHead(404).end();
      const messages = body.messages as Array<{ role: string; content: string }>;
      const last = messages.at(-1)?.content ?? '';
      json(res, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 0,
        model: 'llama-guard3',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: /bridge/.test(last) ? 'unsafe\nS11' : 'safe' },
          },
        ],
      });
    });
    // Accepts the request and never answers.
    hanging = await fakeServer(() => undefined);
    servers.push(openai.server, llamaGuard.server, hanging.server);
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('maps each provider’s categories onto ours', () => {
    expect(
      mapOpenAiModeration({ categories: { 'self-harm/instructions': true, harassment: true, hate: false } }),
    ).toEqual([
      { category: 'self_harm', severity: 'critical' },
      { category: 'bullying', severity: 'medium' },
    ]);
    expect(mapLlamaGuard('unsafe\nS11,S4')).toEqual([
      { category: 'self_harm', severity: 'high' },
      { category: 'sexual', severity: 'critical' },
    ]);
    expect(mapLlamaGuard('safe')).toEqual([]);
    expect(mapLlamaGuard('unsafe\nS8')).toEqual([]);
  });

  it('OpenAI moderation (official SDK, its wire format) raises a message the local scanner let through', async () => {
    const opinion = createSecondOpinion({
      SAFETY_SECOND_OPINION: 'openai',
      SAFETY_SECOND_OPINION_URL: openai.url,
      SAFETY_SECOND_OPINION_API_KEY: 'sk-test',
      SAFETY_SECOND_OPINION_TIMEOUT_MS: 2000,
    })!;
    const input = { text: 'ok so tonight is the night, thanks for everything', lang: 'en' as const };
    const result = await scanner.scanWithExtra(input, opinion.extra, opinion.timeoutMs);
    expect(result.extra).toBe('applied');
    expect(result).toMatchObject({ action: 'escalate', severity: 'critical' });
    expect(result.categories).toContain('self_harm');
    expect(openai.bodies.at(-1)).toMatchObject({ path: '/v1/moderations', model: 'omni-moderation-latest' });
  });

  it('Llama Guard through an OpenAI-compatible endpoint gets the conversation and can only raise', async () => {
    const opinion = createSecondOpinion({
      SAFETY_SECOND_OPINION: 'llama-guard',
      SAFETY_SECOND_OPINION_URL: llamaGuard.url,
      SAFETY_SECOND_OPINION_TIMEOUT_MS: 2000,
    })!;
    const raised = await scanner.scanWithExtra(
      {
        text: 'which bridge near the station is the highest',
        lang: 'en',
        window: [{ role: 'tutor', text: 'How are you feeling today?' }],
      },
      opinion.extra,
      opinion.timeoutMs,
    );
    expect(raised).toMatchObject({ extra: 'applied', action: 'escalate' });
    expect(llamaGuard.bodies.at(-1)).toMatchObject({
      model: 'llama-guard3',
      messages: [
        { role: 'assistant', content: 'How are you feeling today?' },
        { role: 'user', content: 'which bridge near the station is the highest' },
      ],
    });
    // "safe" never lowers what the local scanner found.
    const local = await scanner.scanWithExtra({ text: 'もう死にたい', lang: 'ja' }, opinion.extra, 2000);
    expect(local).toMatchObject({ extra: 'applied', action: 'escalate' });
  });

  it('a provider that hangs: the local decision stands at the deadline and the call is abandoned', async () => {
    const opinion = createSecondOpinion({
      SAFETY_SECOND_OPINION: 'llama-guard',
      SAFETY_SECOND_OPINION_URL: hanging.url,
      SAFETY_SECOND_OPINION_TIMEOUT_MS: 100,
    })!;
    const result = await scanner.scanWithExtra(
      { text: 'しにたい', lang: 'ja' },
      opinion.extra,
      opinion.timeoutMs,
    );
    expect(result).toMatchObject({ extra: 'timeout', action: 'escalate' });
    const benign = await scanner.scanWithExtra(
      { text: '7×8は？', lang: 'ja' },
      opinion.extra,
      opinion.timeoutMs,
    );
    expect(benign).toMatchObject({ extra: 'timeout', action: 'allow' });
  });

  it('is off unless configured, and a half configuration is a start-up error', () => {
    expect(createSecondOpinion({ SAFETY_SECOND_OPINION_TIMEOUT_MS: 800 })).toBeUndefined();
    expect(() =>
      createSecondOpinion({ SAFETY_SECOND_OPINION: 'openai', SAFETY_SECOND_OPINION_TIMEOUT_MS: 800 }),
    ).toThrow(/API_KEY/);
    expect(() =>
      createSecondOpinion({ SAFETY_SECOND_OPINION: 'llama-guard', SAFETY_SECOND_OPINION_TIMEOUT_MS: 800 }),
    ).toThrow(/URL/);
  });
});
