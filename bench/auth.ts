/**
 * Auth costs on this machine, measured in one run:
 * - Argon2id hashes per second at the chosen parameters (m=19 MiB, t=2, p=1),
 *   one at a time and four at once (libuv's default thread pool);
 * - session-checked GraphQL `me` (cookie -> cache -> principal) req/s as a
 *   ratio to `/healthz` on the same server, side by side.
 *
 *   npx tsx bench/auth.ts [seconds=4]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAuditService } from '@manabee/audit';
import {
  ARGON2_PARAMETERS,
  CSRF_HEADER,
  createAuthService,
  hashPassword,
  SESSION_COOKIE,
} from '@manabee/auth';
import {
  AppError,
  createHttpServer,
  createLogger,
  createMailTransport,
  migrate,
  openCache,
  openDatabase,
  type RequestContext,
  readMigrations,
  registerGraphQL,
} from '@manabee/kernel';
import { migrationsDir } from '@manabee/kernel/testing';
import autocannon from 'autocannon';

const seconds = Number(process.argv[2] ?? 4);
const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const PUBLIC_URL = 'http://127.0.0.1:3000';

async function hashesPerSecond(parallel: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let count = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await hashPassword('correct horse battery staple');
      count++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: parallel }, worker));
  return count / ((performance.now() - started) / 1000);
}

const database = await openDatabase({});
await migrate(database, readMigrations(migrationsDir));
const cache = await openCache({});
const mail = createMailTransport({
  from: 'bench@manabee.test',
  outboxDir: mkdtempSync(path.join(tmpdir(), 'bench-mail-')),
});
const audit = createAuditService({
  database,
  logger: silent,
  authorize: () => {
    throw new AppError('FORBIDDEN');
  },
});
const auth = createAuthService({
  database,
  cache,
  mail,
  logger: silent,
  audit,
  publish: async () => undefined,
  publicUrl: PUBLIC_URL,
});
const seed = await auth.seedDemo();
if (!seed.created) throw new Error('fresh database expected');

const app = await createHttpServer({
  logger: silent,
  corsOrigins: [PUBLIC_URL],
  bodyLimitBytes: 1 << 20,
  maxEventLoopDelayMs: 0,
});
app.get('/healthz', async () => ({ status: 'ok' }));
const definition = auth.definition();
await definition.routes?.(app);
await registerGraphQL(app, {
  logger: silent,
  contributions: definition.graphql ? [definition.graphql] : [],
  context: async (request) => {
    const context: RequestContext = {
      requestId: request.id,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      principal: await auth.resolvePrincipal(request),
      log: silent,
    };
    return context as unknown as Record<string, unknown>;
  },
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });

const login = await fetch(`${url}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: 'mutation($i: LogInInput!) { logIn(input: $i) { me { id } } }',
    variables: { i: { email: seed.parent.email, password: seed.parent.password, remember: true } },
  }),
});
const cookie = /mb_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
if (!cookie) throw new Error('login failed');

async function measure(name: string, target: string, options: Partial<autocannon.Options> = {}) {
  const result = await autocannon({ url: target, connections: 50, duration: seconds, ...options });
  return {
    name,
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
const me: Partial<autocannon.Options> = {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    cookie: `${SESSION_COOKIE}=${cookie}`,
    origin: PUBLIC_URL,
    [CSRF_HEADER]: '1',
  },
  body: JSON.stringify({ query: '{ me { id role familyId } }' }),
};
// Check once that the request really is authenticated before timing it.
const probe = await fetch(`${url}/graphql`, {
  method: 'POST',
  headers: me.headers as Record<string, string>,
  body: me.body as string,
});
if (!JSON.stringify(await probe.json()).includes('"role":"parent"')) throw new Error('session check failed');

await measure('warmup', `${url}/healthz`, { duration: 1 });
// Two interleaved rounds, so drift in machine load hits both sides alike; rates are averaged.
const rounds: Array<readonly [Awaited<ReturnType<typeof measure>>, Awaited<ReturnType<typeof measure>>]> = [];
for (let round = 0; round < 2; round++) {
  rounds.push([
    await measure('GET /healthz', `${url}/healthz`),
    await measure('POST /graphql me (cookie)', `${url}/graphql`, me),
  ] as const);
}
const average = (index: 0 | 1) => ({
  name: rounds[0]![index].name,
  rps: rounds.reduce((sum, r) => sum + r[index].rps, 0) / rounds.length,
  p99: Math.max(...rounds.map((r) => r[index].p99)),
  errors: rounds.reduce((sum, r) => sum + r[index].errors, 0),
});
const healthz = average(0);
const session = average(1);
const single = await hashesPerSecond(1);
const four = await hashesPerSecond(4);

console.log(
  `\nArgon2id m=${ARGON2_PARAMETERS.memoryCost} KiB t=${ARGON2_PARAMETERS.timeCost} p=${ARGON2_PARAMETERS.parallelism}, ${seconds}s each`,
);
console.log(`  1 at a time: ${single.toFixed(1)} hashes/s (${(1000 / single).toFixed(1)} ms each)`);
console.log(`  4 at once:   ${four.toFixed(1)} hashes/s`);
console.log(
  `\nsession check vs /healthz, 2 x ${seconds}s each, 50 connections, loopback, cache=${cache.kind}`,
);
console.log(
  'target'.padEnd(28),
  'req/s'.padStart(10),
  'p99 ms'.padStart(8),
  'errors'.padStart(7),
  'ratio'.padStart(7),
);
for (const row of [healthz, session]) {
  console.log(
    row.name.padEnd(28),
    row.rps.toFixed(0).padStart(10),
    String(row.p99).padStart(8),
    String(row.errors).padStart(7),
    (row.rps / healthz.rps).toFixed(2).padStart(7),
  );
}

await app.close();
await cache.close();
await database.close();
