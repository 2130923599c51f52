/**
 * Growing lockouts against guessing (issue 3): per account and per IP, for
 * parent login, password-reset requests and child PIN entry. Pure: the store
 * keeps an `AttemptState` per (kind, scope, key) and asks these functions.
 *
 * Shape: the first `freeFailures` mistakes cost nothing, the next locks for
 * `baseLockMs`, and each further failure doubles the lock up to `maxLockMs`.
 * With the defaults a guesser gets about 16 tries in the first day and a half,
 * then one a day, so a 4-digit PIN space (minus refused PINs) holds for years.
 */

export interface LockoutPolicy {
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  /** Failures are forgotten this long after the last lock ends with no new failure. */
  forgetAfterMs: number;
}

export type LockoutKind = 'login' | 'password_reset' | 'child_pin';
export type LockoutScope = 'account' | 'ip';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ACCOUNT_POLICY: LockoutPolicy = {
  freeFailures: 4,
  baseLockMs: MINUTE,
  maxLockMs: DAY,
  forgetAfterMs: DAY,
};

/**
 * IP limits are looser: a school or a mobile carrier puts many honest users
 * behind one address, and a classroom of children mistyping PINs must not lock
 * each other out. They exist to slow one machine spraying many accounts.
 */
export const LOCKOUT_POLICIES: Record<LockoutKind, Record<LockoutScope, LockoutPolicy>> = {
  login: {
    account: ACCOUNT_POLICY,
    ip: { freeFailures: 30, baseLockMs: MINUTE, maxLockMs: DAY, forgetAfterMs: DAY },
  },
  password_reset: {
    account: ACCOUNT_POLICY,
    ip: { freeFailures: 20, baseLockMs: MINUTE, maxLockMs: DAY, forgetAfterMs: DAY },
  },
  child_pin: {
    account: ACCOUNT_POLICY,
    ip: { freeFailures: 100, baseLockMs: MINUTE, maxLockMs: HOUR, forgetAfterMs: DAY },
  },
};

export interface AttemptState {
  failures: number;
  lastFailureAt: Date | null;
}

export const NO_FAILURES: AttemptState = { failures: 0, lastFailureAt: null };

/** Lock length after `failures` consecutive failures: 0 while free, then base × 2^k, capped. */
export function lockDurationMs(failures: number, policy: LockoutPolicy): number {
  const over = failures - policy.freeFailures;
  if (over <= 0) return 0;
  // Cap the exponent first so large counts cannot overflow to Infinity.
  const doublings = Math.min(over - 1, 40);
  return Math.min(policy.baseLockMs * 2 ** doublings, policy.maxLockMs);
}

function isForgotten(state: AttemptState, now: Date, policy: LockoutPolicy): boolean {
  if (state.lastFailureAt === null) return true;
  // Counted from the end of the lock, so waiting out a maximal lock does not also reset the count.
  const forgetAt =
    state.lastFailureAt.getTime() + lockDurationMs(state.failures, policy) + policy.forgetAfterMs;
  return now.getTime() >= forgetAt;
}

/** When the lock from `state` ends, or null if not locked at `now`. */
export function lockedUntil(state: AttemptState, now: Date, policy: LockoutPolicy): Date | null {
  if (state.lastFailureAt === null || isForgotten(state, now, policy)) return null;
  const duration = lockDurationMs(state.failures, policy);
  if (duration === 0) return null;
  const until = new Date(state.lastFailureAt.getTime() + duration);
  return until.getTime() > now.getTime() ? until : null;
}

/** The state after one more failure at `now`. A failure while locked is not counted (the attempt was refused unseen). */
export function recordFailure(state: AttemptState, now: Date, policy: LockoutPolicy): AttemptState {
  if (lockedUntil(state, now, policy)) return state;
  const failures = isForgotten(state, now, policy) ? 1 : state.failures + 1;
  return { failures, lastFailureAt: now };
}

/** After a success, or an unlock by email link. The IP counter is left alone: one success says nothing of the rest. */
export function recordSuccess(): AttemptState {
  return NO_FAILURES;
}

export type AttemptDecision = { allowed: true } | { allowed: false; scope: LockoutScope; retryAt: Date };

/**
 * Whether an attempt may even be checked now. Ask before verifying the
 * password or PIN, so a locked-out guess is refused without being tested.
 */
export function checkAttempt(input: {
  kind: LockoutKind;
  account: AttemptState;
  ip: AttemptState;
  now: Date;
  policies?: Record<LockoutKind, Record<LockoutScope, LockoutPolicy>>;
}): AttemptDecision {
  const policy = (input.policies ?? LOCKOUT_POLICIES)[input.kind];
  const account = lockedUntil(input.account, input.now, policy.account);
  const ip = lockedUntil(input.ip, input.now, policy.ip);
  if (!account && !ip) return { allowed: true };
  // Report the lock that lasts longer: that is when retrying can succeed.
  if (account && (!ip || account >= ip)) return { allowed: false, scope: 'account', retryAt: account };
  return { allowed: false, scope: 'ip', retryAt: ip as Date };
}
