import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@manabee/kernel';
import { createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config';
import { createPlatform } from '../src/platform';
import { resolveRoles } from '../src/roles';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

// On the real-services run the platform gets a fresh PostgreSQL database.
let realDatabase: TestDatabase | undefined;
beforeAll(async () => {
  if (process.env.DATABASE_URL) realDatabase = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await realDatabase?.drop();
});

function testConfig(extra: Record<string, string> = {}) {
  return loadServerConfig(
    {
      ...(realDatabase?.url ? { DATABASE_URL: realDatabase.url } : {}),
      MANABEE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'manabee-')),
      PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '5000',
      LOAD_SHEDDING_MAX_EVENT_LOOP_DELAY_MS: '0',
      ...(process.env.REDIS_URL
        ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `t${Date.now()}:` }
        : {}),
      ...extra,
    },
    { dotenvPath: false },
  );
}

describe('platform', () => {
  it('boots on embedded parts: health, readiness, metrics, placeholder page', async () => {
    const platform = await createPlatform(testConfig(), { logger: quiet });
    try {
      const health = await platform.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await platform.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json().checks.map((check: { name: string }) => check.name)).toEqual([
        'database',
        'cache',
        'bus',
      ]);
      const home = await platform.app.inject({ method: 'GET', url: '/' });
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('Manabee');
      const metrics = await platform.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/http_request_duration_seconds_bucket\{.*route="\/healthz"/);
      expect(metrics.body).toMatch(/process_cpu_user_seconds_total/);
    } finally {
      await platform.shutdown('test');
    }
  });

  it('lets an in-flight request finish on shutdown, and reports draining', async () => {
    const platform = await createPlatform(testConfig(), { logger: quiet });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    platform.app.get('/slow', async () => {
      entered();
      await gate;
      return { finished: true };
    });
    const address = await platform.listen();
    const inFlight = fetch(`${address}/slow`).then((response) => response.json());
    // Shut down only once the request is really being handled (no sleeps: machines are noisy).
    await inside;
    const shutdown = platform.shutdown('SIGTERM');
    expect(platform.health.draining).toBe(true);
    release();
    expect(await inFlight).toEqual({ finished: true });
    await shutdown;
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
  });

  it('refuses unknown roles at boot', () => {
    expect(() => resolveRoles(['api', 'billing-v2'], ['audit'])).toThrow(
      /unknown role or service billing-v2/,
    );
    expect(resolveRoles(['worker'], ['audit'])).toEqual({ http: false, worker: true, services: 'all' });
    expect(resolveRoles(['audit'], ['audit']).services).toEqual(new Set(['audit']));
  });
});
