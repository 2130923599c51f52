import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations, sql } from '../src/db/index';
import { backend, createTestDatabase, migrationsDir, type TestDatabase } from '../src/testing';

describe(`migrations (${backend.database})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('two concurrent migrators apply each migration exactly once', async () => {
    const migrations = readMigrations(migrationsDir);
    // On PostgreSQL the second handle is a separate pool: a real second replica.
    const other = backend.database === 'postgres' ? await test.reopen() : test.database;
    const [first, second] = await Promise.all([
      migrate(test.database, migrations),
      migrate(other, migrations),
    ]);
    expect([...first.applied, ...second.applied].sort()).toEqual(
      migrations.map((m) => `${m.version}_${m.name}`).sort(),
    );
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(
      test.database.db,
    );
    expect(rows[0]!.n).toBe(migrations.length);
    const again = await migrate(test.database, migrations);
    expect(again.applied).toEqual([]);
  });

  it('refuses a migration edited after it was applied', async () => {
    const migrations = readMigrations(migrationsDir);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(migrate(test.database, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it('a failing migration leaves the schema as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mig-'));
    writeFileSync(path.join(dir, '9001_good_part.sql'), 'create table half_done (id int);');
    writeFileSync(path.join(dir, '9002_bad_part.sql'), 'create table broken (id int'); // syntax error
    const extra = readMigrations(dir);
    await expect(migrate(test.database, [...readMigrations(migrationsDir), ...extra])).rejects.toThrow();
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables where table_name = 'half_done'`.execute(
      test.database.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('counts the statements run through a handle, inside transactions too', async () => {
    const before = test.database.statements();
    await sql`select 1`.execute(test.database.db);
    await test.database.transaction(async (tx) => {
      await sql`select 1`.execute(tx);
      await sql`select 2`.execute(tx);
    });
    await test.database.db.selectFrom('schema_migrations').select('version').limit(1).execute();
    expect(test.database.statements() - before).toBe(4);
  });
});
