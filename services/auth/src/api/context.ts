/** What resolvers receive, and the shapes they return. */
import type { Principal, RequestContext } from '@manabee/kernel';
import type { FastifyReply } from 'fastify';
import type { Accounts } from '../accounts';
import type { Children } from '../children';
import type { Devices } from '../devices';
import type { FamilyData } from '../family-data';
import type { Operators } from '../operators';
import type { PasswordRecovery } from '../password-recovery';
import type { RequestMeta, Runtime } from '../runtime';
import type { Schools } from '../schools';
import type { IssuedSession } from '../sessions';
import * as accounts from '../store/accounts';
import type { Child } from '../store/children';
import type { Support } from '../support';
import { setSessionCookie } from './http';

/** Mercurius puts the Fastify reply on the context; we use it to set the session cookie. */
export type AuthContext = RequestContext & { reply?: FastifyReply };

export interface AuthParts {
  runtime: Runtime;
  accounts: Accounts;
  recovery: PasswordRecovery;
  children: Children;
  devices: Devices;
  schools: Schools;
  operators: Operators;
  support: Support;
  familyData: FamilyData;
}

export const metaOf = (context: AuthContext): RequestMeta => ({
  principal: context.principal,
  ip: context.ip,
  userAgent: context.userAgent,
});

/** The signed-in person from the session alone; `email` and `emailVerified` resolve lazily (a database read). */
export function meOf(principal: Principal) {
  return {
    id: principal.id,
    role: principal.role,
    familyId: principal.familyId ?? null,
    childId: principal.childId ?? null,
    orgId: principal.orgId ?? null,
    orgRole: principal.orgRole ?? null,
    classroomIds: principal.classroomIds ?? null,
    operatorRoles: principal.operatorRoles ?? null,
    mfaVerified: principal.mfaVerified === true,
    locale: principal.locale ?? null,
  };
}

export type MeView = ReturnType<typeof meOf>;

// One read per `me` object: its email, emailVerified and timeZone fields share it.
const accountReads = new WeakMap<MeView, Promise<accounts.User | null>>();

/** Children have no account row (and no email). */
export function accountOf(runtime: Runtime, me: MeView): Promise<accounts.User | null> {
  if (me.role === 'child') return Promise.resolve(null);
  let read = accountReads.get(me);
  if (!read) {
    read = accounts.findUserById(runtime.database.db, me.id);
    accountReads.set(me, read);
  }
  return read;
}

/** Sets the cookie and returns the GraphQL sign-in result. */
export async function signedIn(
  parts: AuthParts,
  context: AuthContext,
  result: { session: IssuedSession; principal: Principal },
) {
  if (context.reply) setSessionCookie(context.reply, parts.runtime, result.session);
  return {
    me: meOf(result.principal),
    sessionExpiresAt: result.session.expiresAt.toISOString(),
  };
}

export const childView = (child: Child, consent: string) => ({
  id: child.id,
  nickname: child.nickname,
  birthYear: child.birthYear,
  grade: child.grade,
  language: child.language,
  avatar: child.avatar,
  paused: child.paused,
  hasPin: child.pinHash !== null,
  consent,
});

/** GraphQL has no date scalar here: dates leave as ISO strings. */
export const isoDates = <T extends object>(value: T): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

/** `isoDates` through nested objects and lists (detail pages). */
export function isoDatesDeep(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(isoDatesDeep);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isoDatesDeep(v)]));
  return value;
}
