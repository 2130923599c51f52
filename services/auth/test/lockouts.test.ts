import { createHash } from 'node:crypto';
import { type Cache, listStoredMail, ManualClock, openCache } from '@manabee/kernel';
import { backend, testNamespace } from '@manabee/kernel/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_POLICIES, lockDurationMs } from '../src/domain/index';
import { createLockouts, type Lockouts } from '../src/lockouts';
import { createHarness, decodeMail, gql, type Harness, LOG_IN, parentWithSession } from './harness';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Failures arriving together (a guessing burst, or several API replicas) must
 * each count: a read-then-write counter would see them all as one.
 */
describe(`lockouts under concurrent failures (${backend.database}, ${backend.cache})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('20 wrong passwords at once lock the account as 20 failures do: a day, one unlock mail', async () => {
    const email = 'burst@example.jp';
    await parentWithSession(h, email, PASSWORD);
    // From 20 addresses, so the per-IP counters stay out of it.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gql(h.app, LOG_IN, { input: { email, password: 'wrong password!' } }, { ip: `203.0.113.${i + 1}` }),
      ),
    );
    expect(burst.map((response) => response.code)).toEqual(Array(20).fill('UNAUTHENTICATED'));
    expect(lockDurationMs(20, LOCKOUT_POLICIES.login.account)).toBe(DAY);

    const attempt = () => gql(h.app, LOG_IN, { input: { email, password: PASSWORD } }, { ip: '192.0.2.1' });
    h.clock.advance(DAY - MINUTE);
    expect((await attempt()).code).toBe('RATE_LIMITED');
    h.clock.advance(MINUTE);
    expect((await attempt()).errors).toBeUndefined();

    // One burst, one lock: the parent gets one unlock mail, not one per failure.
    const unlockMails = (await listStoredMail(h.outbox, 500)).filter(
      (mail) =>
        mail.raw.includes(`To: ${email}`) &&
        decodeMail(mail.raw).subject.includes('ログインを一時的に制限しました'),
    );
    expect(unlockMails).toHaveLength(1);
  });
});

describe(`lockout counters (${backend.cache})`, () => {
  const clock = new ManualClock(new Date('2026-05-01T00:00:00Z'));
  const keyPrefix = `${testNamespace()}:`;
  const account = LOCKOUT_POLICIES.login.account;
  let cache: Cache;
  let lockouts: Lockouts;
  /** Redis only: the keys seen raw, to read their TTLs. */
  let raw: Redis | undefined;
  beforeAll(async () => {
    cache = await openCache({ url: process.env.REDIS_URL, keyPrefix });
    lockouts = createLockouts({ cache, clock });
    if (process.env.REDIS_URL) raw = new Redis(process.env.REDIS_URL, { keyPrefix });
  });
  afterAll(async () => {
    await cache.close();
    await raw?.quit();
  });

  const at = (ms: number) => new Date(clock.now().getTime() + ms);
  const failTimes = (times: number, kind: 'login' | 'child_pin', who: string) =>
    Promise.all(
      Array.from({ length: times }, (_, i) => lockouts.fail(kind, who, `192.0.2.${(i % 200) + 1}`)),
    );

  it('a burst from one address over many accounts locks the address as the IP policy says', async () => {
    const ip = '198.51.100.77';
    const free = LOCKOUT_POLICIES.login.ip.freeFailures;
    await Promise.all(
      Array.from({ length: free + 1 }, (_, i) => lockouts.fail('login', `user${i}@example.jp`, ip)),
    );
    expect(await lockouts.check('login', 'someone-else@example.jp', ip)).toEqual({
      allowed: false,
      scope: 'ip',
      retryAt: at(MINUTE),
    });
  });

  it('counts every failure of a burst on one account, and says once that a lock began', async () => {
    const results = await failTimes(10, 'child_pin', 'FAMILY1:Ken');
    expect(results.filter((result) => result.accountLocked)).toHaveLength(1);
    // 10 failures: 4 free, then 1, 2, 4, 8, 16, 32 minutes.
    expect(await lockouts.check('child_pin', 'FAMILY1:Ken', '192.0.2.250')).toEqual({
      allowed: false,
      scope: 'account',
      retryAt: at(lockDurationMs(10, account)),
    });
    expect(lockDurationMs(10, account)).toBe(32 * MINUTE);
  });

  it('does not count attempts refused while locked; the next one after the lock does', async () => {
    const who = 'serial@example.jp';
    const ip = '192.0.2.1';
    for (let i = 0; i < 5; i++) await lockouts.fail('password_reset', who, ip);
    for (let i = 0; i < 3; i++) {
      const checked = await lockouts.check('password_reset', who, ip);
      expect(checked.allowed).toBe(false);
      expect(await lockouts.fail('password_reset', who, ip, checked)).toEqual({ accountLocked: false });
    }
    clock.advance(MINUTE);
    expect(await lockouts.check('password_reset', who, ip)).toEqual({ allowed: true });
    // The sixth counted failure: 2 minutes (the 3 refused attempts would have made it 16).
    expect(await lockouts.fail('password_reset', who, ip)).toEqual({ accountLocked: true });
    expect(await lockouts.check('password_reset', who, ip)).toMatchObject({ retryAt: at(2 * MINUTE) });
    await lockouts.clear('password_reset', who);
    expect(await lockouts.check('password_reset', who, ip)).toEqual({ allowed: true });
    expect(await lockouts.fail('password_reset', who, ip)).toEqual({ accountLocked: false });
  });

  it('counts a tested attempt that fails after a concurrent failure locked the account', async () => {
    const who = 'raced@example.jp';
    await failTimes(5, 'login', who);
    expect(await lockouts.check('login', who, '192.0.2.250')).toMatchObject({ retryAt: at(MINUTE) });
    // Let through before the lock, tested, failed after it: the sixth failure, no new lock mail.
    expect(await lockouts.fail('login', who, '192.0.2.1')).toEqual({ accountLocked: false });
    expect(await lockouts.check('login', who, '192.0.2.250')).toMatchObject({ retryAt: at(2 * MINUTE) });
  });

  it('forgets failures a quiet day after the lock ends, and not before', async () => {
    const who = 'patient@example.jp';
    await failTimes(4, 'login', who);
    clock.advance(DAY);
    // Forgotten: this is failure 1 again, not the fifth.
    expect(await lockouts.fail('login', who, '192.0.2.1')).toEqual({ accountLocked: false });
    expect(await lockouts.check('login', who, '192.0.2.2')).toEqual({ allowed: true });

    const many = 'many@example.jp';
    await failTimes(16, 'login', many);
    expect(await lockouts.check('login', many, '192.0.2.2')).toMatchObject({ retryAt: at(DAY) });
    if (raw) {
      // The count is remembered for the day-long lock and a day after it.
      const hash = createHash('sha256').update(many).digest('base64url');
      const base = `auth:lockout:login:account:${hash}`;
      expect(await raw.pttl(`${base}:n`)).toBeGreaterThan(2 * DAY - MINUTE);
      expect(await raw.pttl(`${base}:at`)).toBeGreaterThan(2 * DAY);
      // Hashed: no address in any key.
      const keys = await raw.keys(`${keyPrefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((key) => key.includes('@'))).toEqual([]);
    }
    clock.advance(DAY);
    // Right after the lock the count holds: the 17th failure locks for a day again.
    expect(await lockouts.fail('login', many, '192.0.2.1')).toEqual({ accountLocked: true });
    expect(await lockouts.check('login', many, '192.0.2.2')).toMatchObject({ retryAt: at(DAY) });
    clock.advance(2 * DAY);
    expect(await lockouts.fail('login', many, '192.0.2.1')).toEqual({ accountLocked: false });
    expect(await lockouts.check('login', many, '192.0.2.2')).toEqual({ allowed: true });
  });
});
