import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, describeConfig, loadConfig } from '../src/config/index';

const load = (env: Record<string, string>) => loadConfig(env, { dotenvPath: false });

describe('config', () => {
  it('runs on embedded defaults with no variables set', () => {
    const config = load({});
    expect(config.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.roles).toEqual(['all']);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(describeConfig(config).database).toMatch(/embedded PGlite/);
  });

  it('lists every wrong variable at once, with the reason', () => {
    const error = (() => {
      try {
        load({ PORT: 'eighty', REDIS_URL: 'http://cache', LOG_LEVEL: 'loud', NODE_ENV: 'production' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/REDIS_URL: must be a redis or rediss URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/DATABASE_URL: is required when NODE_ENV=production/);
    expect(problems).toMatch(/MASTER_KEY: is required when NODE_ENV=production/);
  });

  it('never prints a secret value, valid or not', () => {
    const secret = 's3cr3t-pa55word';
    try {
      load({ DATABASE_URL: `mysql://admin:${secret}@db/x`, MASTER_KEY: secret });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(secret);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
    const config = load({ DATABASE_URL: `postgres://admin:${secret}@db:5432/x` });
    expect(JSON.stringify(describeConfig(config))).not.toContain(secret);
  });

  it('reads .env under the real environment', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(path.join((await import('node:os')).tmpdir(), 'cfg-'));
    const file = path.join(dir, '.env');
    writeFileSync(file, 'PORT=4100\nLOG_LEVEL=debug\n');
    const config = loadConfig({ LOG_LEVEL: 'warn' }, { dotenvPath: file });
    expect(config.port).toBe(4100);
    expect(config.log.level).toBe('warn');
  });

  it('.env.example documents every variable the schema reads', () => {
    const example = readFileSync(path.resolve(import.meta.dirname, '../../../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    const missing = Object.keys(configSchema.shape).filter((key) => !documented.has(key));
    expect(missing).toEqual([]);
  });
});
