/**
 * What support staff and admins do for people (issue 8): find anyone in the
 * user directory, open an account's page, resend a verification mail, end a
 * user's sessions. Every call asks the policy; opening an account page is
 * audited, because it shows a family's children.
 */
import { AppError, type Principal } from '@manabee/kernel';
import { actorOf, authorize, requirePrincipal } from './access';
import type { Children } from './children';
import { can, type OperatorRole } from './domain/index';
import { renderAccountMail } from './mail/templates';
import { auditEntry, issueLink, linkTo, type RequestMeta, type Runtime, sendMail } from './runtime';
import type { SessionSummary } from './sessions';
import * as accounts from './store/accounts';
import * as childrenStore from './store/children';
import * as directory from './store/directory';
import * as schools from './store/schools';
import { expireOpenTokens } from './store/tokens';

export type { DirectoryRow } from './store/directory';

/** One verification mail per account per minute, whoever asks for it. */
export const VERIFICATION_RESEND_INTERVAL_MS = 60_000;
const SEARCH_LIMIT = 50;

export interface AccountDetail {
  id: string;
  kind: accounts.UserKind;
  email: string;
  emailVerified: boolean;
  blocked: boolean;
  blockedReason: string | null;
  locale: string;
  timeZone: string;
  createdAt: Date;
  passwordChangedAt: Date;
  totpEnrolled: boolean;
  operatorRoles: OperatorRole[];
  family: {
    id: string;
    timeZone: string;
    createdAt: Date;
    hasFamilyCode: boolean;
    children: {
      id: string;
      nickname: string;
      grade: number | null;
      language: string;
      paused: boolean;
      consent: string;
      createdAt: Date;
    }[];
  } | null;
  organization: {
    id: string;
    name: string;
    role: schools.OrgRole;
    classrooms: { id: string; name: string }[];
  } | null;
  sessions: SessionSummary[];
  /** Live sessions on children's devices this parent issued. */
  childDeviceSessions: number;
  lastVerificationSentAt: Date | null;
}

export function createSupport(runtime: Runtime, children: Children) {
  const { database, clock, audit, sessions } = runtime;
  const db = database.db;

  async function accountFor(
    userId: string,
    principal: Principal,
    action: 'account.read' | 'sessions.revoke' | 'account.verification.resend',
  ) {
    const user = await accounts.findUserById(db, userId);
    authorize(principal, action, { type: 'user_account', userId, isOperator: user?.kind === 'operator' });
    if (!user) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    return user;
  }

  async function searchDirectory(query: string, meta: RequestMeta): Promise<directory.DirectoryRow[]> {
    const principal = requirePrincipal(meta.principal);
    authorize(principal, 'user.search', { type: 'user_directory' });
    // Support helps families and schools; operator accounts are an admin's to see.
    const includeOperators = can(actorOf(principal), 'account.read', {
      type: 'user_account',
      userId: '',
      isOperator: true,
    }).allowed;
    return directory.searchDirectory(db, query, { includeOperators, limit: SEARCH_LIMIT });
  }

  async function accountDetail(userId: string, meta: RequestMeta): Promise<AccountDetail> {
    const principal = requirePrincipal(meta.principal);
    const user = await accountFor(userId, principal, 'account.read');
    const family = user.kind === 'parent' ? await accounts.findFamilyByGuardian(db, user.id) : null;
    if (family) authorize(principal, 'family.read', { type: 'family', familyId: family.id });
    const membership = user.kind === 'teacher' ? await schools.findMembership(db, user.id) : null;
    const org = membership ? await schools.findOrganization(db, membership.orgId) : null;
    const kids = family ? await childrenStore.listChildren(db, family.id) : [];
    const [roles, live, devices, lastVerification] = await Promise.all([
      user.kind === 'operator' ? accounts.operatorRoles(db, user.id) : Promise.resolve([]),
      sessions.list(db, user.id),
      user.kind === 'parent' ? sessions.list(db, user.id, 'issued_by') : Promise.resolve([]),
      directory.lastTokenIssuedAt(db, user.id, 'email_verification'),
    ]);
    const detail: AccountDetail = {
      id: user.id,
      kind: user.kind,
      email: user.email,
      emailVerified: user.emailVerifiedAt !== null,
      blocked: user.blockedAt !== null,
      blockedReason: user.blockedReason,
      locale: user.locale,
      timeZone: user.timeZone,
      createdAt: user.createdAt,
      passwordChangedAt: user.passwordChangedAt,
      totpEnrolled: user.totpConfirmedAt !== null,
      operatorRoles: roles,
      family: family
        ? {
            id: family.id,
            timeZone: family.timeZone,
            createdAt: family.createdAt,
            hasFamilyCode: family.hasFamilyCode,
            children: await Promise.all(
              kids.map(async (child) => ({
                id: child.id,
                nickname: child.nickname,
                grade: child.grade,
                language: child.language,
                paused: child.paused,
                consent: await children.consentOf(child.id),
                createdAt: child.createdAt,
              })),
            ),
          }
        : null,
      organization:
        membership && org
          ? {
              id: org.id,
              name: org.name,
              role: membership.role,
              classrooms: (await schools.classroomsOfTeacher(db, user.id)).map((c) => ({
                id: c.id,
                name: c.name,
              })),
            }
          : null,
      sessions: live,
      childDeviceSessions: devices.length,
      lastVerificationSentAt: user.emailVerifiedAt === null ? lastVerification : null,
    };
    await database.transaction((tx) =>
      audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.account.viewed',
          resource: { type: 'user_account', id: user.id },
          metadata: { children: kids.length },
        }),
      ),
    );
    return detail;
  }

  async function organizationDetail(orgId: string, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    authorize(principal, 'org.read', { type: 'organization', orgId });
    const org = await schools.findOrganization(db, orgId);
    if (!org) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    const [teachers, classrooms] = await Promise.all([
      directory.teachersOfOrg(db, org.id),
      directory.classroomSummariesOfOrg(db, org.id),
    ]);
    return { ...org, teachers, classrooms };
  }

  /**
   * A fresh verification link for an unverified parent or teacher; older
   * links stop working, so only the newest mail counts.
   */
  async function resendVerification(userId: string | null, meta: RequestMeta): Promise<{ sentAt: Date }> {
    const principal = requirePrincipal(meta.principal);
    const user = await accountFor(userId ?? principal.id, principal, 'account.verification.resend');
    if (user.emailVerifiedAt)
      throw new AppError('CONFLICT', { detail: 'This email address is already verified' });
    const now = clock.now();
    const last = await directory.lastTokenIssuedAt(db, user.id, 'email_verification');
    if (last && now.getTime() - last.getTime() < VERIFICATION_RESEND_INTERVAL_MS) {
      const retryAfter = Math.ceil((last.getTime() + VERIFICATION_RESEND_INTERVAL_MS - now.getTime()) / 1000);
      throw new AppError('RATE_LIMITED', {
        detail: 'A verification mail was sent moments ago; wait a minute before sending another',
        retryAfterSeconds: retryAfter,
      });
    }
    const token = await database.transaction(async (tx) => {
      await expireOpenTokens(tx, user.id, 'email_verification', now);
      const issued = await issueLink(runtime, tx, 'email_verification', user.id, principal.id);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.verification.resent',
          resource: { type: 'user_account', id: user.id },
          metadata: { bySelf: principal.id === user.id },
        }),
      );
      return issued.token;
    });
    // In the account owner's language, not that of the support person who asked.
    await sendMail(
      runtime,
      user.email,
      renderAccountMail('emailVerificationResent', user.locale, {
        link: linkTo(runtime, '/verify-email', token),
      }),
    );
    return { sentAt: now };
  }

  /**
   * Ends every session of a user (a stolen laptop, a suspected takeover); with
   * `includeDevices`, also the children's devices a parent signed in.
   */
  async function revokeUserSessions(
    input: { userId: string; includeDevices: boolean },
    meta: RequestMeta,
  ): Promise<{ sessions: number; devices: number }> {
    const principal = requirePrincipal(meta.principal);
    const user = await accountFor(input.userId, principal, 'sessions.revoke');
    return database.transaction(async (tx) => {
      const revoked = await sessions.revokeAll(tx, user.id);
      const devices = input.includeDevices ? await sessions.revokeAll(tx, user.id, { issuedBy: true }) : 0;
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.sessions.revoked',
          resource: { type: 'user_account', id: user.id },
          metadata: { sessionsRevoked: revoked, devicesRevoked: devices },
        }),
      );
      return { sessions: revoked, devices };
    });
  }

  return { searchDirectory, accountDetail, organizationDetail, resendVerification, revokeUserSessions };
}

export type Support = ReturnType<typeof createSupport>;
