import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresDialect,
  type QueryResult,
  type RootOperationNode,
  sql,
  type Transaction,
  type UnknownRow,
} from 'kysely';
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
  /** SQL statements run through this handle so far (benches and diagnostics; transaction control not counted). */
  statements(): number;
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
    const counter = new StatementCounter();
    const db = new Kysely<AnyTables>({ dialect: new PostgresDialect({ pool }), plugins: [counter] });
    return wrap('postgres', db, counter);
  }
  let pglite: PGlite;
  if (options.dataDir) {
    mkdirSync(path.dirname(options.dataDir), { recursive: true });
    pglite = new PGlite(options.dataDir);
  } else {
    pglite = new PGlite();
  }
  await pglite.waitReady;
  const counter = new StatementCounter();
  const db = new Kysely<AnyTables>({ dialect: new PGliteDialect(pglite), plugins: [counter] });
  return wrap('pglite', db, counter);
}

/** Counts every statement Kysely runs, query builder and `sql` tag alike: one increment, no I/O. */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function wrap(kind: Database['kind'], db: Executor, counter: StatementCounter): Database {
  let closed = false;
  return {
    kind,
    db,
    statements: () => counter.count,
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
