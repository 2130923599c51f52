import type { FamilyScope } from '@manabee/contracts';
/**
 * A parent's rights over the family's data: what auth holds, for the export,
 * and deleting the family. Deletion destroys the family's data key first
 * (every sealed text in every service becomes unreadable in that same
 * transaction, backups included), removes the accounts, and tells the other
 * services through `auth.family.deleted` to delete what they hold.
 */
import { AppError, type FamilyKeyring, sql } from '@manabee/kernel';
import { authorize, requirePrincipal } from './access';
import type { Accounts } from './accounts';
import { normalizeEmail } from './domain/index';
import { auditEntry, type RequestMeta, type Runtime } from './runtime';
import * as accounts from './store/accounts';
import * as childrenStore from './store/children';
import * as schools from './store/schools';

export type FamilyMembers = FamilyScope;

export function createFamilyData(
  runtime: Runtime,
  accountsApi: Accounts,
  keyring: FamilyKeyring | undefined,
) {
  const { database, clock, audit, sessions, publish } = runtime;
  const db = database.db;

  /** Who belongs to a live family (for the export job), or null once it is gone. */
  async function familyMembers(familyId: string): Promise<FamilyMembers | null> {
    const family = await accounts.findFamilyById(db, familyId);
    if (!family) return null;
    const kids = await childrenStore.listChildren(db, familyId);
    return { familyId, guardianId: family.guardianId, childIds: kids.map((c) => c.id) };
  }

  /** Everything auth holds about the family, readable: the export's `account` part. */
  async function exportAccountData(familyId: string) {
    const family = await accounts.findFamilyById(db, familyId);
    if (!family) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    const guardian = await accounts.findUserById(db, family.guardianId);
    const kids = await childrenStore.listChildren(db, familyId);
    const devices = await sessions.list(db, family.guardianId, 'issued_by');
    const own = await sessions.list(db, family.guardianId);
    return {
      parent: guardian
        ? {
            id: guardian.id,
            email: guardian.email,
            emailVerifiedAt: guardian.emailVerifiedAt?.toISOString() ?? null,
            locale: guardian.locale,
            timeZone: guardian.timeZone,
            createdAt: guardian.createdAt.toISOString(),
          }
        : null,
      family: { id: family.id, timeZone: family.timeZone, createdAt: family.createdAt.toISOString() },
      children: await Promise.all(
        kids.map(async (child) => ({
          id: child.id,
          nickname: child.nickname,
          birthYear: child.birthYear,
          grade: child.grade,
          language: child.language,
          avatar: child.avatar,
          paused: child.paused,
          hasPin: child.pinHash !== null,
          createdAt: child.createdAt.toISOString(),
          parentalControls: await childrenStore.findControls(db, child.id),
          consents: (await childrenStore.consentRecords(db, child.id)).map((consent) => ({
            policyVersion: consent.policyVersion,
            method: consent.method,
            givenAt: consent.givenAt.toISOString(),
            withdrawnAt: consent.withdrawnAt?.toISOString() ?? null,
          })),
          classroomLinks: await Promise.all(
            (await schools.linksOfChild(db, child.id)).map(async (link) => ({
              classroom: (await schools.findClassroom(db, link.classroomId))?.name ?? null,
              status: link.status,
              requestedAt: link.requestedAt.toISOString(),
            })),
          ),
        })),
      ),
      // Where the family is signed in; session ids and tokens stay out.
      parentSessions: own.map(({ createdAt, lastSeenAt, userAgent }) => ({
        createdAt: createdAt.toISOString(),
        lastSeenAt: lastSeenAt.toISOString(),
        userAgent,
      })),
      childDevices: devices.map(({ subjectId, createdAt, lastSeenAt, userAgent }) => ({
        childId: subjectId,
        createdAt: createdAt.toISOString(),
        lastSeenAt: lastSeenAt.toISOString(),
        userAgent,
      })),
    };
  }

  /**
   * The parent types their email address and password. Everything ends at once:
   * the data key, every session (the parent's and the children's devices), the
   * accounts. The audit trail keeps the fact, by id, without content.
   */
  async function deleteFamily(input: { password: string; confirmation: string }, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    if (principal.role !== 'parent' || !principal.familyId) throw new AppError('FORBIDDEN');
    const familyId = principal.familyId;
    authorize(principal, 'family.delete', { type: 'family', familyId });
    if (!keyring) throw new AppError('INTERNAL', { detail: 'Family deletion is not configured' });
    const user = await accounts.findUserById(db, principal.id);
    if (!user) throw new AppError('UNAUTHENTICATED');
    const typed = normalizeEmail(input.confirmation);
    if (!typed.ok || typed.value !== user.email)
      throw new AppError('VALIDATION_FAILED', {
        detail: 'Type your email address to confirm',
        issues: [{ path: 'confirmation', message: 'does not match your email address' }],
      });
    // Under the sign-in lockout, so a stolen session cannot guess the password here.
    await accountsApi.checkPassword(user.email, input.password, meta);

    const now = clock.now();
    const members = await database.transaction(async (tx) => {
      const kids = await childrenStore.listChildren(tx, familyId);
      const childIds = kids.map((c) => c.id);
      await keyring.destroy(tx, familyId);
      let revoked = await sessions.revokeAll(tx, user.id);
      revoked += await sessions.revokeAll(tx, user.id, { issuedBy: true });
      for (const childId of childIds) revoked += await sessions.revokeAll(tx, childId);
      const subjects = [user.id, ...childIds];
      await sql`delete from auth_single_use_tokens where subject_id in (${sql.join(subjects)})`.execute(tx);
      await sql`delete from auth_sessions where subject_id in (${sql.join(subjects)})`.execute(tx);
      // Family, children, consents, controls and classroom links go with the guardian (on delete cascade).
      await sql`delete from auth_users where id = ${user.id}`.execute(tx);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.family.deleted',
          resource: { type: 'family', id: familyId },
          metadata: { children: childIds.length, sessionsRevoked: revoked },
        }),
      );
      await publish(tx, 'auth.family.deleted', {
        familyId,
        guardianId: user.id,
        childIds,
        deletedAt: now.toISOString(),
      });
      return { familyId, guardianId: user.id, childIds };
    });
    runtime.logger.info({ familyId, children: members.childIds.length }, 'family deleted');
    return members;
  }

  return { familyMembers, exportAccountData, deleteFamily };
}

export type FamilyData = ReturnType<typeof createFamilyData>;
