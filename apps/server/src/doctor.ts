import path from 'node:path';
import { ConfigError, createMailTransport, describeConfig, openCache, openDatabase } from '@manabee/kernel';
import { loadServerConfig } from './config';

type Check = { part: string; mode: 'embedded' | 'real'; ok: boolean; detail: string };

/**
 * Checks configuration and every dependency once, printing one line each.
 * Never prints a secret: URLs are shown with credentials masked.
 */
export async function runDoctor(env: Record<string, string | undefined>): Promise<boolean> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let config: ReturnType<typeof loadServerConfig>;
  try {
    config = loadServerConfig(env);
    out('config     ok');
  } catch (error) {
    if (error instanceof ConfigError) {
      out('config     FAILED');
      for (const problem of error.problems) out(`  - ${problem}`);
      return false;
    }
    throw error;
  }
  const described = describeConfig(config);
  const checks: Check[] = [];
  const attempt = async (part: string, mode: Check['mode'], detail: string, work: () => Promise<void>) => {
    try {
      await work();
      checks.push({ part, mode, ok: true, detail });
    } catch (error) {
      checks.push({
        part,
        mode,
        ok: false,
        detail: `${detail}: ${error instanceof Error ? error.constructor.name : 'error'}`,
      });
    }
  };
  await attempt('database', config.database.url ? 'real' : 'embedded', described.database!, async () => {
    // The embedded store is opened read-only in spirit: ping and close.
    const database = await openDatabase({
      url: config.database.url,
      dataDir: config.database.url ? undefined : path.join(config.dataDir, 'data'),
    });
    try {
      await database.ping();
    } finally {
      await database.close();
    }
  });
  await attempt('cache', config.redis.url ? 'real' : 'embedded', described.cache!, async () => {
    const cache = await openCache({ url: config.redis.url, keyPrefix: config.redis.keyPrefix });
    try {
      await cache.ping();
    } finally {
      await cache.close();
    }
  });
  await attempt('bus', config.nats.url ? 'real' : 'embedded', described.bus!, async () => {
    if (!config.nats.url) return;
    const { connect } = await import('nats');
    const connection = await connect({ servers: config.nats.url, timeout: 3000 });
    try {
      await (await connection.jetstreamManager()).getAccountInfo();
    } finally {
      await connection.close();
    }
  });
  await attempt('mail', config.mail.smtpUrl ? 'real' : 'embedded', described.mail!, async () => {
    const mail = createMailTransport({
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      outboxDir: path.join(config.dataDir, 'mail'),
    });
    try {
      await mail.verify();
    } finally {
      await mail.close();
    }
  });
  for (const check of checks)
    out(`${check.part.padEnd(10)} ${check.ok ? 'ok' : 'FAILED'}  [${check.mode}] ${check.detail}`);
  out(`roles      ${described.roles}`);
  out(`master key ${described.masterKey}`);
  return checks.every((check) => check.ok);
}
