/**
 * Bearer secrets: session tokens, single-use links (password reset, email
 * verification, device link, invitations) and family codes.
 *
 * A token is `<id>.<secret>`: the id finds the record, the secret proves
 * possession. Only SHA-256(secret) is stored, so a leaked table or cache dump
 * yields nothing usable. A fast hash is right here (unlike passwords): the
 * secret is 256 random bits, so there is nothing to brute-force.
 */
import { createHash, randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';

/** Source of randomness; tests pass a deterministic one. */
export type RandomBytes = (size: number) => Uint8Array;

export const TOKEN_SECRET_BYTES = 32;
const ID_BYTES = 16;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TOKEN_SHAPE = /^([a-z]{2,8})_([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;

/** 128 bits as 26 Crockford base-32 characters, the shape of the platform's other ids. */
function encodeId(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

function randomExactly(random: RandomBytes, size: number): Uint8Array {
  const bytes = random(size);
  if (bytes.length !== size)
    throw new RangeError(`randomBytes returned ${bytes.length} bytes, wanted ${size}`);
  return bytes;
}

export interface OpaqueToken {
  /** Public, prefixed id (`ses_01H...`): the record's key, safe to log. */
  id: string;
  /** Handed to the holder once; never stored, never logged. */
  token: string;
  /** What to store: base64url SHA-256 of the secret part. */
  secretHash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export function createOpaqueToken(prefix: string, random: RandomBytes = nodeRandomBytes): OpaqueToken {
  if (!/^[a-z]{2,8}$/.test(prefix)) throw new RangeError(`invalid token prefix: ${prefix}`);
  const id = `${prefix}_${encodeId(randomExactly(random, ID_BYTES))}`;
  const secret = Buffer.from(randomExactly(random, TOKEN_SECRET_BYTES)).toString('base64url');
  return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token; null for anything not exactly our shape (bounded, so cheap on junk). */
export function parseOpaqueToken(token: unknown, prefix?: string): { id: string; secret: string } | null {
  if (typeof token !== 'string' || token.length > 120) return null;
  const match = TOKEN_SHAPE.exec(token);
  if (!match || (prefix !== undefined && match[1] !== prefix)) return null;
  return { id: `${match[1]}_${match[2]}`, secret: match[3] ?? '' };
}

/** Constant-time: compares fixed-length digests, so timing reveals nothing about the secret. */
export function verifySecret(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'base64url');
  const stored = Buffer.from(storedHash, 'base64url');
  if (stored.length !== presented.length) return false;
  return timingSafeEqual(presented, stored);
}

/** Whether `token` is the one whose id and hash are on record. */
export function verifyOpaqueToken(token: unknown, record: { id: string; secretHash: string }): boolean {
  const parsed = parseOpaqueToken(token);
  if (!parsed) return false;
  // Run the hash comparison even on an id mismatch, so both paths cost the same.
  const secretMatches = verifySecret(parsed.secret, record.secretHash);
  return parsed.id === record.id && secretMatches;
}

export function createSessionToken(random: RandomBytes = nodeRandomBytes): OpaqueToken {
  return createOpaqueToken('ses', random);
}

// ---------------------------------------------------------------------------
// Single-use tokens: mailed links and device links. Redeeming marks them used;
// the store must persist `usedAt` with a conditional update (used_at IS NULL)
// so two concurrent redemptions cannot both succeed.

export type SingleUseTokenPurpose =
  | 'password_reset'
  | 'email_verification'
  | 'device_link'
  | 'teacher_invite'
  | 'account_unlock';

const MINUTE = 60_000;
export const SINGLE_USE_TOKEN_TTL_MS: Record<SingleUseTokenPurpose, number> = {
  password_reset: 30 * MINUTE, // issue 3
  email_verification: 24 * 60 * MINUTE,
  // A QR code on the parent's screen is scanned within moments; keep the window short.
  device_link: 10 * MINUTE,
  teacher_invite: 7 * 24 * 60 * MINUTE,
  account_unlock: 60 * MINUTE,
};

const PURPOSE_PREFIX: Record<SingleUseTokenPurpose, string> = {
  password_reset: 'rst',
  email_verification: 'vfy',
  device_link: 'dlk',
  teacher_invite: 'inv',
  account_unlock: 'unl',
};

export interface SingleUseTokenRecord {
  id: string;
  purpose: SingleUseTokenPurpose;
  /** Whom it acts for: the user (reset, verification), the child (device link), the invitee. */
  subjectId: string;
  /** Who caused it to be issued (the parent issuing a device link), if not the subject. */
  issuedBy: string | null;
  secretHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export function issueSingleUseToken(input: {
  purpose: SingleUseTokenPurpose;
  subjectId: string;
  now: Date;
  issuedBy?: string | null;
  random?: RandomBytes;
}): { token: string; record: SingleUseTokenRecord } {
  const { id, token, secretHash } = createOpaqueToken(PURPOSE_PREFIX[input.purpose], input.random);
  return {
    token,
    record: {
      id,
      purpose: input.purpose,
      subjectId: input.subjectId,
      issuedBy: input.issuedBy ?? null,
      secretHash,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + SINGLE_USE_TOKEN_TTL_MS[input.purpose]),
      usedAt: null,
    },
  };
}

/** The record id to look up for a presented token of `purpose`, or null if malformed. */
export function singleUseTokenId(token: unknown, purpose: SingleUseTokenPurpose): string | null {
  return parseOpaqueToken(token, PURPOSE_PREFIX[purpose])?.id ?? null;
}

export type RedeemFailure = 'malformed' | 'not_found' | 'invalid' | 'used' | 'expired';

/**
 * Checks a presented token against its record and returns the record marked
 * used. The secret is verified before used/expired are looked at, so a forged
 * token learns nothing about the real one's state. All failures should reach
 * the user as the same message; the reason is for audit.
 */
export function redeemSingleUseToken(input: {
  token: unknown;
  purpose: SingleUseTokenPurpose;
  record: SingleUseTokenRecord | null;
  now: Date;
}): { ok: true; record: SingleUseTokenRecord } | { ok: false; reason: RedeemFailure } {
  const parsed = parseOpaqueToken(input.token, PURPOSE_PREFIX[input.purpose]);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const { record } = input;
  if (!record || record.id !== parsed.id || record.purpose !== input.purpose)
    return { ok: false, reason: 'not_found' };
  if (!verifySecret(parsed.secret, record.secretHash)) return { ok: false, reason: 'invalid' };
  if (record.usedAt !== null) return { ok: false, reason: 'used' };
  if (input.now.getTime() >= record.expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, record: { ...record, usedAt: input.now } };
}

/** Device link for a child, shown to the parent as a link and a QR code. */
export function issueDeviceLinkToken(input: {
  childId: string;
  parentUserId: string;
  now: Date;
  random?: RandomBytes;
}): { token: string; record: SingleUseTokenRecord } {
  return issueSingleUseToken({
    purpose: 'device_link',
    subjectId: input.childId,
    issuedBy: input.parentUserId,
    now: input.now,
    random: input.random,
  });
}

/**
 * The URL inside the QR code. The token rides in the fragment, which browsers
 * never send to servers or in Referer headers, so it stays out of access logs;
 * the page posts it to the API.
 */
export function deviceLinkUrl(appOrigin: string, token: string): string {
  const origin = new URL(appOrigin).origin;
  return `${origin}/learn/link#token=${encodeURIComponent(token)}`;
}

// ---------------------------------------------------------------------------
// Family code: typed by a child (often reading it off a fridge note), so no
// look-alike characters (0/O, 1/I/L) and no U (fewer accidental words).

export const FAMILY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const FAMILY_CODE_LENGTH = 8;

/** `XXXX-XXXX`, uniform over the alphabet (rejection sampling, no modulo bias); ~39 bits. */
export function generateFamilyCode(random: RandomBytes = nodeRandomBytes): string {
  const n = FAMILY_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < FAMILY_CODE_LENGTH) {
    for (const byte of random(FAMILY_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < FAMILY_CODE_LENGTH) code += FAMILY_CODE_ALPHABET[byte % n];
    }
  }
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Accepts what a child types (lower case, full-width, spaces, no dash); canonical form or null. */
export function normalizeFamilyCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const compact = input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== FAMILY_CODE_LENGTH) return null;
  if (![...compact].every((c) => FAMILY_CODE_ALPHABET.includes(c))) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}
