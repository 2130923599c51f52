import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './index';

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `db/migrations/NNNN_name.sql` in order. */
export function readMigrations(directory: string): Migration[] {
  return readdirSync(directory)
    .filter((file) => FILE.test(file))
    .sort()
    .map((file) => {
      const match = FILE.exec(file)!;
      const text = readFileSync(path.join(directory, file), 'utf8');
      return {
        version: match[1]!,
        name: match[2]!,
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

// Arbitrary constant shared by every replica: "manabee migrations".
const MIGRATION_LOCK = 0x6d616e61;

/**
 * Applies pending migrations in one transaction under a transaction-scoped
 * advisory lock. Ten replicas starting at once queue on the lock; the first
 * applies, the rest find nothing to do. PostgreSQL DDL is transactional, so a
 * failing migration leaves the schema as it was.
 */
export async function migrate(database: Database, migrations: Migration[]): Promise<MigrationReport> {
  return database.transaction(async (tx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
    await sql`create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(tx);
    const { rows } = await sql<{ version: string; checksum: string; name: string }>`
      select version, name, checksum from schema_migrations order by version`.execute(tx);
    const done = new Map(rows.map((row) => [row.version, row]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const existing = done.get(migration.version);
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.version}_${migration.name} was edited after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      await sql.raw(migration.sql).execute(tx);
      await sql`insert into schema_migrations (version, name, checksum)
        values (${migration.version}, ${migration.name}, ${migration.checksum})`.execute(tx);
      applied.push(`${migration.version}_${migration.name}`);
    }
    return { applied, alreadyApplied: done.size };
  });
}
