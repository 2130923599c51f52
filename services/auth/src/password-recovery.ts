/**
 * Getting back in: password reset by an emailed single-use link (30 minutes,
 * stored hashed, replay refused) and the unlock link mailed on lockout.
 * Answers never say whether the address has an account.
 */
import { AppError } from '@manabee/kernel';
import { lockedOut, weakPassword } from './accounts';
import { normalizeEmail, validatePassword } from './domain/index';
import { renderAccountMail } from './mail/templates';
import { hashPassword } from './passwords';
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
import * as accounts from './store/accounts';
import { expireOpenTokens } from './store/tokens';

export function createPasswordRecovery(runtime: Runtime) {
  const { database, clock, sessions, lockouts, audit } = runtime;

  async function requestPasswordReset(emailInput: string, meta: RequestMeta): Promise<{ message: string }> {
    const message = 'If an account uses this address, we have sent it a reset link.';
    const email = normalizeEmail(emailInput);
    if (!email.ok)
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'email', message: email.code }] });
    const decision = await lockouts.check('password_reset', email.value, meta.ip);
    if (!decision.allowed && decision.scope === 'ip') throw lockedOut(decision.retryAt, clock.now());
    // Every request counts, so one address cannot be flooded with mail.
    await lockouts.fail('password_reset', email.value, meta.ip, decision);
    if (!decision.allowed) return { message };
    const user = await accounts.findUserByEmail(database.db, email.value);
    if (!user || user.blockedAt) return { message };
    const token = await database.transaction(async (tx) => {
      await expireOpenTokens(tx, user.id, 'password_reset', clock.now());
      const issued = await issueLink(runtime, tx, 'password_reset', user.id);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.password.reset_requested',
          resource: { type: 'user_account', id: user.id },
        }),
      );
      return issued.token;
    });
    await sendMail(
      runtime,
      user.email,
      renderAccountMail('passwordReset', user.locale, { link: linkTo(runtime, '/reset-password', token) }),
    );
    return { message };
  }

  async function resetPassword(
    input: { token: string; newPassword: string },
    meta: RequestMeta,
  ): Promise<void> {
    // Validate the new password before spending the token, so a typo does not burn the link.
    const password = validatePassword(input.newPassword);
    if (!password.ok) throw weakPassword(password.code);
    const passwordHash = await hashPassword(password.value);
    const failure = await database.transaction(async (tx) => {
      const result = await redeemLink(runtime, tx, input.token, 'password_reset');
      if (!result.ok) return result.reason;
      const userId = result.record.subjectId;
      await accounts.updatePasswordHash(tx, userId, passwordHash, clock.now());
      // Whoever can read the mailbox proved it: the address is verified too.
      await accounts.markEmailVerified(tx, userId, clock.now());
      const revoked = await sessions.revokeAll(tx, userId);
      await audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: userId, role: 'parent' },
          action: 'auth.password.reset',
          resource: { type: 'user_account', id: userId },
          metadata: { sessionsRevoked: revoked },
        }),
      );
      return null;
    });
    if (failure) {
      await database.transaction((tx) =>
        audit.record(
          tx,
          auditEntry(meta, {
            action: 'auth.password.reset',
            resource: { type: 'user_account' },
            result: 'failure',
            metadata: { reason: failure },
          }),
        ),
      );
      throw invalidLink();
    }
  }

  async function unlockAccount(token: string, meta: RequestMeta): Promise<void> {
    const userId = await database.transaction(async (tx) => {
      const result = await redeemLink(runtime, tx, token, 'account_unlock');
      if (!result.ok) throw invalidLink();
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.account.unlocked',
          resource: { type: 'user_account', id: result.record.subjectId },
        }),
      );
      return result.record.subjectId;
    });
    const user = await accounts.findUserById(database.db, userId);
    if (user) await lockouts.clear('login', user.email);
  }

  return { requestPasswordReset, resetPassword, unlockAccount };
}

export type PasswordRecovery = ReturnType<typeof createPasswordRecovery>;
