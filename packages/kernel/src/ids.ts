import { encodeTime, monotonicFactory } from 'ulid';

/**
 * Prefixed, time-sortable ids (`chd_01J...`). ULIDs sort lexicographically by
 * creation time, so ids double as cursors and keep B-tree inserts append-only.
 * The monotonic factory keeps ids strictly increasing within one millisecond.
 */
const nextUlid = monotonicFactory();

const PREFIX = /^[a-z]{2,8}$/;

export type Id<P extends string> = `${P}_${string}`;

export function newId<P extends string>(prefix: P): Id<P> {
  if (!PREFIX.test(prefix)) throw new Error(`invalid id prefix: ${prefix}`);
  return `${prefix}_${nextUlid()}` as Id<P>;
}

export function isId<P extends string>(prefix: P, value: unknown): value is Id<P> {
  return typeof value === 'string' && new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`).test(value);
}

/** The creation time encoded in an id, for diagnostics and retention. */
export function idTime(id: string): Date {
  const ulid = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11);
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let ms = 0;
  for (const ch of ulid) ms = ms * 32 + alphabet.indexOf(ch);
  return new Date(ms);
}

/**
 * An id-shaped bound below every id of `prefix` created at or after `time`:
 * `id >= idFloor(p, from) and id < idFloor(p, to)` walks an index on ids by time.
 */
export function idFloor<P extends string>(prefix: P, time: Date): Id<P> {
  if (!PREFIX.test(prefix)) throw new Error(`invalid id prefix: ${prefix}`);
  return `${prefix}_${encodeTime(Math.max(0, Math.floor(time.getTime())), 10)}` as Id<P>;
}
