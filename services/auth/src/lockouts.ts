/**
 * Attempt counters for the domain's growing lockouts, kept in the cache (Redis
 * in production, shared by replicas). Account keys are hashed so the cache
 * never holds an email address.
 */
import { createHash } from 'node:crypto';
import type { Cache, Clock } from '@manabee/kernel';
import {
  type AttemptDecision,
  type AttemptState,
  checkAttempt,
  LOCKOUT_POLICIES,
  type LockoutKind,
  lockedUntil,
  NO_FAILURES,
  recordFailure,
} from './domain/index';

const STATE_TTL_MS = 3 * 24 * 60 * 60_000;

interface StoredState {
  failures: number;
  lastFailureAt: string | null;
}

export type Lockouts = ReturnType<typeof createLockouts>;

export function createLockouts(deps: { cache: Cache; clock: Clock }) {
  const { cache, clock } = deps;
  const key = (kind: LockoutKind, scope: 'account' | 'ip', value: string) =>
    `auth:lock:${kind}:${scope}:${createHash('sha256').update(value).digest('base64url')}`;

  async function read(cacheKey: string): Promise<AttemptState> {
    const stored = await cache.get<StoredState>(cacheKey);
    if (!stored) return NO_FAILURES;
    return {
      failures: stored.failures,
      lastFailureAt: stored.lastFailureAt ? new Date(stored.lastFailureAt) : null,
    };
  }
  async function write(cacheKey: string, state: AttemptState) {
    await cache.set(
      cacheKey,
      { failures: state.failures, lastFailureAt: state.lastFailureAt?.toISOString() ?? null },
      STATE_TTL_MS,
    );
  }

  /** Ask before checking the secret, so a locked-out guess is never tested. */
  async function check(kind: LockoutKind, account: string, ip: string): Promise<AttemptDecision> {
    const [accountState, ipState] = await Promise.all([
      read(key(kind, 'account', account)),
      read(key(kind, 'ip', ip)),
    ]);
    return checkAttempt({ kind, account: accountState, ip: ipState, now: clock.now() });
  }

  /** Records a failure; `accountLocked` says whether this failure started an account lock. */
  async function fail(kind: LockoutKind, account: string, ip: string): Promise<{ accountLocked: boolean }> {
    const now = clock.now();
    const policy = LOCKOUT_POLICIES[kind];
    const accountKey = key(kind, 'account', account);
    const ipKey = key(kind, 'ip', ip);
    const [accountState, ipState] = await Promise.all([read(accountKey), read(ipKey)]);
    const nextAccount = recordFailure(accountState, now, policy.account);
    await Promise.all([write(accountKey, nextAccount), write(ipKey, recordFailure(ipState, now, policy.ip))]);
    const wasLocked = lockedUntil(accountState, now, policy.account) !== null;
    return { accountLocked: !wasLocked && lockedUntil(nextAccount, now, policy.account) !== null };
  }

  /** A success or an unlock link clears the account counter; the IP counter stays. */
  async function clear(kind: LockoutKind, account: string): Promise<void> {
    await cache.delete(key(kind, 'account', account));
  }

  return { check, fail, clear };
}
