import { describe, expect, it } from 'vitest';
import {
  createOpaqueToken,
  createSessionToken,
  deviceLinkUrl,
  FAMILY_CODE_ALPHABET,
  generateFamilyCode,
  hashSecret,
  issueDeviceLinkToken,
  issueSingleUseToken,
  normalizeFamilyCode,
  parseOpaqueToken,
  redeemSingleUseToken,
  SINGLE_USE_TOKEN_TTL_MS,
  singleUseTokenId,
  verifyOpaqueToken,
} from '../../src/domain/index';

/** Deterministic bytes so tests can reason about exact output. */
function counterBytes(start = 0) {
  let next = start;
  return (size: number) => Uint8Array.from({ length: size }, () => next++ & 255);
}

/** Flip one character of the secret part (keeping the alphabet). */
function tamper(token: string): string {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

describe('opaque tokens', () => {
  it('has the shape <prefix>_<26 base32>.<43 base64url> and stores only a hash', () => {
    const t = createSessionToken();
    expect(t.token).toMatch(/^ses_[0-9A-HJKMNP-TV-Z]{26}\.[A-Za-z0-9_-]{43}$/);
    expect(t.token.startsWith(`${t.id}.`)).toBe(true);
    const secret = t.token.split('.')[1] ?? '';
    expect(t.secretHash).toBe(hashSecret(secret));
    expect(t.secretHash).not.toContain(secret);
    expect(Buffer.from(t.secretHash, 'base64url')).toHaveLength(32);
  });

  it('uses the random source for id and secret', () => {
    const a = createOpaqueToken('ses', counterBytes(0));
    const b = createOpaqueToken('ses', counterBytes(0));
    const c = createOpaqueToken('ses', counterBytes(7));
    expect(a).toEqual(b);
    expect(a.token).not.toBe(c.token);
    expect(createSessionToken().id).not.toBe(createSessionToken().id);
  });

  it('rejects a short random source and bad prefixes', () => {
    expect(() => createOpaqueToken('ses', () => new Uint8Array(3))).toThrow(RangeError);
    expect(() => createOpaqueToken('SES')).toThrow(RangeError);
    expect(() => createOpaqueToken('a')).toThrow(RangeError);
  });

  it('verifies the genuine token and nothing else', () => {
    const t = createSessionToken();
    const record = { id: t.id, secretHash: t.secretHash };
    expect(verifyOpaqueToken(t.token, record)).toBe(true);
    expect(verifyOpaqueToken(tamper(t.token), record)).toBe(false);
    const other = createSessionToken();
    // The right secret under another id, and another token's secret under this id.
    expect(verifyOpaqueToken(`${other.id}.${t.token.split('.')[1]}`, record)).toBe(false);
    expect(verifyOpaqueToken(`${t.id}.${other.token.split('.')[1]}`, record)).toBe(false);
    expect(verifyOpaqueToken('', record)).toBe(false);
    expect(verifyOpaqueToken(undefined, record)).toBe(false);
    expect(verifyOpaqueToken(`${t.token}x`, record)).toBe(false);
  });

  it('parses only the exact shape, with an optional prefix check', () => {
    const t = createSessionToken();
    expect(parseOpaqueToken(t.token, 'ses')?.id).toBe(t.id);
    expect(parseOpaqueToken(t.token, 'rst')).toBeNull();
    expect(parseOpaqueToken(`${t.token}.extra`)).toBeNull();
    expect(parseOpaqueToken(' '.repeat(5000))).toBeNull();
    expect(parseOpaqueToken(42)).toBeNull();
  });
});

describe('single-use tokens', () => {
  const now = new Date('2026-04-01T10:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  it('a reset token lasts 30 minutes and can be redeemed once', () => {
    const { token, record } = issueSingleUseToken({ purpose: 'password_reset', subjectId: 'usr_1', now });
    expect(record.expiresAt).toEqual(later(30 * 60_000));
    expect(SINGLE_USE_TOKEN_TTL_MS.password_reset).toBe(30 * 60_000);
    expect(singleUseTokenId(token, 'password_reset')).toBe(record.id);

    const first = redeemSingleUseToken({ token, purpose: 'password_reset', record, now: later(29 * 60_000) });
    expect(first).toEqual({ ok: true, record: { ...record, usedAt: later(29 * 60_000) } });
    if (!first.ok) return;
    // Replaying the same link against the updated record.
    expect(
      redeemSingleUseToken({
        token,
        purpose: 'password_reset',
        record: first.record,
        now: later(29 * 60_000 + 1),
      }),
    ).toEqual({
      ok: false,
      reason: 'used',
    });
  });

  it('expires at exactly the expiry instant', () => {
    const { token, record } = issueSingleUseToken({ purpose: 'password_reset', subjectId: 'usr_1', now });
    expect(
      redeemSingleUseToken({ token, purpose: 'password_reset', record, now: later(30 * 60_000 - 1) }).ok,
    ).toBe(true);
    expect(
      redeemSingleUseToken({ token, purpose: 'password_reset', record, now: later(30 * 60_000) }),
    ).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('a forged secret is "invalid" even for a used or expired record, so state does not leak', () => {
    const { token, record } = issueSingleUseToken({ purpose: 'password_reset', subjectId: 'usr_1', now });
    const used = { ...record, usedAt: now };
    expect(
      redeemSingleUseToken({ token: tamper(token), purpose: 'password_reset', record: used, now }),
    ).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(
      redeemSingleUseToken({
        token: tamper(token),
        purpose: 'password_reset',
        record,
        now: later(60 * 60_000),
      }),
    ).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses malformed tokens, other purposes and missing records', () => {
    const { token, record } = issueSingleUseToken({ purpose: 'email_verification', subjectId: 'usr_1', now });
    expect(redeemSingleUseToken({ token: 'garbage', purpose: 'email_verification', record, now })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    // A verification link presented as a reset link.
    expect(redeemSingleUseToken({ token, purpose: 'password_reset', record, now })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(redeemSingleUseToken({ token, purpose: 'email_verification', record: null, now })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const other = issueSingleUseToken({ purpose: 'email_verification', subjectId: 'usr_2', now });
    expect(redeemSingleUseToken({ token, purpose: 'email_verification', record: other.record, now })).toEqual(
      {
        ok: false,
        reason: 'not_found',
      },
    );
  });

  it('device links name the child and the issuing parent, live 10 minutes, and ride in the URL fragment', () => {
    const { token, record } = issueDeviceLinkToken({ childId: 'chd_1', parentUserId: 'usr_p', now });
    expect(record).toMatchObject({
      purpose: 'device_link',
      subjectId: 'chd_1',
      issuedBy: 'usr_p',
      usedAt: null,
    });
    expect(record.expiresAt).toEqual(later(10 * 60_000));
    expect(token.startsWith('dlk_')).toBe(true);
    const url = deviceLinkUrl('https://app.manabee.example/some/path', token);
    expect(url).toBe(`https://app.manabee.example/learn/link#token=${token}`);
    expect(new URL(url).search).toBe('');
  });
});

describe('family codes', () => {
  it('are XXXX-XXXX over an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateFamilyCode();
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$/);
    }
    for (const ambiguous of ['0', 'O', '1', 'I', 'L', 'U'])
      expect(FAMILY_CODE_ALPHABET).not.toContain(ambiguous);
  });

  it('skips bytes that would bias the distribution', () => {
    // 240..255 are rejected (240 = 8 × 30), so only the later bytes are used.
    const bytes = [250, 255, 240, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const code = generateFamilyCode(() => Uint8Array.from(bytes));
    expect(code).toBe('2345-6789');
  });

  it('normalises what a child types', () => {
    expect(normalizeFamilyCode('abcd efgh')).toBe('ABCD-EFGH');
    expect(normalizeFamilyCode('ＡＢＣＤ－ＥＦＧＨ')).toBe('ABCD-EFGH');
    expect(normalizeFamilyCode('abcd-efg')).toBeNull();
    expect(normalizeFamilyCode('ABCD-EFG0')).toBeNull();
    expect(normalizeFamilyCode('ABCD-EFGI')).toBeNull();
  });
});
