/**
 * The real server for a bench, on scratch storage: a fresh data dir, a fresh
 * PostgreSQL database when DATABASE_URL is set (never the given one), Redis
 * under a bench-only prefix when REDIS_URL is set. `stop` removes it all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@manabee/kernel';
import { createTestDatabase } from '@manabee/kernel/testing';
import { loadServerConfig } from '../apps/server/src/config';
import { createPlatform } from '../apps/server/src/platform';
import { manabeeClient } from '../apps/server/test/support/client';

export async function benchPlatform(env: Record<string, string> = {}, options: { startWork?: boolean } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'manabee-bench-'));
  const scratch = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
  const config = loadServerConfig(
    {
      MANABEE_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      LOAD_SHEDDING_MAX_EVENT_LOOP_DELAY_MS: '0',
      ...(scratch?.url
        ? { DATABASE_URL: scratch.url, DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '10' }
        : {}),
      ...(process.env.REDIS_URL
        ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `bench${Date.now()}:` }
        : {}),
      ...env,
    },
    { dotenvPath: false },
  );
  const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const platform = await createPlatform(config, { logger: quiet });
  // Without work (jobs, relay) nothing runs in the background: exact counts.
  if (options.startWork !== false) await platform.startWork();
  const base = await platform.listen();
  return {
    platform,
    base,
    client: manabeeClient(base),
    mailDir: path.join(dataDir, 'mail'),
    async stop() {
      await platform.shutdown('bench');
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
