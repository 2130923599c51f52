import type { Cache } from '@manabee/kernel';
import type { TokenUsage } from './types';

export interface CachedReply {
  text: string;
  provider: string;
  model: string;
  usage: TokenUsage;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const FIRST_QUESTION_TTL_MS = DAY_MS;
export const FREQUENT_QUESTION_TTL_MS = 7 * DAY_MS;
/** Longer replies are not worth the cache memory (and are rarely repeated word for word). */
const MAX_CACHED_CHARS = 8_000;

/**
 * Replies to first questions, shared across children at the same language,
 * grade band and subject. Keys hold a hash, never the question. The prompt
 * version is part of the key, so an operator's edit takes effect at once.
 */
export class ResponseCache {
  constructor(
    private readonly cache: Cache,
    private readonly frequentThreshold: number,
  ) {}

  private replyKey(hash: string, promptVersion: number): string {
    return `ai:reply:v1:${hash}:p${promptVersion}`;
  }

  /** Counts the question (over 7 days) and returns how often it was asked. */
  async countAsked(hash: string): Promise<number> {
    return this.cache.increment(`ai:asked:v1:${hash}`, 1, FREQUENT_QUESTION_TTL_MS);
  }

  async find(hash: string, promptVersion: number): Promise<CachedReply | undefined> {
    return this.cache.get<CachedReply>(this.replyKey(hash, promptVersion));
  }

  async store(hash: string, promptVersion: number, reply: CachedReply, timesAsked: number): Promise<void> {
    if (reply.text.length === 0 || reply.text.length > MAX_CACHED_CHARS) return;
    const ttl = timesAsked >= this.frequentThreshold ? FREQUENT_QUESTION_TTL_MS : FIRST_QUESTION_TTL_MS;
    await this.cache.set(this.replyKey(hash, promptVersion), reply, ttl);
  }

  /** A frequent question already cached for 24 h gets its life extended to 7 days. */
  async promote(hash: string, promptVersion: number, reply: CachedReply): Promise<void> {
    await this.cache.set(this.replyKey(hash, promptVersion), reply, FREQUENT_QUESTION_TTL_MS);
  }
}
