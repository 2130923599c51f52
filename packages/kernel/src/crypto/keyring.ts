import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/index';
import { AppError } from '../errors';
import { open, openBytes, seal, sealBytes } from './envelope';

/**
 * Per-family data keys, each wrapped by the master key. Child content is
 * sealed under its family's key; destroying that key (data deletion) makes the
 * family's history unreadable everywhere, backups included (crypto-shredding).
 * Unwrapped keys are cached in memory only for a short time.
 */
export interface FamilyKeyring {
  /** Seals text for a family, creating its key on first use. */
  seal(executor: Executor, familyId: string, plaintext: string, associatedData: string): Promise<string>;
  open(executor: Executor, familyId: string, sealed: string, associatedData: string): Promise<string>;
  /** Irreversibly destroys the family's key. */
  destroy(executor: Executor, familyId: string): Promise<void>;
}

const CACHE_MS = 5 * 60_000;

export function createFamilyKeyring(masterKey: Buffer): FamilyKeyring {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const cache = new Map<string, { key: Buffer; until: number }>();

  async function keyFor(executor: Executor, familyId: string, create: boolean): Promise<Buffer> {
    const cached = cache.get(familyId);
    if (cached && cached.until > Date.now()) return cached.key;
    const { rows } = await sql<{ wrapped_key: string | null }>`
      select wrapped_key from family_keys where family_id = ${familyId}`.execute(executor);
    let wrapped = rows[0]?.wrapped_key;
    if (rows[0] && wrapped === null)
      throw new AppError('NOT_FOUND', { detail: 'This family’s data has been deleted' });
    if (!wrapped) {
      if (!create) throw new AppError('NOT_FOUND', { detail: 'No data key for this family' });
      const fresh = sealBytes(masterKey, randomBytes(32), `family-key:${familyId}`);
      // Two first writers race: the loser reads the winner's key.
      await sql`insert into family_keys (family_id, wrapped_key) values (${familyId}, ${fresh})
        on conflict (family_id) do nothing`.execute(executor);
      const again = await sql<{ wrapped_key: string }>`
        select wrapped_key from family_keys where family_id = ${familyId}`.execute(executor);
      wrapped = again.rows[0]!.wrapped_key;
    }
    const key = openBytes(masterKey, wrapped, `family-key:${familyId}`);
    cache.set(familyId, { key, until: Date.now() + CACHE_MS });
    return key;
  }

  return {
    async seal(executor, familyId, plaintext, associatedData) {
      return seal(await keyFor(executor, familyId, true), plaintext, associatedData);
    },
    async open(executor, familyId, sealed, associatedData) {
      return open(await keyFor(executor, familyId, false), sealed, associatedData);
    },
    async destroy(executor, familyId) {
      cache.delete(familyId);
      await sql`insert into family_keys (family_id, wrapped_key, destroyed_at) values (${familyId}, null, now())
        on conflict (family_id) do update set wrapped_key = null, destroyed_at = now()`.execute(executor);
    },
  };
}
