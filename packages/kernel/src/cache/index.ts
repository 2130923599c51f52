import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/**
 * Short-lived shared state: sessions, quotas, counters and rate limits.
 * Embedded: an LRU in this process. Production: Redis, shared by every replica.
 * Values are JSON; keys are namespaced by the configured prefix.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Sets only when absent; true if this call set it (a lock or a dedupe mark). */
  setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Atomic counter; the TTL starts when the key is created. */
  increment(key: string, by?: number, ttlMs?: number): Promise<number>;
  /**
   * Atomic counter whose TTL is set to `ttlMs` (> 0) by every call, in the same
   * atomic step: the key expires after `ttlMs` with no increment, so expiry
   * means "quiet for that long" (e.g. failures forgotten a day after the last).
   */
  incrementSliding(key: string, by: number, ttlMs: number): Promise<number>;
  /**
   * Makes an existing key live at least `ttlMs` (> 0) from now; a longer TTL, or
   * none, is kept. False if the key is absent (it is not created).
   */
  extendTtl(key: string, ttlMs: number): Promise<boolean>;
  rateLimiter(options: RateLimitOptions): RateLimiter;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  /** Distinguishes limiters sharing one cache (e.g. `login-ip`). */
  name: string;
  points: number;
  durationSeconds: number;
  /** Once exhausted, block for this long instead of until the window ends. */
  blockSeconds?: number;
}

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  consume(key: string, points?: number): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}

export interface CacheOptions {
  url?: string | undefined;
  keyPrefix?: string;
  maxEntries?: number;
}

export async function openCache(options: CacheOptions = {}): Promise<Cache> {
  const prefix = options.keyPrefix ?? 'manabee:';
  if (options.url) {
    const redis = new Redis(options.url, {
      keyPrefix: prefix,
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: false,
    });
    // Connection errors surface through commands and /readyz; an unhandled
    // 'error' event would otherwise crash the process.
    redis.on('error', () => {});
    await redis.connect();
    return new RedisCache(redis);
  }
  return new MemoryCache(options.maxEntries ?? 100_000);
}

function assertTtl(ttlMs: number): void {
  // Redis would delete the key on a zero or negative TTL; an LRU would keep it forever.
  if (!Number.isInteger(ttlMs) || ttlMs <= 0)
    throw new RangeError(`ttlMs must be a positive integer, got ${ttlMs}`);
}

function wrapLimiter(limiter: RateLimiterAbstract): RateLimiter {
  return {
    async consume(key, points = 1) {
      try {
        const res = await limiter.consume(key, points);
        return { allowed: true, remaining: res.remainingPoints };
      } catch (error) {
        if (error instanceof RateLimiterRes) return { allowed: false, retryAfterMs: error.msBeforeNext };
        throw error;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

class MemoryCache implements Cache {
  readonly kind = 'memory';
  private readonly store: LRUCache<string, { value: string }>;

  constructor(max: number) {
    this.store = new LRUCache({ max, ttlAutopurge: false });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.store.get(key);
    return entry ? (JSON.parse(entry.value) as T) : undefined;
  }
  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.store.set(key, { value: JSON.stringify(value) }, ttlMs ? { ttl: ttlMs } : {});
  }
  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    if (this.store.has(key)) return false;
    this.store.set(key, { value: JSON.stringify(value) }, { ttl: ttlMs });
    return true;
  }
  async delete(key: string): Promise<void> {
    this.store.delete(key);
  }
  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    const entry = this.store.get(key);
    if (!entry) {
      this.store.set(key, { value: String(by) }, ttlMs ? { ttl: ttlMs } : {});
      return by;
    }
    const next = Number(entry.value) + by;
    // Keep the remaining TTL: the window started with the first increment.
    const remaining = this.store.getRemainingTTL(key);
    this.store.set(
      key,
      { value: String(next) },
      Number.isFinite(remaining) && remaining > 0 ? { ttl: remaining } : {},
    );
    return next;
  }
  async incrementSliding(key: string, by: number, ttlMs: number): Promise<number> {
    assertTtl(ttlMs);
    // Read and write with no await between: atomic within this process.
    const entry = this.store.get(key);
    const next = (entry ? Number(entry.value) : 0) + by;
    this.store.set(key, { value: String(next) }, { ttl: ttlMs });
    return next;
  }
  async extendTtl(key: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const entry = this.store.get(key);
    if (!entry) return false;
    // Infinity when the entry has no TTL: nothing to extend.
    if (this.store.getRemainingTTL(key) < ttlMs) this.store.set(key, entry, { ttl: ttlMs });
    return true;
  }
  rateLimiter(options: RateLimitOptions): RateLimiter {
    return wrapLimiter(
      new RateLimiterMemory({
        keyPrefix: options.name,
        points: options.points,
        duration: options.durationSeconds,
        blockDuration: options.blockSeconds ?? 0,
      }),
    );
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {
    this.store.clear();
  }
}

class RedisCache implements Cache {
  readonly kind = 'redis';
  constructor(private readonly redis: Redis) {}

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.redis.get(key);
    return value === null ? undefined : (JSON.parse(value) as T);
  }
  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    if (ttlMs) await this.redis.set(key, JSON.stringify(value), 'PX', ttlMs);
    else await this.redis.set(key, JSON.stringify(value));
  }
  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, JSON.stringify(value), 'PX', ttlMs, 'NX')) === 'OK';
  }
  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }
  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    // INCRBY and the first PEXPIRE in one round trip, atomically.
    const result = await this.redis.eval(
      "local v = redis.call('INCRBY', KEYS[1], ARGV[1]); if tonumber(ARGV[2]) > 0 and redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end; return v",
      1,
      key,
      by,
      ttlMs ?? 0,
    );
    return Number(result);
  }
  async incrementSliding(key: string, by: number, ttlMs: number): Promise<number> {
    assertTtl(ttlMs);
    const result = await this.redis.eval(
      "local v = redis.call('INCRBY', KEYS[1], ARGV[1]); redis.call('PEXPIRE', KEYS[1], ARGV[2]); return v",
      1,
      key,
      by,
      ttlMs,
    );
    return Number(result);
  }
  async extendTtl(key: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    // PTTL is -2 for an absent key and -1 for one without a TTL (it already lives forever).
    const result = await this.redis.eval(
      "local t = redis.call('PTTL', KEYS[1]); if t == -2 then return 0 end; if t >= 0 and t < tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end; return 1",
      1,
      key,
      ttlMs,
    );
    return Number(result) === 1;
  }
  rateLimiter(options: RateLimitOptions): RateLimiter {
    return wrapLimiter(
      new RateLimiterRedis({
        storeClient: this.redis,
        // ioredis applies its own keyPrefix; this one separates limiters.
        keyPrefix: `rl:${options.name}`,
        points: options.points,
        duration: options.durationSeconds,
        blockDuration: options.blockSeconds ?? 0,
      }),
    );
  }
  async ping(): Promise<void> {
    await this.redis.ping();
  }
  async close(): Promise<void> {
    if (this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
