import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotp,
  generateTotpSecret,
  hotp,
  otpauthUri,
  type TotpAlgorithm,
  totpStep,
  verifyTotp,
} from '../../src/domain/index';

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'));

// RFC 6238 Appendix B: seeds are the ASCII digits repeated to the hash's length.
const SEEDS: Record<TotpAlgorithm, Uint8Array> = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

const RFC6238: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 test vectors', () => {
  it.each(RFC6238)('T=%i', (seconds, sha1, sha256, sha512) => {
    const at = new Date(seconds * 1000);
    expect(generateTotp(SEEDS.SHA1, at, { digits: 8 })).toBe(sha1);
    expect(generateTotp(SEEDS.SHA256, at, { digits: 8, algorithm: 'SHA256' })).toBe(sha256);
    expect(generateTotp(SEEDS.SHA512, at, { digits: 8, algorithm: 'SHA512' })).toBe(sha512);
  });
});

describe('RFC 4226 HOTP vectors', () => {
  const expected = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i → %s', (counter, code) => {
    expect(hotp(SEEDS.SHA1, counter)).toBe(code);
  });
});

describe('verifyTotp', () => {
  const secret = SEEDS.SHA1;
  const now = new Date(1_700_000_000_000);
  const step = totpStep(now);
  const codeAt = (offsetSteps: number) =>
    generateTotp(secret, new Date(now.getTime() + offsetSteps * 30_000));

  it('accepts the current step and one step either side', () => {
    expect(verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: null })).toEqual({ ok: true, step });
    expect(verifyTotp({ secret, code: codeAt(-1), now, lastUsedStep: null })).toEqual({
      ok: true,
      step: step - 1,
    });
    expect(verifyTotp({ secret, code: codeAt(1), now, lastUsedStep: null })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('refuses codes two steps away', () => {
    expect(verifyTotp({ secret, code: codeAt(-2), now, lastUsedStep: null })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyTotp({ secret, code: codeAt(2), now, lastUsedStep: null })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a replayed step, and any step at or before the last used one', () => {
    expect(verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(verifyTotp({ secret, code: codeAt(-1), now, lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(verifyTotp({ secret, code: codeAt(1), now, lastUsedStep: step })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('refuses malformed codes and wrong secrets', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12 34 5x']) {
      expect(verifyTotp({ secret, code, now, lastUsedStep: null })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
    expect(
      verifyTotp({ secret: ascii('another secret 12345'), code: codeAt(0), now, lastUsedStep: null }).ok,
    ).toBe(false);
  });

  it('tolerates a space typed in the middle', () => {
    const code = codeAt(0);
    expect(
      verifyTotp({ secret, code: `${code.slice(0, 3)} ${code.slice(3)}`, now, lastUsedStep: null }).ok,
    ).toBe(true);
  });
});

describe('base32 (RFC 4648 vectors) and provisioning', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j ↔ %s', (plain, encoded) => {
    expect(base32Encode(ascii(plain))).toBe(encoded);
    expect(Buffer.from(base32Decode(encoded)).toString('ascii')).toBe(plain);
  });

  it('decodes what people paste and refuses other characters', () => {
    expect(Buffer.from(base32Decode('mzxw 6ytb-oi======')).toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow(RangeError);
  });

  it('round-trips a generated 160-bit secret', () => {
    const secret = generateTotpSecret();
    expect(secret).toHaveLength(20);
    expect(base32Decode(base32Encode(secret))).toEqual(secret);
  });

  it('builds the otpauth:// URI authenticator apps scan', () => {
    const uri = otpauthUri({ secret: ascii('foobar'), accountName: 'ops@manabee.example' });
    expect(uri).toBe(
      'otpauth://totp/Manabee:ops%40manabee.example?secret=MZXW6YTBOI&issuer=Manabee&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('secret')).toBe('MZXW6YTBOI');
  });
});
