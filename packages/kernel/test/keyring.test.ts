import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, seal } from '../src/crypto/envelope';
import { createFamilyKeyring } from '../src/crypto/keyring';
import { sql } from '../src/db/index';
import { backend, createTestDatabase, type TestDatabase } from '../src/testing';

describe('envelope encryption', () => {
  const key = randomBytes(32);
  it('round-trips text and binds it to its place', () => {
    const sealed = seal(key, 'にじゅうさん たす よんじゅうはち', 'msg_1');
    expect(sealed).not.toContain('にじゅう');
    expect(open(key, sealed, 'msg_1')).toBe('にじゅうさん たす よんじゅうはち');
    expect(() => open(key, sealed, 'msg_2')).toThrow();
    expect(() => open(randomBytes(32), sealed, 'msg_1')).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${v}.${iv}.${tag}.${body!.slice(0, -2)}AA`;
    expect(() => open(key, flipped, 'msg_1')).toThrow();
  });
});

describe(`family keyring (${backend.database})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('keeps one key per family, wrapped, and shreds it on delete', async () => {
    const master = randomBytes(32);
    const keyring = createFamilyKeyring(master);
    const [a, b] = await Promise.all([
      keyring.seal(test.database.db, 'fam_1', 'secret one', 'x'),
      keyring.seal(test.database.db, 'fam_1', 'secret two', 'y'),
    ]);
    // A fresh keyring (another replica) reads the same stored key.
    const other = createFamilyKeyring(master);
    expect(await other.open(test.database.db, 'fam_1', a, 'x')).toBe('secret one');
    expect(await other.open(test.database.db, 'fam_1', b, 'y')).toBe('secret two');
    const { rows } = await sql<{ wrapped_key: string }>`select wrapped_key from family_keys`.execute(
      test.database.db,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.wrapped_key).toMatch(/^v1\./);
    await keyring.destroy(test.database.db, 'fam_1');
    await expect(createFamilyKeyring(master).open(test.database.db, 'fam_1', a, 'x')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(keyring.open(test.database.db, 'fam_1', a, 'x')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
