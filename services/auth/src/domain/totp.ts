/**
 * Time-based one-time passwords for operators (RFC 6238 over RFC 4226 HOTP).
 * Defaults match every authenticator app: HMAC-SHA-1, 6 digits, 30-second
 * steps. SHA-256/512 and 8 digits are supported for the RFC's test vectors.
 */
import { createHmac, randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';
import type { RandomBytes } from './tokens';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpOptions {
  algorithm?: TotpAlgorithm;
  digits?: 6 | 7 | 8;
  periodSeconds?: number;
}

const DEFAULTS = { algorithm: 'SHA1', digits: 6, periodSeconds: 30 } as const;

// ---------------------------------------------------------------------------
// Base32 (RFC 4648 §6), the encoding authenticator apps expect for secrets.

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Unpadded, upper-case, as in `otpauth://` URIs. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Lenient on what people paste (lower case, spaces, dashes, padding); throws on anything else. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new RangeError('invalid base32 character');
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------

/** 160 bits, the RFC 4226 recommendation for SHA-1 (§4 R6). */
export function generateTotpSecret(random: RandomBytes = nodeRandomBytes): Uint8Array {
  return new Uint8Array(random(20));
}

/** The time step containing `at` (RFC 6238 T). */
export function totpStep(at: Date, periodSeconds: number = DEFAULTS.periodSeconds): number {
  return Math.floor(at.getTime() / 1000 / periodSeconds);
}

/** RFC 4226 §5.3: HMAC over the 8-byte big-endian counter, dynamic truncation. */
export function hotp(secret: Uint8Array, counter: number, options: TotpOptions = {}): string {
  const algorithm = options.algorithm ?? DEFAULTS.algorithm;
  const digits = options.digits ?? DEFAULTS.digits;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm.toLowerCase(), secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function generateTotp(secret: Uint8Array, at: Date, options: TotpOptions = {}): string {
  return hotp(secret, totpStep(at, options.periodSeconds), options);
}

export type TotpVerification =
  | { ok: true; step: number }
  | { ok: false; reason: 'malformed' | 'invalid' | 'replayed' };

/**
 * Verifies a code within ±`window` steps of `now` (clock drift, slow typing).
 * Replay protection: the caller stores the returned `step` as `lastUsedStep`;
 * any code from that step or an earlier one is refused, so a code seen over a
 * shoulder cannot be reused, not even one step later.
 */
export function verifyTotp(input: {
  secret: Uint8Array;
  code: string;
  now: Date;
  lastUsedStep: number | null;
  window?: number;
  options?: TotpOptions;
}): TotpVerification {
  const digits = input.options?.digits ?? DEFAULTS.digits;
  const code = typeof input.code === 'string' ? input.code.replace(/\s/g, '') : '';
  if (!new RegExp(`^[0-9]{${digits}}$`).test(code)) return { ok: false, reason: 'malformed' };
  const current = totpStep(input.now, input.options?.periodSeconds);
  const window = input.window ?? 1;
  let matched: number | null = null;
  // Check every step in the window (no early exit) so timing does not say which matched.
  for (let step = current - window; step <= current + window; step++) {
    const expected = Buffer.from(hotp(input.secret, step, input.options));
    if (timingSafeEqual(expected, Buffer.from(code)) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false, reason: 'invalid' };
  if (input.lastUsedStep !== null && matched <= input.lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step: matched };
}

/**
 * The `otpauth://` URI an authenticator app scans (Key Uri Format, Google
 * Authenticator wiki). The label is `issuer:account`, both percent-encoded.
 */
export function otpauthUri(input: {
  secret: Uint8Array;
  accountName: string;
  issuer?: string;
  options?: TotpOptions;
}): string {
  const issuer = input.issuer ?? 'Manabee';
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(input.accountName)}`;
  const params = new URLSearchParams({
    secret: base32Encode(input.secret),
    issuer,
    algorithm: input.options?.algorithm ?? DEFAULTS.algorithm,
    digits: String(input.options?.digits ?? DEFAULTS.digits),
    period: String(input.options?.periodSeconds ?? DEFAULTS.periodSeconds),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
