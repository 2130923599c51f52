import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cache, openCache } from '../src/cache/index';
import { backend, testNamespace } from '../src/testing';

describe(`cache (${backend.cache})`, () => {
  let cache: Cache;
  beforeAll(async () => {
    cache = await openCache({ url: process.env.REDIS_URL, keyPrefix: `${testNamespace()}:` });
  });
  afterAll(async () => {
    await cache.close();
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
    await cache.increment('window', 1, 100);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cache.increment('window', 1, 100);
    await new Promise((resolve) => setTimeout(resolve, 70));
    // Created 130 ms ago with a 100 ms TTL: gone, even though touched at 60 ms.
    expect(await cache.get('window')).toBeUndefined();
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
