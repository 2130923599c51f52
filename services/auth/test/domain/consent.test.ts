import { describe, expect, it } from 'vitest';
import {
  type ConsentRecord,
  consentStatus,
  giveConsent,
  hasValidConsent,
  withdrawConsent,
} from '../../src/domain/index';

const day = (n: number) => new Date(Date.UTC(2026, 0, n));

function record(overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    childId: 'chd_1',
    policyVersion: '2026-01',
    givenAt: day(1),
    method: 'parent_password_reauth',
    givenBy: 'usr_p',
    withdrawnAt: null,
    ...overrides,
  };
}

describe('hasValidConsent', () => {
  it.each<[string, ConsentRecord[], ReturnType<typeof consentStatus>]>([
    ['no records', [], 'missing'],
    ['consent to the current policy', [record()], 'valid'],
    ['consent to an older policy only', [record({ policyVersion: '2025-06' })], 'outdated'],
    ['withdrawn consent', [record({ withdrawnAt: day(2) })], 'withdrawn'],
    ['withdrawn, then given again', [record({ withdrawnAt: day(2) }), record({ givenAt: day(3) })], 'valid'],
    [
      'a withdrawal after a standing consent stops everything',
      [record({ givenAt: day(1) }), record({ givenAt: day(2), withdrawnAt: day(3) })],
      'withdrawn',
    ],
    [
      'an old-version withdrawal after current consent still stops',
      [
        record({ givenAt: day(2) }),
        record({ policyVersion: '2025-06', givenAt: day(1), withdrawnAt: day(4) }),
      ],
      'withdrawn',
    ],
    [
      're-consent to the new policy after an old one',
      [record({ policyVersion: '2025-06' }), record({ givenAt: day(5) })],
      'valid',
    ],
    [
      'an unknown method does not count',
      [record({ method: 'checkbox' as ConsentRecord['method'] })],
      'outdated',
    ],
  ])('%s', (_name, records, status) => {
    expect(consentStatus(records, '2026-01')).toBe(status);
    expect(hasValidConsent(records, '2026-01')).toBe(status === 'valid');
  });
});

describe('giving and withdrawing', () => {
  it('builds a record with every detail the law asks to keep', () => {
    const result = giveConsent({
      childId: 'chd_1',
      policyVersion: '2026-01',
      method: 'card_check',
      givenBy: 'usr_p',
      now: day(9),
    });
    expect(result).toEqual({
      ok: true,
      record: {
        childId: 'chd_1',
        policyVersion: '2026-01',
        givenAt: day(9),
        method: 'card_check',
        givenBy: 'usr_p',
        withdrawnAt: null,
      },
    });
  });

  it('refuses unknown methods, bad versions and a missing parent', () => {
    const base = {
      childId: 'chd_1',
      policyVersion: '2026-01',
      method: 'card_check',
      givenBy: 'usr_p',
      now: day(9),
    };
    expect(giveConsent({ ...base, method: 'checkbox' })).toEqual({ ok: false, code: 'invalid_method' });
    expect(giveConsent({ ...base, policyVersion: '' })).toEqual({
      ok: false,
      code: 'invalid_policy_version',
    });
    expect(giveConsent({ ...base, policyVersion: 'v1; drop' })).toEqual({
      ok: false,
      code: 'invalid_policy_version',
    });
    expect(giveConsent({ ...base, givenBy: '' })).toEqual({ ok: false, code: 'missing_parent' });
  });

  it('withdrawal takes effect at once and keeps history', () => {
    const records = [record({ withdrawnAt: day(2) }), record({ givenAt: day(3) })];
    const after = withdrawConsent(records, day(10));
    expect(after.map((r) => r.withdrawnAt)).toEqual([day(2), day(10)]);
    expect(hasValidConsent(after, '2026-01')).toBe(false);
    expect(records[1]?.withdrawnAt).toBeNull(); // input untouched
  });
});
