/** SQL for single-use tokens (reset, verification, device links, invitations, unlock). */
import { type Executor, sql } from '@manabee/kernel';
import type { SingleUseTokenPurpose, SingleUseTokenRecord } from '../domain/index';
import { iso, type Timestamp, toDate } from './rows';

interface TokenRow {
  id: string;
  purpose: SingleUseTokenPurpose;
  subject_id: string;
  issued_by: string | null;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export async function insertToken(db: Executor, record: SingleUseTokenRecord): Promise<void> {
  await sql`insert into auth_single_use_tokens (id, purpose, subject_id, issued_by, secret_hash, created_at, expires_at)
    values (${record.id}, ${record.purpose}, ${record.subjectId}, ${record.issuedBy}, ${record.secretHash},
            ${iso(record.createdAt)}, ${iso(record.expiresAt)})`.execute(db);
}

export async function findToken(db: Executor, id: string): Promise<SingleUseTokenRecord | null> {
  const result = await sql<TokenRow>`select * from auth_single_use_tokens where id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    purpose: row.purpose,
    subjectId: row.subject_id,
    issuedBy: row.issued_by,
    secretHash: row.secret_hash,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    usedAt: toDate(row.used_at),
  };
}

/** Conditional on `used_at is null`, so of two concurrent redemptions only one wins. */
export async function markTokenUsed(db: Executor, id: string, now: Date): Promise<boolean> {
  const result = await sql<{ id: string }>`update auth_single_use_tokens set used_at = ${iso(now)}
    where id = ${id} and used_at is null returning id`.execute(db);
  return result.rows.length === 1;
}

/** A new reset link supersedes older ones: only the latest mail works. */
export async function expireOpenTokens(
  db: Executor,
  subjectId: string,
  purpose: SingleUseTokenPurpose,
  now: Date,
) {
  await sql`update auth_single_use_tokens set used_at = ${iso(now)}
    where subject_id = ${subjectId} and purpose = ${purpose} and used_at is null`.execute(db);
}
