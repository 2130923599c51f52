import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Database, migrate, openDatabase, readMigrations } from './db/index';

/**
 * Test support shared by every service's tests. The same suite runs on
 * embedded parts by default and on real servers when the usual variables are
 * set (DATABASE_URL, REDIS_URL, NATS_URL). Each test file gets its own fresh
 * database (PostgreSQL: a new database; PGlite: a new instance) so runs never
 * see each other's data.
 */
export const migrationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../db/migrations',
);

export const backend = {
  database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  cache: process.env.REDIS_URL ? 'redis' : 'memory',
  bus: process.env.NATS_URL ? 'nats' : 'embedded',
} as const;

export interface TestDatabase extends AsyncDisposable {
  database: Database;
  /** URL of the fresh PostgreSQL database, or undefined on PGlite. */
  url: string | undefined;
  /** Opens another handle to the same database (a second "process"). */
  reopen(): Promise<Database>;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  migrate?: boolean;
  /** PGlite: persist in this directory so a test can "restart the process". */
  dataDir?: string;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (adminUrl) {
    const name = `manabee_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const open = () => openDatabase({ url, dataDir: options.dataDir, poolMax: 5 });
  const database = await open();
  if (options.migrate !== false) await migrate(database, readMigrations(migrationsDir));
  const handles: Database[] = [database];
  const drop = async () => {
    for (const handle of handles) await handle.close();
    await dropDatabase();
  };
  return {
    database,
    url,
    reopen: async () => {
      const handle = await open();
      handles.push(handle);
      return handle;
    },
    drop,
    [Symbol.asyncDispose]: drop,
  };
}

/** A unique prefix for cache keys and stream names, per test file. */
export function testNamespace(): string {
  return `t${randomBytes(4).toString('hex')}`;
}
