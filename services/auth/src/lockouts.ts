/**
 * Attempt counters for the domain's growing lockouts, kept in the cache (Redis
 * in production, shared by replicas). Account keys are hashed so the cache
 * never holds an email address.
 *
 * Each counter is two keys: the failure count, incremented atomically so that
 * failures arriving together (a guessing burst, several replicas) each count,
 * and the time of the last failure. The count key lives as long as the policy
 * remembers failures (the lock, then `forgetAfterMs`), so its expiry is the
 * domain's "forgotten"; the time key outlives it.
 */
import { createHash } from 'node:crypto';
import type { Cache, Clock } from '@manabee/kernel';
import {
  type AttemptDecision,
  type AttemptState,
  checkAttempt,
  LOCKOUT_POLICIES,
  type LockoutKind,
  type LockoutPolicy,
  type LockoutScope,
  lockDurationMs,
  lockedUntil,
  NO_FAILURES,
  recordFailure,
} from './domain/index';

const HOUR = 60 * 60_000;

interface CounterKeys {
  failures: string;
  lastFailureAt: string;
}

export type Lockouts = ReturnType<typeof createLockouts>;

export function createLockouts(deps: { cache: Cache; clock: Clock }) {
  const { cache, clock } = deps;
  // `lockout:` rather than the former `lock:`, whose values were JSON and cannot be incremented.
  const keysFor = (kind: LockoutKind, scope: LockoutScope, value: string): CounterKeys => {
    const base = `auth:lockout:${kind}:${scope}:${createHash('sha256').update(value).digest('base64url')}`;
    return { failures: `${base}:n`, lastFailureAt: `${base}:at` };
  };

  async function read(keys: CounterKeys): Promise<AttemptState> {
    const [failures, lastFailureAt] = await Promise.all([
      cache.get<number>(keys.failures),
      cache.get<string>(keys.lastFailureAt),
    ]);
    if (!failures) return NO_FAILURES;
    return { failures, lastFailureAt: lastFailureAt ? new Date(lastFailureAt) : null };
  }

  /**
   * Counts one failure; true if it is the one that started a lock. `refused`:
   * the attempt was turned away unseen, which the domain does not count while
   * this scope is locked. A tested attempt that fails always counts, even when
   * a concurrent failure locked the scope after it was let through (a burst of
   * guesses verified in parallel): it was a real guess, so that errs toward locking.
   */
  async function count(
    keys: CounterKeys,
    now: Date,
    policy: LockoutPolicy,
    refused: boolean,
  ): Promise<boolean> {
    const before = await read(keys);
    const locked = lockedUntil(before, now, policy) !== null;
    if (locked && refused) return false;
    const expected = locked ? before.failures + 1 : recordFailure(before, now, policy).failures;
    if (before.failures > 0 && expected === 1) {
      // Forgotten by the clock while the count key still lives (replica and cache
      // clocks differ a little, or a test moved its clock): start again. A burst
      // crossing this instant may lose a few counts; the next failures count.
      await cache.delete(keys.failures);
    }
    // Written before the count, so a visible count always has a time at least as
    // late as its own failure. Outlives the count key (at most maxLock + forget).
    await cache.set(keys.lastFailureAt, now.toISOString(), policy.maxLockMs + policy.forgetAfterMs + HOUR);
    const failures = await cache.incrementSliding(
      keys.failures,
      1,
      lockDurationMs(expected, policy) + policy.forgetAfterMs,
    );
    const lockMs = lockDurationMs(failures, policy);
    // Others counted concurrently, so the lock (and the memory after it) is
    // longer than this call assumed. extendTtl never shortens, so racing calls
    // leave the longest.
    if (lockMs > lockDurationMs(expected, policy))
      await cache.extendTtl(keys.failures, lockMs + policy.forgetAfterMs);
    // One failure of a burst starts the lock: the one with the expected count, or
    // the first to reach a locking count; later ones find it begun.
    return !locked && lockMs > 0 && (failures === expected || lockDurationMs(failures - 1, policy) === 0);
  }

  /** Ask before checking the secret, so a locked-out guess is never tested. */
  async function check(kind: LockoutKind, account: string, ip: string): Promise<AttemptDecision> {
    const [accountState, ipState] = await Promise.all([
      read(keysFor(kind, 'account', account)),
      read(keysFor(kind, 'ip', ip)),
    ]);
    return checkAttempt({ kind, account: accountState, ip: ipState, now: clock.now() });
  }

  /**
   * Records a failure; `accountLocked` says whether this failure started an
   * account lock. Pass `checked`, what `check` said, when reporting an attempt
   * it refused (a reset request for a locked account still counts against the IP).
   */
  async function fail(
    kind: LockoutKind,
    account: string,
    ip: string,
    checked?: AttemptDecision,
  ): Promise<{ accountLocked: boolean }> {
    const now = clock.now();
    const policy = LOCKOUT_POLICIES[kind];
    const refused = checked?.allowed === false;
    const [accountLocked] = await Promise.all([
      count(keysFor(kind, 'account', account), now, policy.account, refused),
      count(keysFor(kind, 'ip', ip), now, policy.ip, refused),
    ]);
    return { accountLocked };
  }

  /** A success or an unlock link clears the account counter; the IP counter stays. */
  async function clear(kind: LockoutKind, account: string): Promise<void> {
    const keys = keysFor(kind, 'account', account);
    await Promise.all([cache.delete(keys.failures), cache.delete(keys.lastFailureAt)]);
  }

  return { check, fail, clear };
}
