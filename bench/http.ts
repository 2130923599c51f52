/**
 * req/s and p99 of /healthz and of a GraphQL query on the real Manabee HTTP
 * stack, against a bare Fastify hello-world started in the same run, measured
 * side by side (these machines are noisy, so only the ratios mean much).
 *
 *   npx tsx bench/http.ts [seconds=5]
 */
import { Writable } from 'node:stream';
import { createHttpServer, createLogger, registerGraphQL } from '@manabee/kernel';
import autocannon from 'autocannon';
import Fastify from 'fastify';

const seconds = Number(process.argv[2] ?? 5);
const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

async function measure(name: string, url: string, options: Partial<autocannon.Options> = {}) {
  const result = await autocannon({ url, connections: 50, duration: seconds, ...options });
  return {
    name,
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const bare = Fastify({ logger: false });
bare.get('/hello', async () => ({ hello: 'world' }));
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

const app = await createHttpServer({
  logger: silent,
  corsOrigins: [],
  bodyLimitBytes: 1 << 20,
  maxEventLoopDelayMs: 0,
});
app.get('/healthz', async () => ({ status: 'ok' }));
await registerGraphQL(app, {
  logger: silent,
  context: () => ({}),
  contributions: [
    {
      typeDefs: 'extend type Query { greeting(name: String!): String! }',
      resolvers: { Query: { greeting: (_: unknown, a: { name: string }) => `こんにちは ${a.name}` } },
    },
  ],
});
const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });

const gql = {
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: 'query Greet($n: String!) { greeting(name: $n) }',
    variables: { n: 'はな' },
  }),
};

// Warm-up, then alternate so drift in machine load hits each side alike.
await measure('warmup', `${appUrl}/healthz`, { duration: 1 });
const baseline = await measure('bare fastify GET /hello', `${bareUrl}/hello`);
const healthz = await measure('manabee GET /healthz', `${appUrl}/healthz`);
const graphql = await measure('manabee POST /graphql', `${appUrl}/graphql`, gql);

console.log(`\n${seconds}s each, 50 connections, one process, loopback\n`);
console.log(
  'target'.padEnd(28),
  'req/s'.padStart(10),
  'p99 ms'.padStart(8),
  'errors'.padStart(7),
  'ratio'.padStart(7),
);
for (const row of [baseline, healthz, graphql]) {
  console.log(
    row.name.padEnd(28),
    row.rps.toFixed(0).padStart(10),
    String(row.p99).padStart(8),
    String(row.errors).padStart(7),
    (row.rps / baseline.rps).toFixed(2).padStart(7),
  );
}
await app.close();
await bare.close();
