import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { createFamily } from '../apps/server/test/support/client';
import { benchPlatform } from './support';

const TOKENS = Number(process.argv[2] ?? 30);
const DELAY_MS = Number(process.argv[3] ?? 10);
const CONCURRENT = Number(process.argv[4] ?? 200);

// A reply made of short sentences, as a tutor writes for a child.
const PIECES = Array.from({ length: TOKENS }, (_, i) => (i % 3 === 2 ? `${i}ばんめ。` : `すこし${i}`));

const fake = createServer((request, response) => {
  request.resume();
  request.on('end', async () => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'fake-1', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
    response.write(chunk({ role: 'assistant', content: '' }));
    for (const piece of PIECES) {
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
      response.write(chunk({ content: piece }));
    }
    response.write(
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'fake-1', choices: [], usage: { prompt_tokens: 100, completion_tokens: TOKENS, total_tokens: 100 + TOKENS } })}\n\n`,
    );
    response.end('data: [DONE]\n\n');
  });
});
await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`;

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    p50: at(0.5),
    p99: at(0.99),
    mean: values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1),
  };
}

async function direct() {
  const openai = new OpenAI({ baseURL: fakeUrl, apiKey: 'bench', maxRetries: 0 });
  const started = performance.now();
  const arrivals: number[] = [];
  const stream = await openai.chat.completions.create({
    model: 'fake-1',
    stream: true,
    messages: [{ role: 'user', content: '23+48は？' }],
  });
  for await (const part of stream) if (part.choices[0]?.delta?.content) arrivals.push(performance.now());
  return {
    firstMs: arrivals[0]! - started,
    gaps: arrivals.slice(1).map((t, i) => t - arrivals[i]!),
    totalMs: arrivals.at(-1)! - started,
  };
}

const { platform, base, client, mailDir, stop } = await benchPlatform({
  OPENAI_COMPATIBLE_BASE_URL: fakeUrl,
  OPENAI_COMPATIBLE_MODEL: 'fake-1',
  AI_PRIMARY: 'openai-compatible',
});

console.log(
  `fake provider: ${TOKENS} tokens, ${DELAY_MS} ms apart; server on ${base} (${platform.database.kind})`,
);
process.stdout.write(
  `creating ${Math.ceil(CONCURRENT / 10)} families with ${CONCURRENT} children through the real sign-up path… `,
);
const setupStarted = performance.now();
const children: Array<{ id: string; cookie: string }> = [];
for (let family = 0; children.length < CONCURRENT; family++) {
  const count = Math.min(10, CONCURRENT - children.length);
  const created = await createFamily(client, mailDir, {
    email: `bench${family}-${Date.now()}@example.jp`,
    password: 'bench password that is long enough',
    children: Array.from({ length: count }, (_, i) => ({ nickname: `こども${i}`, grade: 2 })),
  });
  children.push(...created.children);
}
console.log(`${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

let question = 0;
async function throughServer(child: { cookie: string }) {
  // Distinct questions: the response cache must not answer these.
  const text = `${100 + question++}+${question % 89}は？`;
  const started = performance.now();
  const sent = await client.gql<{
    sendMessage: { accepted: boolean; replyId: string; refusalReason: string | null };
  }>(
    'mutation ($i: SendMessageInput!) { sendMessage(input: $i) { accepted replyId refusalReason } }',
    { i: { text } },
    child.cookie,
  );
  const acceptedMs = performance.now() - started;
  if (!sent.data?.sendMessage?.accepted)
    throw new Error(`refused: ${sent.data?.sendMessage?.refusalReason ?? sent.errors?.[0]?.message}`);
  const arrivals: number[] = [];
  await client.followReply(child.cookie, sent.data.sendMessage.replyId, () =>
    arrivals.push(performance.now()),
  );
  return {
    acceptedMs,
    firstMs: arrivals[0]! - started,
    gaps: arrivals.slice(1).map((t, i) => t - arrivals[i]!),
    totalMs: arrivals.at(-1)! - started,
    chunks: arrivals.length,
  };
}

// One stream at a time, alternating direct and server so machine drift hits both.
const rounds = 10;
const directRuns = [];
const serverRuns = [];
await direct();
for (let i = 0; i < rounds; i++) {
  directRuns.push(await direct());
  serverRuns.push(await throughServer(children[i % children.length]!));
}
const d = {
  first: stats(directRuns.map((r) => r.firstMs)),
  gap: stats(directRuns.flatMap((r) => r.gaps)),
  total: stats(directRuns.map((r) => r.totalMs)),
};
const s = {
  first: stats(serverRuns.map((r) => r.firstMs)),
  gap: stats(serverRuns.flatMap((r) => r.gaps)),
  total: stats(serverRuns.map((r) => r.totalMs)),
};
console.log(`\nsingle stream, ${rounds} runs each (median; ratio = server / direct)`);
console.log('measure'.padEnd(26), 'direct ms'.padStart(10), 'server ms'.padStart(10), 'ratio'.padStart(7));
const row = (name: string, a: number, b: number) =>
  console.log(
    name.padEnd(26),
    a.toFixed(1).padStart(10),
    b.toFixed(1).padStart(10),
    (b / a).toFixed(2).padStart(7),
  );
row('time to first token', d.first.p50, s.first.p50);
row('delay between chunks', d.gap.p50, s.gap.p50);
row('whole reply', d.total.p50, s.total.p50);
console.log(`server chunks per reply: ${serverRuns[0]!.chunks} (the safety guard releases whole sentences)`);

console.log(`\n${CONCURRENT} children streaming at once`);
const loadStarted = performance.now();
const results = await Promise.allSettled(children.map((child) => throughServer(child)));
const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
const failed = results.length - ok.length;
const gaps = stats(ok.flatMap((r) => r.gaps));
const firsts = stats(ok.map((r) => r.firstMs));
const totals = stats(ok.map((r) => r.totalMs));
const accepted = stats(ok.map((r) => r.acceptedMs));
console.log(
  `completed ${ok.length}, failed ${failed}, wall ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
);
console.log(`send accepted p50 ${accepted.p50.toFixed(0)} ms  p99 ${accepted.p99.toFixed(0)} ms`);
console.log(`first chunk   p50 ${firsts.p50.toFixed(0)} ms  p99 ${firsts.p99.toFixed(0)} ms`);
console.log(
  `chunk delay   p50 ${gaps.p50.toFixed(1)} ms  p99 ${gaps.p99.toFixed(1)} ms  (direct single-stream p50 ${d.gap.p50.toFixed(1)} ms)`,
);
console.log(`whole reply   p50 ${totals.p50.toFixed(0)} ms  p99 ${totals.p99.toFixed(0)} ms`);
if (failed > 0) {
  const reasons = new Map<string, number>();
  for (const r of results)
    if (r.status === 'rejected')
      reasons.set(String(r.reason).slice(0, 80), (reasons.get(String(r.reason).slice(0, 80)) ?? 0) + 1);
  console.log('failures:', Object.fromEntries(reasons));
}
await stop();
fake.close();
