/**
 * Sessions: opaque `ses_<id>.<secret>` tokens; the cache holds the live record
 * keyed by id with only SHA-256(secret), so checking a request is one cache
 * read. `auth_sessions` is the durable index used to list devices and to revoke
 * every session of a person (password change, block, consent withdrawal).
 */
import { type Cache, type Clock, type Executor, type Principal, sql } from '@manabee/kernel';
import { createSessionToken, parseOpaqueToken, verifySecret } from './domain/index';

const MINUTE = 60_000;
export const SESSION_IDLE_MS = 15 * MINUTE;
export const SESSION_ABSOLUTE_MS = 12 * 60 * MINUTE;
export const SESSION_REMEMBER_MS = 30 * 24 * 60 * MINUTE;
/** Sliding writes are skipped within this window: one cache write per minute per session, not per request. */
const SLIDE_GRANULARITY_MS = MINUTE;

type SessionPrincipal = Omit<Principal, 'sessionId'>;

interface SessionRecord {
  id: string;
  secretHash: string;
  subjectId: string;
  principal: SessionPrincipal;
  createdAt: number;
  lastSeenAt: number;
  absoluteExpiresAt: number;
}

export interface NewSession {
  principal: SessionPrincipal;
  subjectKind: 'user' | 'child';
  remember?: boolean;
  /** For child device sessions: the parent who issued the link. */
  issuedBy?: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface IssuedSession {
  id: string;
  token: string;
  expiresAt: Date;
  /** Max-Age for the cookie: a remembered session outlives the browser; others end with it. */
  persistent: boolean;
}

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export type Sessions = ReturnType<typeof createSessions>;

export function createSessions(deps: { cache: Cache; clock: Clock }) {
  const { cache, clock } = deps;
  const key = (id: string) => `auth:session:${id}`;

  const ttlFor = (record: SessionRecord, now: number) =>
    Math.max(1, Math.min(SESSION_IDLE_MS, record.absoluteExpiresAt - now));

  async function create(executor: Executor, input: NewSession): Promise<IssuedSession> {
    const { id, token, secretHash } = createSessionToken();
    const now = clock.now().getTime();
    const absoluteExpiresAt = now + (input.remember ? SESSION_REMEMBER_MS : SESSION_ABSOLUTE_MS);
    const record: SessionRecord = {
      id,
      secretHash,
      subjectId: input.principal.id,
      principal: input.principal,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt,
    };
    await sql`insert into auth_sessions (id, subject_id, subject_kind, issued_by, created_at, expires_at, ip, user_agent)
      values (${id}, ${input.principal.id}, ${input.subjectKind}, ${input.issuedBy ?? null},
              ${new Date(now).toISOString()}, ${new Date(absoluteExpiresAt).toISOString()},
              ${input.ip}, ${input.userAgent?.slice(0, 256) ?? null})`.execute(executor);
    await cache.set(key(id), record, ttlFor(record, now));
    return { id, token, expiresAt: new Date(absoluteExpiresAt), persistent: input.remember === true };
  }

  /** The principal behind a presented token, or null. A cache hit; no database. */
  async function check(token: unknown): Promise<Principal | null> {
    const parsed = parseOpaqueToken(token, 'ses');
    if (!parsed) return null;
    const record = await cache.get<SessionRecord>(key(parsed.id));
    if (!record || !verifySecret(parsed.secret, record.secretHash)) return null;
    const now = clock.now().getTime();
    if (now >= record.absoluteExpiresAt || now - record.lastSeenAt >= SESSION_IDLE_MS) {
      await cache.delete(key(parsed.id));
      return null;
    }
    if (now - record.lastSeenAt >= SLIDE_GRANULARITY_MS) {
      const slid = { ...record, lastSeenAt: now };
      await cache.set(key(record.id), slid, ttlFor(slid, now));
    }
    return { ...record.principal, sessionId: record.id };
  }

  async function revoke(executor: Executor, sessionId: string): Promise<void> {
    await sql`update auth_sessions set revoked_at = ${clock.now().toISOString()}
      where id = ${sessionId} and revoked_at is null`.execute(executor);
    await cache.delete(key(sessionId));
  }

  /** Revokes every session of a person (or every device a parent issued); returns how many. */
  async function revokeAll(
    executor: Executor,
    subjectId: string,
    options: { except?: string; issuedBy?: boolean } = {},
  ): Promise<number> {
    const column = options.issuedBy ? sql.ref('issued_by') : sql.ref('subject_id');
    const result = await sql<{
      id: string;
    }>`update auth_sessions set revoked_at = ${clock.now().toISOString()}
      where ${column} = ${subjectId} and revoked_at is null and id <> ${options.except ?? ''}
      returning id`.execute(executor);
    for (const row of result.rows) await cache.delete(key(row.id));
    return result.rows.length;
  }

  /** Live sessions of a person (the index filtered by what is still in the cache). */
  async function list(
    executor: Executor,
    subjectId: string,
    column: 'subject_id' | 'issued_by' = 'subject_id',
  ) {
    const now = clock.now();
    const rows = await sql<{
      id: string;
      subject_id: string;
      ip: string | null;
      user_agent: string | null;
    }>`select id, subject_id, ip, user_agent from auth_sessions
      where ${sql.ref(column)} = ${subjectId} and revoked_at is null and expires_at > ${now.toISOString()}
      order by created_at desc limit 100`.execute(executor);
    const live: (SessionSummary & { subjectId: string })[] = [];
    for (const row of rows.rows) {
      const record = await cache.get<SessionRecord>(key(row.id));
      if (!record || now.getTime() - record.lastSeenAt >= SESSION_IDLE_MS) continue;
      live.push({
        id: row.id,
        subjectId: row.subject_id,
        createdAt: new Date(record.createdAt),
        lastSeenAt: new Date(record.lastSeenAt),
        expiresAt: new Date(record.absoluteExpiresAt),
        ip: row.ip,
        userAgent: row.user_agent,
      });
    }
    return live;
  }

  /** Rewrites the principal snapshot of every live session (e.g. a teacher got a classroom). */
  async function refreshPrincipal(executor: Executor, subjectId: string, principal: SessionPrincipal) {
    for (const summary of await list(executor, subjectId)) {
      const record = await cache.get<SessionRecord>(key(summary.id));
      if (record)
        await cache.set(key(record.id), { ...record, principal }, ttlFor(record, clock.now().getTime()));
    }
  }

  /** Whose session this is (for revoking a device), or null if unknown or already revoked. */
  async function owner(executor: Executor, sessionId: string) {
    const result = await sql<{
      subject_id: string;
      subject_kind: 'user' | 'child';
    }>`select subject_id, subject_kind
      from auth_sessions where id = ${sessionId} and revoked_at is null`.execute(executor);
    const row = result.rows[0];
    return row ? { subjectId: row.subject_id, subjectKind: row.subject_kind } : null;
  }

  return { create, check, revoke, revokeAll, list, refreshPrincipal, owner };
}
