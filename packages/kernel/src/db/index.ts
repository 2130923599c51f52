import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect';

export { sql } from 'kysely';
export { type MigrationReport, migrate, readMigrations } from './migrations';

/**
 * Services write their own SQL with the `sql` tag and the query builder; the
 * schema type is open because each service owns and types its own tables.
 */
// biome-ignore lint/suspicious/noExplicitAny: table types belong to each service's store, not the kernel.
export type AnyTables = Record<string, any>;
export type Executor = Kysely<AnyTables>;
export type Tx = Transaction<AnyTables>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Run a query outside a transaction. */
  readonly db: Executor;
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; without it, embedded PGlite. */
  url?: string | undefined;
  /** PGlite data directory; omitted = in memory. */
  dataDir?: string | undefined;
  poolMax?: number;
}

// int8 as a JS number on both engines: our bigints are counters and sizes
// far below 2^53, and one representation keeps the stores engine-agnostic.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      application_name: 'manabee',
    });
    // A dropped idle connection must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<AnyTables>({ dialect: new PostgresDialect({ pool }) });
    return wrap('postgres', db);
  }
  let pglite: PGlite;
  if (options.dataDir) {
    mkdirSync(path.dirname(options.dataDir), { recursive: true });
    pglite = new PGlite(options.dataDir);
  } else {
    pglite = new PGlite();
  }
  await pglite.waitReady;
  const db = new Kysely<AnyTables>({ dialect: new PGliteDialect(pglite) });
  return wrap('pglite', db);
}

function wrap(kind: Database['kind'], db: Executor): Database {
  let closed = false;
  return {
    kind,
    db,
    transaction: (work) => db.transaction().execute(work),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
