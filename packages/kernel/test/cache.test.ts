import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cache, openCache } from '../src/cache/index';
import { backend, testNamespace } from '../src/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`cache (${backend.cache})`, () => {
  const keyPrefix = `${testNamespace()}:`;
  let cache: Cache;
  /** Redis only: the same keys seen raw, to read their TTLs. */
  let raw: Redis | undefined;
  beforeAll(async () => {
    cache = await openCache({ url: process.env.REDIS_URL, keyPrefix });
    if (process.env.REDIS_URL) raw = new Redis(process.env.REDIS_URL, { keyPrefix });
  });
  afterAll(async () => {
    await cache.close();
    await raw?.quit();
  });

  it('stores JSON values with a TTL', async () => {
    await cache.set('session:a', { userId: 'usr_1', roles: ['parent'] }, 60_000);
    expect(await cache.get('session:a')).toEqual({ userId: 'usr_1', roles: ['parent'] });
    await cache.set('short', 1, 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cache.get('short')).toBeUndefined();
    await cache.delete('session:a');
    expect(await cache.get('session:a')).toBeUndefined();
  });

  it('counts atomically under concurrency, and the window does not slide on increment', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => cache.increment('messages:today', 1, 60_000)),
    );
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Margins of hundreds of ms: timers run late on a loaded CI machine.
    const start = Date.now();
    await cache.increment('window', 1, 1000);
    await sleep(300);
    expect(await cache.increment('window', 1, 1000)).toBe(2);
    await sleep(start + 1200 - Date.now());
    // Created 1.2 s ago with a 1 s TTL: gone, although touched at 0.3 s (a sliding window would live to 1.3 s).
    expect(await cache.get('window')).toBeUndefined();
  });

  it('counts atomically with a sliding window: every increment restarts the TTL', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => cache.incrementSliding('failures', 1, 60_000)),
    );
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await cache.get('failures')).toBe(50);

    expect(await cache.incrementSliding('slide', 1, 1000)).toBe(1);
    await sleep(400);
    expect(await cache.incrementSliding('slide', 2, 1000)).toBe(3);
    await sleep(400);
    // Created 800 ms ago with a 1 s TTL, touched at 400 ms: still here (until 1.4 s).
    expect(await cache.get('slide')).toBe(3);
    await sleep(1200);
    expect(await cache.get('slide')).toBeUndefined();
    expect(await cache.incrementSliding('slide', 1, 1000)).toBe(1);

    if (raw) {
      await cache.incrementSliding('pttl', 1, 10_000);
      await cache.incrementSliding('pttl', 1, 60_000);
      expect(await raw.pttl('pttl')).toBeGreaterThan(59_000);
      // Set by every call, also to a shorter TTL.
      await cache.incrementSliding('pttl', 1, 5_000);
      const ttl = await raw.pttl('pttl');
      expect(ttl).toBeGreaterThan(4_000);
      expect(ttl).toBeLessThanOrEqual(5_000);
    }
    await expect(cache.incrementSliding('bad', 1, 0)).rejects.toThrow(RangeError);
  });

  it('extends a TTL, never shortens it, and does not create keys', async () => {
    expect(await cache.extendTtl('absent', 60_000)).toBe(false);
    expect(await cache.get('absent')).toBeUndefined();

    await cache.incrementSliding('extended', 1, 1000);
    expect(await cache.extendTtl('extended', 60_000)).toBe(true);
    expect(await cache.extendTtl('extended', 50)).toBe(true);
    await sleep(1200);
    expect(await cache.get('extended')).toBe(1);
    if (raw) expect(await raw.pttl('extended')).toBeGreaterThan(55_000);

    await cache.set('forever', 'x');
    expect(await cache.extendTtl('forever', 50)).toBe(true);
    await sleep(100);
    expect(await cache.get('forever')).toBe('x');
    if (raw) expect(await raw.pttl('forever')).toBe(-1);
    await cache.delete('forever');
  });

  it('sets a value only once (locks and dedupe marks)', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => cache.setIfAbsent('once', 1, 10_000)),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('rate-limits per key and tells when to retry', async () => {
    const limiter = cache.rateLimiter({ name: `login-${testNamespace()}`, points: 3, durationSeconds: 60 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.consume('ip:203.0.113.9'));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false, false]);
    const denied = results[4]!;
    expect(denied.allowed === false && denied.retryAfterMs > 0).toBe(true);
    expect((await limiter.consume('ip:198.51.100.1')).allowed).toBe(true);
    await limiter.reset('ip:203.0.113.9');
    expect((await limiter.consume('ip:203.0.113.9')).allowed).toBe(true);
  });
});
