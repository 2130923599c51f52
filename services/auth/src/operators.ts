/**
 * Operators (admin, support, safety reviewer): password plus TOTP on every
 * sign-in, enrolment on the first one; account blocks and role changes.
 */
import { AppError, newId, type Principal } from '@manabee/kernel';
import QRCode from 'qrcode';
import { authorize, requirePrincipal } from './access';
import { type Accounts, badCredentials, principalForUser, weakPassword } from './accounts';
import {
  generateTotpSecret,
  normalizeEmail,
  type OperatorRole,
  otpauthUri,
  validatePassword,
  verifyTotp,
} from './domain/index';
import { hashPassword } from './passwords';
import { auditEntry, openSecret, type RequestMeta, type Runtime, SYSTEM_META, sealSecret } from './runtime';
import type { IssuedSession } from './sessions';
import * as accounts from './store/accounts';

export interface UserSummary {
  id: string;
  email: string;
  kind: accounts.UserKind;
  emailVerified: boolean;
  blocked: boolean;
  createdAt: Date;
}

const summary = (user: accounts.User): UserSummary => ({
  id: user.id,
  email: user.email,
  kind: user.kind,
  emailVerified: user.emailVerifiedAt !== null,
  blocked: user.blockedAt !== null,
  createdAt: user.createdAt,
});

export function createOperators(runtime: Runtime, accountsApi: Accounts) {
  const { database, clock, audit, sessions, lockouts, publish } = runtime;

  /** For the CLI (`manabee create-admin`): the account and a TOTP secret to scan. */
  async function createOperator(input: { email: string; password: string; roles: OperatorRole[] }) {
    const email = normalizeEmail(input.email);
    if (!email.ok)
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'email', message: email.code }] });
    const password = validatePassword(input.password, [email.value.split('@')[0] ?? '']);
    if (!password.ok) throw weakPassword(password.code);
    const secret = generateTotpSecret();
    const id = newId('usr');
    const now = clock.now();
    const passwordHash = await hashPassword(password.value);
    await database.transaction(async (tx) => {
      const created = await accounts.insertUser(tx, {
        id,
        kind: 'operator',
        email: email.value,
        passwordHash,
        locale: 'ja',
        timeZone: 'Asia/Tokyo',
        now,
      });
      if (!created) throw new AppError('CONFLICT', { detail: 'An account with this email already exists' });
      await accounts.markEmailVerified(tx, id, now);
      await accounts.setTotp(tx, id, { secret: sealSecret(runtime, secret) });
      await accounts.replaceOperatorRoles(tx, id, input.roles, null, now);
      await audit.record(
        tx,
        auditEntry(SYSTEM_META, {
          actor: { id: null, role: 'system' },
          action: 'auth.role.changed',
          resource: { type: 'user_account', id },
          metadata: { roles: input.roles, via: 'cli' },
        }),
      );
    });
    return { userId: id, totpUri: otpauthUri({ secret, accountName: email.value }) };
  }

  async function operatorLogIn(
    input: { email: string; password: string; totpCode?: string },
    meta: RequestMeta,
  ): Promise<{ session: IssuedSession; principal: Principal; totpEnrollmentRequired: boolean }> {
    const user = await accountsApi.checkPassword(input.email, input.password, meta);
    if (user.kind !== 'operator') {
      await accountsApi.recordLoginFailure(meta, user.id, 'not_operator');
      throw badCredentials();
    }
    const enrolled = user.totpConfirmedAt !== null && user.totpSecret !== null;
    let step: number | null = null;
    if (enrolled && user.totpSecret) {
      const verification = verifyTotp({
        secret: openSecret(runtime, user.totpSecret),
        code: input.totpCode ?? '',
        now: clock.now(),
        lastUsedStep: user.lastTotpStep,
      });
      if (!verification.ok) {
        await lockouts.fail('login', user.email, meta.ip);
        await accountsApi.recordLoginFailure(meta, user.id, `totp_${verification.reason}`);
        throw new AppError('UNAUTHENTICATED', { detail: 'The one-time code is incorrect' });
      }
      step = verification.step;
    }
    return database.transaction(async (tx) => {
      if (step !== null) await accounts.setTotp(tx, user.id, { lastStep: step });
      const principal = await principalForUser(tx, user, enrolled);
      const session = await accountsApi.startSession(tx, principal, meta, false);
      await audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: user.id, role: principal.role },
          action: 'auth.login.succeeded',
          resource: { type: 'user_account', id: user.id },
          metadata: { sessionId: session.id, mfa: enrolled },
        }),
      );
      return {
        session,
        principal: { ...principal, sessionId: session.id },
        totpEnrollmentRequired: !enrolled,
      };
    });
  }

  async function signedInOperator(meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const user = await accounts.findUserById(database.db, principal.id);
    if (user?.kind !== 'operator') throw new AppError('FORBIDDEN');
    return { principal, user };
  }

  /** Only before the first verification: afterwards a stolen password must not re-enrol. */
  async function enrollTotp(meta: RequestMeta) {
    const { user } = await signedInOperator(meta);
    if (user.totpConfirmedAt)
      throw new AppError('CONFLICT', { detail: 'Two-factor authentication is already set up' });
    let secret: Uint8Array;
    if (user.totpSecret) secret = openSecret(runtime, user.totpSecret);
    else {
      secret = generateTotpSecret();
      await accounts.setTotp(database.db, user.id, { secret: sealSecret(runtime, secret) });
    }
    const uri = otpauthUri({ secret, accountName: user.email });
    return { otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 2, width: 256 }) };
  }

  /** Confirms the code and swaps the session for a new, MFA-verified one (privilege change). */
  async function verifyTotpCode(code: string, meta: RequestMeta) {
    const { principal, user } = await signedInOperator(meta);
    if (!user.totpSecret)
      throw new AppError('CONFLICT', { detail: 'Set up two-factor authentication first' });
    const verification = verifyTotp({
      secret: openSecret(runtime, user.totpSecret),
      code,
      now: clock.now(),
      lastUsedStep: user.lastTotpStep,
    });
    if (!verification.ok) throw new AppError('UNAUTHENTICATED', { detail: 'The one-time code is incorrect' });
    return database.transaction(async (tx) => {
      await accounts.setTotp(tx, user.id, {
        lastStep: verification.step,
        ...(user.totpConfirmedAt ? {} : { confirmedAt: clock.now() }),
      });
      const fresh = await principalForUser(tx, user, true);
      const session = await accountsApi.startSession(tx, fresh, { ...meta, principal }, false);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.mfa.verified',
          resource: { type: 'user_account', id: user.id },
          metadata: { enrolled: user.totpConfirmedAt === null, sessionId: session.id },
        }),
      );
      return { session, principal: { ...fresh, sessionId: session.id } };
    });
  }

  async function targetAccount(
    userId: string,
    principal: Principal,
    action: 'account.block' | 'account.unblock',
  ) {
    const user = await accounts.findUserById(database.db, userId);
    authorize(principal, action, { type: 'user_account', userId, isOperator: user?.kind === 'operator' });
    if (!user) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    return user;
  }

  /** Blocked: sign-in refused and every session ended, including devices the parent issued to children. */
  async function blockAccount(input: { userId: string; reason: string }, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const user = await targetAccount(input.userId, principal, 'account.block');
    const now = clock.now();
    await database.transaction(async (tx) => {
      await accounts.setBlocked(tx, user.id, { at: now, reason: input.reason });
      const revoked = await sessions.revokeAll(tx, user.id);
      const devices = await sessions.revokeAll(tx, user.id, { issuedBy: true });
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.account.blocked',
          resource: { type: 'user_account', id: user.id },
          metadata: { sessionsRevoked: revoked, devicesRevoked: devices },
        }),
      );
      await publish(tx, 'auth.account.blocked', {
        userId: user.id,
        blockedBy: principal.id,
        reason: 'operator',
        blockedAt: now.toISOString(),
      });
    });
    return summary({ ...user, blockedAt: now });
  }

  async function unblockAccount(userId: string, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const user = await targetAccount(userId, principal, 'account.unblock');
    await database.transaction(async (tx) => {
      await accounts.setBlocked(tx, user.id, null);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.account.unblocked',
          resource: { type: 'user_account', id: user.id },
        }),
      );
    });
    return summary({ ...user, blockedAt: null });
  }

  /** Role changes end the target's sessions, so new rights (or fewer) take effect on a fresh session. */
  async function setOperatorRoles(input: { userId: string; roles: OperatorRole[] }, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    authorize(principal, 'roles.assign', { type: 'operator_roles' });
    const user = await accounts.findUserById(database.db, input.userId);
    if (user?.kind !== 'operator') throw new AppError('NOT_FOUND', { detail: 'Not found' });
    if (user.id === principal.id)
      throw new AppError('CONFLICT', { detail: 'Operators cannot change their own roles' });
    const roles = [...new Set(input.roles)];
    await database.transaction(async (tx) => {
      const before = await accounts.operatorRoles(tx, user.id);
      await accounts.replaceOperatorRoles(tx, user.id, roles, principal.id, clock.now());
      await sessions.revokeAll(tx, user.id);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.role.changed',
          resource: { type: 'user_account', id: user.id },
          metadata: { before, after: roles },
        }),
      );
    });
    return roles;
  }

  return {
    createOperator,
    operatorLogIn,
    enrollTotp,
    verifyTotp: verifyTotpCode,
    blockAccount,
    unblockAccount,
    setOperatorRoles,
  };
}

export type Operators = ReturnType<typeof createOperators>;
