/**
 * Parent and teacher accounts: sign-up, email verification, log-in/out,
 * password change and reset, unlock links, sessions. Answers never reveal
 * whether an email is registered; unknown accounts cost the same Argon2 work.
 */
import { AppError, type Executor, newId, type Principal } from '@manabee/kernel';
import { authorize, requirePrincipal } from './access';
import { isValidTimeZone, normalizeEmail, parseLanguage, validatePassword } from './domain/index';
import { renderAccountMail } from './mail/templates';
import { hashPassword, spendVerificationTime, verifyPassword } from './passwords';
import {
  auditEntry,
  invalidLink,
  issueLink,
  linkTo,
  type RequestMeta,
  type Runtime,
  redeemLink,
  sendMail,
} from './runtime';
import type { IssuedSession } from './sessions';
import * as accounts from './store/accounts';
import { classroomsOfTeacher, findMembership } from './store/schools';

export const GENERIC_SIGN_UP_ANSWER =
  'If this address can be used, we have sent it an email with the next step.';
const BAD_CREDENTIALS = 'The email or password is incorrect';

export function badCredentials(): AppError {
  return new AppError('UNAUTHENTICATED', { detail: BAD_CREDENTIALS });
}

export function weakPassword(code: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    detail: 'The password is not acceptable',
    issues: [{ path: 'password', message: code }],
  });
}

export function lockedOut(retryAt: Date, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return new AppError('RATE_LIMITED', { detail: 'Too many attempts; try again later', retryAfterSeconds });
}

/** The session snapshot for a user: family, school membership or operator roles. */
export async function principalForUser(
  db: Executor,
  user: accounts.User,
  mfaVerified = false,
): Promise<Omit<Principal, 'sessionId'>> {
  const base = { id: user.id, locale: user.locale };
  if (user.kind === 'parent') {
    const family = await accounts.findFamilyByGuardian(db, user.id);
    return { ...base, role: 'parent', ...(family ? { familyId: family.id } : {}) };
  }
  if (user.kind === 'teacher') {
    const membership = await findMembership(db, user.id);
    const classrooms = await classroomsOfTeacher(db, user.id);
    return {
      ...base,
      role: 'teacher',
      ...(membership ? { orgId: membership.orgId, orgRole: membership.role } : {}),
      classroomIds: classrooms.map((c) => c.id),
    };
  }
  const roles = await accounts.operatorRoles(db, user.id);
  const primary = roles.includes('admin')
    ? 'admin'
    : roles.includes('safety_reviewer')
      ? 'safety_reviewer'
      : 'support';
  return { ...base, role: primary, operatorRoles: roles, mfaVerified };
}

export function createAccounts(runtime: Runtime) {
  const { database, clock, sessions, lockouts, audit, publish } = runtime;

  async function signUp(
    input: { email: string; password: string; locale?: string; timeZone?: string },
    meta: RequestMeta,
  ): Promise<{ message: string }> {
    const email = normalizeEmail(input.email);
    if (!email.ok)
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'email', message: email.code }] });
    const password = validatePassword(input.password, [email.value.split('@')[0] ?? '']);
    if (!password.ok) throw weakPassword(password.code);
    const timeZone = input.timeZone ?? 'Asia/Tokyo';
    if (!isValidTimeZone(timeZone))
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'timeZone', message: 'unknown time zone' }],
      });
    const locale = parseLanguage(input.locale ?? 'ja') ?? 'ja';
    // Hash first on both paths, so a taken address answers no faster.
    const passwordHash = await hashPassword(password.value);
    const now = clock.now();
    const userId = newId('usr');
    const outcome = await database.transaction(async (tx) => {
      const created = await accounts.insertUser(tx, {
        id: userId,
        kind: 'parent',
        email: email.value,
        passwordHash,
        locale,
        timeZone,
        now,
      });
      if (!created) {
        // The notice goes to the owner, in the language they chose, not the requester's.
        const owner = await accounts.findUserByEmail(tx, email.value);
        return { created: false as const, ownerLocale: owner?.locale };
      }
      const familyId = newId('fam');
      await accounts.insertFamily(tx, { id: familyId, guardianId: userId, timeZone, now });
      const { token } = await issueLink(runtime, tx, 'email_verification', userId);
      await audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: userId, role: 'parent' },
          action: 'auth.account.created',
          resource: { type: 'user_account', id: userId },
          metadata: { familyId },
        }),
      );
      await publish(tx, 'auth.family.created', {
        familyId,
        guardianId: userId,
        locale,
        createdAt: now.toISOString(),
      });
      return { created: true as const, token };
    });
    if (outcome.created) {
      await sendMail(
        runtime,
        email.value,
        renderAccountMail('emailVerification', locale, {
          link: linkTo(runtime, '/verify-email', outcome.token),
        }),
      );
    } else {
      // The owner learns someone tried; the requester learns nothing.
      await sendMail(
        runtime,
        email.value,
        renderAccountMail('signUpAttempt', outcome.ownerLocale, { link: `${runtime.publicOrigin}/login` }),
      );
    }
    return { message: GENERIC_SIGN_UP_ANSWER };
  }

  async function verifyEmail(token: string, meta: RequestMeta): Promise<void> {
    await database.transaction(async (tx) => {
      const result = await redeemLink(runtime, tx, token, 'email_verification');
      if (!result.ok) throw invalidLink();
      await accounts.markEmailVerified(tx, result.record.subjectId, clock.now());
      await audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: result.record.subjectId, role: 'parent' },
          action: 'auth.email.verified',
          resource: { type: 'user_account', id: result.record.subjectId },
        }),
      );
    });
  }

  async function recordLoginFailure(meta: RequestMeta, userId: string | null, reason: string) {
    await database.transaction((tx) =>
      audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: userId, role: 'anonymous' },
          action: 'auth.login.failed',
          resource: { type: 'user_account', id: userId },
          result: 'failure',
          metadata: { reason },
        }),
      ),
    );
  }

  /**
   * Checks email + password under lockout and returns the user; shared by
   * parents/teachers and operators (who then need TOTP).
   */
  async function checkPassword(
    emailInput: string,
    passwordInput: string,
    meta: RequestMeta,
  ): Promise<accounts.User> {
    const email = normalizeEmail(emailInput);
    const accountKey = email.ok ? email.value : emailInput.slice(0, 300);
    const decision = await lockouts.check('login', accountKey, meta.ip);
    if (!decision.allowed) {
      await recordLoginFailure(meta, null, `locked_${decision.scope}`);
      throw lockedOut(decision.retryAt, clock.now());
    }
    const user = email.ok ? await accounts.findUserByEmail(database.db, email.value) : null;
    let passwordOk = false;
    if (user) passwordOk = await verifyPassword(user.passwordHash, passwordInput.normalize('NFKC'));
    else await spendVerificationTime(passwordInput);
    if (!user || !passwordOk) {
      const { accountLocked } = await lockouts.fail('login', accountKey, meta.ip);
      await recordLoginFailure(meta, user?.id ?? null, user ? 'wrong_password' : 'unknown_account');
      if (accountLocked && user) await sendUnlockMail(user);
      throw badCredentials();
    }
    if (user.blockedAt) {
      await recordLoginFailure(meta, user.id, 'blocked');
      throw new AppError('FORBIDDEN', { detail: 'This account is blocked; contact support' });
    }
    await lockouts.clear('login', accountKey);
    return user;
  }

  async function sendUnlockMail(user: accounts.User) {
    const { token } = await database.transaction((tx) => issueLink(runtime, tx, 'account_unlock', user.id));
    await sendMail(
      runtime,
      user.email,
      renderAccountMail('accountLocked', user.locale, { link: linkTo(runtime, '/unlock', token) }),
    );
  }

  /** Starts a session; any session presented with the request is revoked (no fixation). */
  async function startSession(
    tx: Executor,
    principal: Omit<Principal, 'sessionId'>,
    meta: RequestMeta,
    remember: boolean,
  ): Promise<IssuedSession> {
    if (meta.principal?.sessionId) await sessions.revoke(tx, meta.principal.sessionId);
    return sessions.create(tx, {
      principal,
      subjectKind: principal.role === 'child' ? 'child' : 'user',
      remember,
      ip: meta.ip,
      userAgent: meta.userAgent ?? null,
    });
  }

  async function logIn(
    input: { email: string; password: string; remember?: boolean },
    meta: RequestMeta,
  ): Promise<{ session: IssuedSession; principal: Principal }> {
    const user = await checkPassword(input.email, input.password, meta);
    if (user.kind === 'operator') {
      await recordLoginFailure(meta, user.id, 'operator_needs_totp');
      throw new AppError('FORBIDDEN', { detail: 'Operators sign in with a one-time code (operatorLogIn)' });
    }
    return database.transaction(async (tx) => {
      const principal = await principalForUser(tx, user);
      const session = await startSession(tx, principal, meta, input.remember === true);
      await audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: user.id, role: principal.role },
          action: 'auth.login.succeeded',
          resource: { type: 'user_account', id: user.id },
          metadata: { sessionId: session.id, remember: input.remember === true },
        }),
      );
      return { session, principal: { ...principal, sessionId: session.id } };
    });
  }

  async function logOut(meta: RequestMeta): Promise<void> {
    const principal = meta.principal;
    if (!principal?.sessionId) return;
    const sessionId = principal.sessionId;
    await database.transaction(async (tx) => {
      await sessions.revoke(tx, sessionId);
      await audit.record(
        tx,
        auditEntry(meta, { action: 'auth.logout', resource: { type: 'session', id: sessionId } }),
      );
    });
  }

  /** Re-checks the signed-in user's password (consent, password change). */
  async function reauthenticate(userId: string, password: string, meta: RequestMeta): Promise<accounts.User> {
    const user = await accounts.findUserById(database.db, userId);
    if (!user) throw new AppError('UNAUTHENTICATED');
    const decision = await lockouts.check('login', user.email, meta.ip);
    if (!decision.allowed) throw lockedOut(decision.retryAt, clock.now());
    if (!(await verifyPassword(user.passwordHash, password.normalize('NFKC')))) {
      await lockouts.fail('login', user.email, meta.ip);
      throw new AppError('UNAUTHENTICATED', { detail: 'The password is incorrect' });
    }
    return user;
  }

  /** Changes the password, revokes every session, and starts a fresh one for this device. */
  async function changePassword(
    input: { currentPassword: string; newPassword: string },
    meta: RequestMeta,
  ): Promise<IssuedSession> {
    const principal = requirePrincipal(meta.principal);
    if (principal.role === 'child') throw new AppError('FORBIDDEN');
    const user = await reauthenticate(principal.id, input.currentPassword, meta);
    const password = validatePassword(input.newPassword, [user.email.split('@')[0] ?? '']);
    if (!password.ok) throw weakPassword(password.code);
    const passwordHash = await hashPassword(password.value);
    return database.transaction(async (tx) => {
      await accounts.updatePasswordHash(tx, user.id, passwordHash, clock.now());
      const revoked = await sessions.revokeAll(tx, user.id);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.password.changed',
          resource: { type: 'user_account', id: user.id },
          metadata: { sessionsRevoked: revoked },
        }),
      );
      const { sessionId: _old, ...fresh } = principal;
      return sessions.create(tx, {
        principal: fresh,
        subjectKind: 'user',
        ip: meta.ip,
        userAgent: meta.userAgent ?? null,
      });
    });
  }

  /**
   * A parent's or teacher's language and time zone: the app's own choice is
   * kept in the browser, but mail, notifications and quiet hours read these.
   */
  async function updateSettings(input: { locale?: string; timeZone?: string }, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const user = await accounts.findUserById(database.db, principal.id);
    authorize(principal, 'account.update', {
      type: 'user_account',
      userId: principal.id,
      isOperator: user?.kind === 'operator',
    });
    if (!user) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    const locale = input.locale === undefined ? user.locale : parseLanguage(input.locale);
    if (!locale)
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'locale', message: 'unsupported language' }],
      });
    const timeZone = input.timeZone ?? user.timeZone;
    if (!isValidTimeZone(timeZone))
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'timeZone', message: 'unknown time zone' }],
      });
    const updated = { ...user, locale, timeZone };
    await database.transaction(async (tx) => {
      await accounts.updateSettings(tx, user.id, { locale, timeZone }, clock.now());
      // Live sessions carry the locale (Me.locale, mail from other services): refresh them.
      await sessions.refreshPrincipal(tx, user.id, await principalForUser(tx, updated));
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.account.updated',
          resource: { type: 'user_account', id: user.id },
          metadata: { locale, timeZone },
        }),
      );
    });
    return { locale, timeZone };
  }

  async function revokeSession(sessionId: string, meta: RequestMeta): Promise<void> {
    const principal = requirePrincipal(meta.principal);
    const owner = await sessions.owner(database.db, sessionId);
    authorize(principal, 'sessions.revoke', {
      type: 'user_account',
      userId: owner?.subjectKind === 'user' ? owner.subjectId : '',
      isOperator: principal.operatorRoles !== undefined,
    });
    if (!owner) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    await database.transaction(async (tx) => {
      await sessions.revoke(tx, sessionId);
      await audit.record(
        tx,
        auditEntry(meta, { action: 'auth.session.revoked', resource: { type: 'session', id: sessionId } }),
      );
    });
  }

  return {
    updateSettings,
    revokeSession,
    signUp,
    verifyEmail,
    checkPassword,
    startSession,
    logIn,
    logOut,
    reauthenticate,
    changePassword,
    recordLoginFailure,
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
