import { describe, expect, it } from 'vitest';
import {
  type AttemptState,
  checkAttempt,
  LOCKOUT_POLICIES,
  lockDurationMs,
  lockedUntil,
  NO_FAILURES,
  recordFailure,
  recordSuccess,
} from '../../src/domain/index';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const account = LOCKOUT_POLICIES.login.account;

describe('lock growth', () => {
  it('is free for four failures, 1 minute at five, then doubling, capped at 24 hours', () => {
    const minutes = Array.from({ length: 20 }, (_, i) => lockDurationMs(i + 1, account) / MINUTE);
    expect(minutes).toEqual([
      0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1440, 1440, 1440, 1440, 1440,
    ]);
    expect(lockDurationMs(1_000_000, account)).toBe(DAY);
  });

  it('the same growth guards reset requests and child PINs per account', () => {
    expect(lockDurationMs(5, LOCKOUT_POLICIES.password_reset.account)).toBe(MINUTE);
    expect(lockDurationMs(5, LOCKOUT_POLICIES.child_pin.account)).toBe(MINUTE);
  });

  it('IP limits are looser, so one school network does not lock out a class', () => {
    expect(lockDurationMs(30, LOCKOUT_POLICIES.child_pin.ip)).toBe(0);
    expect(lockDurationMs(101, LOCKOUT_POLICIES.child_pin.ip)).toBe(MINUTE);
    expect(lockDurationMs(31, LOCKOUT_POLICIES.login.ip)).toBe(MINUTE);
  });
});

describe('attempt state over time', () => {
  const t0 = new Date('2026-05-01T00:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  function fail(times: number, state: AttemptState = NO_FAILURES, start = 0, every = 1000): AttemptState {
    let s = state;
    for (let i = 0; i < times; i++) s = recordFailure(s, at(start + i * every), account);
    return s;
  }

  it('locks after the fifth failure until one minute after it', () => {
    const four = fail(4);
    expect(lockedUntil(four, at(4000), account)).toBeNull();
    const five = recordFailure(four, at(4000), account);
    expect(five.failures).toBe(5);
    expect(lockedUntil(five, at(4001), account)).toEqual(at(4000 + MINUTE));
    expect(lockedUntil(five, at(4000 + MINUTE), account)).toBeNull();
  });

  it('does not count attempts made while locked', () => {
    const five = fail(5);
    expect(recordFailure(five, at(10_000), account)).toBe(five);
    const six = recordFailure(five, at(4000 + MINUTE), account);
    expect(six.failures).toBe(6);
    expect(lockedUntil(six, at(4000 + MINUTE), account)).toEqual(at(4000 + 3 * MINUTE));
  });

  it('forgets failures a day after the last lock ends, not merely after a day', () => {
    const many = { failures: 16, lastFailureAt: t0 };
    expect(lockedUntil(many, at(DAY - 1), account)).toEqual(at(DAY));
    // Right after the 24h lock the count persists, so the next failure locks for 24h again.
    const next = recordFailure(many, at(DAY), account);
    expect(next.failures).toBe(17);
    expect(lockedUntil(next, at(DAY), account)).toEqual(at(2 * DAY));
    // A quiet day after the lock ended: back to the start.
    expect(recordFailure(many, at(2 * DAY), account)).toEqual({ failures: 1, lastFailureAt: at(2 * DAY) });
  });

  it('success (or an unlock email) clears the account counter', () => {
    expect(recordSuccess()).toEqual({ failures: 0, lastFailureAt: null });
  });
});

describe('checkAttempt', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const lockedFor = (minutes: number, failures: number): AttemptState => ({
    failures,
    lastFailureAt: new Date(now.getTime() - (2 ** (failures - 5) - minutes) * MINUTE),
  });

  it('allows when neither account nor IP is locked', () => {
    expect(checkAttempt({ kind: 'login', account: NO_FAILURES, ip: NO_FAILURES, now })).toEqual({
      allowed: true,
    });
  });

  it('reports the account lock', () => {
    const decision = checkAttempt({ kind: 'child_pin', account: lockedFor(1, 6), ip: NO_FAILURES, now });
    expect(decision).toEqual({ allowed: false, scope: 'account', retryAt: new Date(now.getTime() + MINUTE) });
  });

  it('reports the IP lock, and the longer of two locks', () => {
    const ipState = { failures: 33, lastFailureAt: now }; // 3 over the login IP allowance: 4 minutes
    expect(checkAttempt({ kind: 'login', account: NO_FAILURES, ip: ipState, now })).toEqual({
      allowed: false,
      scope: 'ip',
      retryAt: new Date(now.getTime() + 4 * MINUTE),
    });
    expect(checkAttempt({ kind: 'login', account: lockedFor(1, 6), ip: ipState, now })).toMatchObject({
      scope: 'ip',
    });
    expect(checkAttempt({ kind: 'login', account: lockedFor(10, 8), ip: ipState, now })).toMatchObject({
      scope: 'account',
    });
  });
});
