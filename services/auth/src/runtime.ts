/**
 * What every part of the auth service shares: its declared dependencies, the
 * session and lockout stores, and small helpers for audit, mail and
 * single-use links. Built once in `createAuthService`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AuditEntryInput } from '@manabee/audit';
import {
  AppError,
  type Cache,
  type Clock,
  type Database,
  type Executor,
  type FamilyKeyring,
  type Logger,
  type MailTransport,
  type Principal,
} from '@manabee/kernel';
import {
  issueSingleUseToken,
  redeemSingleUseToken,
  type SingleUseTokenPurpose,
  type SingleUseTokenRecord,
  singleUseTokenId,
} from './domain/index';
import type { Lockouts } from './lockouts';
import type { RenderedMail } from './mail/templates';
import type { Sessions } from './sessions';
import { findToken, insertToken, markTokenUsed } from './store/tokens';

export type PublishEvent = (tx: Executor, name: string, payload: Record<string, unknown>) => Promise<unknown>;

export interface AuditRecorder {
  record(tx: Executor, entry: AuditEntryInput): Promise<unknown>;
}

export interface AuthDeps {
  database: Database;
  cache: Cache;
  mail: MailTransport;
  logger: Logger;
  clock?: Clock;
  audit: AuditRecorder;
  publish: PublishEvent;
  /** Where people reach the app, e.g. `https://manabee.app`; links in mail point here. */
  publicUrl: string;
  /** The privacy policy version parents consent to. */
  policyVersion?: string;
  /** Extra origins allowed to make cookie-authenticated requests (besides `publicUrl`). */
  allowedOrigins?: readonly string[];
  /** 32 bytes: encrypts TOTP secrets at rest. Without it they are stored unencrypted (embedded dev only). */
  secretKey?: Uint8Array;
  /** Per-family data keys: deleting a family destroys its key (crypto-shredding). */
  keyring?: FamilyKeyring;
}

export interface Runtime {
  database: Database;
  cache: Cache;
  mail: MailTransport;
  logger: Logger;
  clock: Clock;
  audit: AuditRecorder;
  publish: PublishEvent;
  publicOrigin: string;
  allowedOrigins: readonly string[];
  policyVersion: string;
  sessions: Sessions;
  lockouts: Lockouts;
  secretKey: Uint8Array | undefined;
}

/** Who is acting and from where: what the API passes to every operation. */
export interface RequestMeta {
  principal: Principal | null;
  ip: string;
  userAgent: string | undefined;
}

export const SYSTEM_META: RequestMeta = { principal: null, ip: '127.0.0.1', userAgent: 'manabee-cli' };

export function auditEntry(
  meta: RequestMeta,
  entry: Omit<AuditEntryInput, 'actor' | 'ip' | 'userAgent'> & { actor?: AuditEntryInput['actor'] },
): AuditEntryInput {
  return {
    ...entry,
    actor: entry.actor ?? { id: meta.principal?.id ?? null, role: meta.principal?.role ?? 'anonymous' },
    ip: meta.ip,
    userAgent: meta.userAgent ?? null,
  };
}

/**
 * Sends an account mail rendered by `renderAccountMail`. Mail goes out after
 * the transaction commits; a failure is logged (without the address), not thrown.
 */
export async function sendMail(runtime: Runtime, to: string, mail: RenderedMail): Promise<void> {
  try {
    await runtime.mail.send({
      to,
      subject: mail.subject,
      text: mail.text,
      // nodemailer would pick base64 for mostly-CJK text; quoted-printable keeps
      // the ASCII link readable in the raw message, which the embedded outbox
      // reader (apps/server parseMail) and link-scraping tests rely on.
      headers: { 'Content-Transfer-Encoding': 'quoted-printable' },
    });
  } catch (error) {
    // The error text can quote the address, so only its kind is logged.
    runtime.logger.warn({ errorName: error instanceof Error ? error.name : 'unknown' }, 'auth mail failed');
  }
}

export function linkTo(runtime: Runtime, path: string, token: string): string {
  // The token rides in the fragment: browsers never send it to servers or in Referer headers.
  return `${runtime.publicOrigin}${path}#token=${encodeURIComponent(token)}`;
}

export async function issueLink(
  runtime: Runtime,
  tx: Executor,
  purpose: SingleUseTokenPurpose,
  subjectId: string,
  issuedBy: string | null = null,
): Promise<{ token: string; record: SingleUseTokenRecord }> {
  const issued = issueSingleUseToken({ purpose, subjectId, issuedBy, now: runtime.clock.now() });
  await insertToken(tx, issued.record);
  return issued;
}

export const invalidLink = () =>
  new AppError('VALIDATION_FAILED', {
    detail: 'This link is invalid, expired or already used',
    issues: [{ path: 'token', message: 'invalid, expired or already used' }],
  });

/** Redeems a presented token inside `tx`; every failure answers the same (the reason is for audit). */
export async function redeemLink(
  runtime: Runtime,
  tx: Executor,
  token: string,
  purpose: SingleUseTokenPurpose,
): Promise<{ ok: true; record: SingleUseTokenRecord } | { ok: false; reason: string }> {
  const id = singleUseTokenId(token, purpose);
  const record = id ? await findToken(tx, id) : null;
  const now = runtime.clock.now();
  const result = redeemSingleUseToken({ token, purpose, record, now });
  if (!result.ok) return result;
  if (!(await markTokenUsed(tx, result.record.id, now))) return { ok: false, reason: 'used' };
  return result;
}

// ---------------------------------------------------------------------------
// TOTP secrets at rest: AES-256-GCM under the service key.

export function sealSecret(runtime: Runtime, secret: Uint8Array): string {
  const key = runtime.secretKey;
  if (!key) return `raw:${Buffer.from(secret).toString('base64url')}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return `v1:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
}

export function openSecret(runtime: Runtime, stored: string): Uint8Array {
  if (stored.startsWith('raw:')) return Buffer.from(stored.slice(4), 'base64url');
  const [version, iv, tag, sealed] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || !sealed || !runtime.secretKey)
    throw new Error('cannot open TOTP secret');
  const decipher = createDecipheriv('aes-256-gcm', runtime.secretKey, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
}
