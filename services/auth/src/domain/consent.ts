/**
 * Verifiable parental consent (COPPA 16 CFR 312.5, Japan's APPI for minors):
 * no child uses the product before a parent has consented to the current
 * privacy policy, and withdrawing consent stops access at once (issue 3).
 * Records are append-only history: consent is given by adding a record and
 * withdrawn by stamping `withdrawnAt`, never by deleting anything.
 */

/**
 * How the parent proved to be an adult with authority. Each is a method the
 * FTC recognises or an equivalent: re-entering the parent's password in an
 * already-verified adult account, a card check with a small charge/authorisation,
 * a signed form, a video call with staff, or a school acting under its own
 * authority for classroom use.
 */
export const CONSENT_METHODS = [
  'parent_password_reauth',
  'card_check',
  'signed_form',
  'video_call',
  'school_authorization',
] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export interface ConsentRecord {
  childId: string;
  /** The privacy policy version consented to, e.g. `2026-01`. */
  policyVersion: string;
  givenAt: Date;
  method: ConsentMethod;
  /** The parent's user id. */
  givenBy: string;
  withdrawnAt: Date | null;
}

export type ConsentStatus = 'valid' | 'missing' | 'outdated' | 'withdrawn';

function latest(dates: readonly Date[]): number | null {
  return dates.length === 0 ? null : Math.max(...dates.map((d) => d.getTime()));
}

/**
 * One child's consent state, from that child's records (any order).
 * - `valid`: a not-withdrawn consent to the current policy, given after every withdrawal
 * - `withdrawn`: the most recent act was a withdrawal
 * - `outdated`: consent exists, but only for an older policy (ask again)
 * - `missing`: never given
 * A withdrawal of any version withdraws everything given before it: a parent
 * who says "stop" means stop, whatever policy version the old record named.
 */
export function consentStatus(
  records: readonly ConsentRecord[],
  currentPolicyVersion: string,
): ConsentStatus {
  if (records.length === 0) return 'missing';
  const lastWithdrawal = latest(records.flatMap((r) => (r.withdrawnAt ? [r.withdrawnAt] : [])));
  const lastGiven = latest(records.filter((r) => r.withdrawnAt === null).map((r) => r.givenAt));
  if (lastGiven === null || (lastWithdrawal !== null && lastWithdrawal >= lastGiven)) return 'withdrawn';
  const current = records.filter(
    (r) =>
      r.withdrawnAt === null &&
      r.policyVersion === currentPolicyVersion &&
      (CONSENT_METHODS as readonly string[]).includes(r.method) &&
      (lastWithdrawal === null || r.givenAt.getTime() > lastWithdrawal),
  );
  return current.length > 0 ? 'valid' : 'outdated';
}

export function hasValidConsent(records: readonly ConsentRecord[], currentPolicyVersion: string): boolean {
  return consentStatus(records, currentPolicyVersion) === 'valid';
}

export type ConsentError = 'invalid_method' | 'invalid_policy_version' | 'missing_parent';

/** Builds the record for a parent's consent; the caller has already re-authenticated the parent. */
export function giveConsent(input: {
  childId: string;
  policyVersion: string;
  method: string;
  givenBy: string;
  now: Date;
}): { ok: true; record: ConsentRecord } | { ok: false; code: ConsentError } {
  if (!(CONSENT_METHODS as readonly string[]).includes(input.method))
    return { ok: false, code: 'invalid_method' };
  if (!/^[\w.-]{1,32}$/.test(input.policyVersion)) return { ok: false, code: 'invalid_policy_version' };
  if (!input.givenBy) return { ok: false, code: 'missing_parent' };
  return {
    ok: true,
    record: {
      childId: input.childId,
      policyVersion: input.policyVersion,
      givenAt: input.now,
      method: input.method as ConsentMethod,
      givenBy: input.givenBy,
      withdrawnAt: null,
    },
  };
}

/** Stamps every standing consent as withdrawn at `now`; records already withdrawn keep their time. */
export function withdrawConsent(records: readonly ConsentRecord[], now: Date): ConsentRecord[] {
  return records.map((r) => (r.withdrawnAt === null ? { ...r, withdrawnAt: now } : r));
}
