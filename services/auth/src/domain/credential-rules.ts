/**
 * Rules for what people type to prove who they are: parent passwords and
 * emails, and the short PIN a child uses with the family code.
 */
import { domainToASCII } from 'node:url';
import { isCommonPassword } from './common-passwords';
import type { RuleResult } from './profile-rules';

// ---------------------------------------------------------------------------
// Passwords: NIST SP 800-63B §5.1.1.2 (length and a blocklist, no composition
// rules, no forced rotation). Length counts code points, after NFKC, which is
// also the form to hash so the same password typed on another keyboard matches.

export const PASSWORD_LENGTH = { min: 10, max: 128 } as const;

export type PasswordError =
  | 'too_short'
  | 'too_long'
  | 'common'
  | 'repetitive'
  | 'sequential'
  | 'contains_context';

/** True when the string is one character repeated, or a short unit repeated ("abcabcabc"). */
function isRepetitive(value: string): boolean {
  const chars = [...value];
  for (let unit = 1; unit <= 3; unit++) {
    if (chars.length < unit * 3) break;
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** True when every character steps by +1 or -1 code point from the previous ("0123456789", "zyxw..."). */
function isSequential(value: string): boolean {
  const codes = [...value].map((c) => c.codePointAt(0) ?? 0);
  if (codes.length < 4) return false;
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (step !== 1 && step !== -1) return false;
  return codes.every((c, i) => i === 0 || c - (codes[i - 1] ?? 0) === step);
}

/**
 * Validates a new password. `context` holds words specific to this user or
 * service (their email's local part, "manabee"), which NIST also asks to refuse.
 * Returns the NFKC form, the one to hash.
 */
export function validatePassword(
  password: string,
  context: readonly string[] = [],
): RuleResult<string, PasswordError> {
  if (typeof password !== 'string') return { ok: false, code: 'too_short' };
  // Refuse absurd input before normalising it (hashing cost is bounded by max).
  if (password.length > PASSWORD_LENGTH.max * 4) return { ok: false, code: 'too_long' };
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < PASSWORD_LENGTH.min) return { ok: false, code: 'too_short' };
  if (length > PASSWORD_LENGTH.max) return { ok: false, code: 'too_long' };
  if (isCommonPassword(normalized)) return { ok: false, code: 'common' };
  if (isRepetitive(normalized)) return { ok: false, code: 'repetitive' };
  if (isSequential(normalized)) return { ok: false, code: 'sequential' };
  const lower = normalized.toLowerCase();
  const words = ['manabee', ...context.map((w) => w.normalize('NFKC').toLowerCase())];
  // Short context words (a 2-letter email local part) would reject too much.
  if (words.some((w) => w.length >= 4 && lower.includes(w))) return { ok: false, code: 'contains_context' };
  return { ok: true, value: normalized };
}

// ---------------------------------------------------------------------------
// Email. Normalised to one canonical form so that uniqueness and look-ups agree
// (and "is this registered?" cannot be probed with case variants). We do not
// strip Gmail dots or +tags: that would merge addresses their owners keep apart.

export const EMAIL_MAX_LENGTH = 254; // RFC 5321 path limit minus the angle brackets
const LOCAL_MAX_LENGTH = 64;
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export type EmailError = 'invalid' | 'too_long';

export function normalizeEmail(input: string): RuleResult<string, EmailError> {
  if (typeof input !== 'string') return { ok: false, code: 'invalid' };
  if (input.length > EMAIL_MAX_LENGTH * 2) return { ok: false, code: 'too_long' };
  const trimmed = input.normalize('NFC').trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return { ok: false, code: 'invalid' };
  // Local parts are case-sensitive on paper, case-insensitive at every real provider.
  const local = trimmed.slice(0, at).toLowerCase();
  // Internationalised domains are stored in their ASCII (punycode) form.
  const domain = domainToASCII(
    trimmed
      .slice(at + 1)
      .toLowerCase()
      .replace(/\.$/, ''),
  );
  if (!domain) return { ok: false, code: 'invalid' };
  const email = `${local}@${domain}`;
  if (email.length > EMAIL_MAX_LENGTH || local.length > LOCAL_MAX_LENGTH)
    return { ok: false, code: 'too_long' };
  if (!LOCAL_PART.test(local)) return { ok: false, code: 'invalid' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return { ok: false, code: 'invalid' };
  if (!TOP_LEVEL.test(labels[labels.length - 1] ?? '')) return { ok: false, code: 'invalid' };
  return { ok: true, value: email };
}

// ---------------------------------------------------------------------------
// Child PIN: 4-6 digits, paired with a family code and guarded by lockout.
// A short PIN is only as strong as the guesses it excludes, so refuse the
// values attackers try first (studies of leaked PINs: 1234, 1111, 0000, 1212...).

export const PIN_LENGTH = { min: 4, max: 6 } as const;

export type PinError = 'format' | 'repeated' | 'sequential' | 'common' | 'birth_year';

// biome-ignore format: a dense list
const COMMON_PINS: ReadonlySet<string> = new Set([
  '1212', '1004', '2000', '6969', '1122', '1313', '2001', '1010', '2580', '1379', '1470', '1590',
  '7410', '0852', '5683', '1225', '0101', '1230', '112233', '159753', '147258', '258369', '520520',
  '131313', '654321', '696969', '142536', '252525', '101010', '000111', '111222', '789456', '456789',
]);

function isRepeatedDigits(pin: string): boolean {
  // 0000, 1212, 123123, 121212: a block of 1-3 digits repeated to fill the PIN.
  for (let unit = 1; unit <= pin.length / 2; unit++) {
    if (pin.length % unit === 0 && pin === pin.slice(0, unit).repeat(pin.length / unit)) return true;
  }
  return false;
}

function isSequentialDigits(pin: string): boolean {
  // Ascending or descending by one, wrapping 9->0 too (7890, 8901, 3210, 1098).
  const digits = [...pin].map(Number);
  return [1, -1].some((step) =>
    digits.every((d, i) => i === 0 || d === ((digits[i - 1] ?? 0) + step + 10) % 10),
  );
}

/**
 * Validates a child PIN; full-width digits (typed on a Japanese IME) count.
 * `birthYear` is refused as a PIN because siblings and classmates know it.
 */
export function validatePin(
  input: string,
  options: { birthYear?: number } = {},
): RuleResult<string, PinError> {
  if (typeof input !== 'string' || input.length > 32) return { ok: false, code: 'format' };
  const pin = input.normalize('NFKC').trim();
  if (!new RegExp(`^[0-9]{${PIN_LENGTH.min},${PIN_LENGTH.max}}$`).test(pin))
    return { ok: false, code: 'format' };
  if (isRepeatedDigits(pin)) return { ok: false, code: 'repeated' };
  if (isSequentialDigits(pin)) return { ok: false, code: 'sequential' };
  if (COMMON_PINS.has(pin)) return { ok: false, code: 'common' };
  if (options.birthYear !== undefined && pin.includes(String(options.birthYear))) {
    return { ok: false, code: 'birth_year' };
  }
  return { ok: true, value: pin };
}
