/**
 * Children of a family: profiles, consent, parental controls, the family code,
 * and the one access decision the chat service asks (`checkChildAccess`).
 */
import { AppError, type Executor, newId, type Principal } from '@manabee/kernel';
import { authorize, requirePrincipal } from './access';
import type { Accounts } from './accounts';
import {
  type AccessDecision,
  giveConsent as buildConsent,
  consentStatus,
  evaluateAccess,
  generateFamilyCode,
  hashSecret,
  hasValidConsent,
  type Language,
  type ParentalControls,
  type Subject,
  validateChildAge,
  validateNickname,
  validateParentalControls,
  validatePin,
} from './domain/index';
import { hashPassword } from './passwords';
import { auditEntry, type RequestMeta, type Runtime } from './runtime';
import * as accounts from './store/accounts';
import * as store from './store/children';
import { linksOfChild } from './store/schools';

export const MAX_CHILDREN_PER_FAMILY = 10;
const CONSENT_PURPOSE = 'child_learning';

export interface ChildInput {
  nickname?: string;
  birthYear?: number | null;
  grade?: number | null;
  language?: Language;
  avatar?: string | null;
  pin?: string | null;
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', { detail: `${path} is not acceptable`, issues: [{ path, message }] });

export function createChildren(runtime: Runtime, accountsApi: Accounts) {
  const { database, clock, audit, publish, sessions } = runtime;

  type ChildAction = 'child.read' | 'child.update' | 'child.delete' | 'child.progress.read';

  /**
   * Loads a child and asks the policy. A missing child is checked against an
   * impossible family first, so "absent" and "not yours" answer the same.
   */
  async function childFor(db: Executor, principal: Principal | null, childId: string, action: ChildAction) {
    requirePrincipal(principal);
    const child = await store.findChildById(db, childId);
    if (!child) {
      authorize(principal, action, { type: 'child', childId, familyId: '', classroomLinks: [] });
      throw new AppError('NOT_FOUND', { detail: 'Not found' });
    }
    const links = await linksOfChild(db, childId);
    authorize(principal, action, {
      type: 'child',
      childId,
      familyId: child.familyId,
      classroomLinks: links.map((l) => ({ classroomId: l.classroomId, status: l.status })),
    });
    return child;
  }

  async function familyOf(db: Executor, familyId: string) {
    const family = await accounts.findFamilyById(db, familyId);
    if (!family) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    return family;
  }

  async function validateFields(input: ChildInput, current: store.Child | null, timeZone: string) {
    const nickname = validateNickname(input.nickname ?? current?.nickname ?? '');
    if (!nickname.ok) throw invalid('nickname', nickname.code);
    const age = validateChildAge(
      {
        birthYear: input.birthYear === undefined ? current?.birthYear : input.birthYear,
        grade: input.grade === undefined ? current?.grade : input.grade,
      },
      clock.now(),
      timeZone,
    );
    if (!age.ok) throw invalid(age.code === 'invalid_grade' ? 'grade' : 'birthYear', age.code);
    let pinHash = current?.pinHash ?? null;
    if (input.pin !== undefined) {
      if (input.pin === null) pinHash = null;
      else {
        const pin = validatePin(
          input.pin,
          age.value.birthYear === null ? {} : { birthYear: age.value.birthYear },
        );
        if (!pin.ok) throw invalid('pin', pin.code);
        pinHash = await hashPassword(pin.value);
      }
    }
    return {
      nickname: nickname.value,
      birthYear: age.value.birthYear,
      grade: age.value.grade,
      language: input.language ?? current?.language ?? 'ja',
      avatar: input.avatar === undefined ? (current?.avatar ?? null) : input.avatar,
      pinHash,
    };
  }

  async function addChild(input: ChildInput, meta: RequestMeta): Promise<store.Child> {
    const principal = requirePrincipal(meta.principal);
    const familyId = principal.familyId ?? '';
    authorize(principal, 'child.create', { type: 'family', familyId });
    const family = await familyOf(database.db, familyId);
    const fields = await validateFields(input, null, family.timeZone);
    const now = clock.now();
    const child: store.Child = { id: newId('chd'), familyId, paused: false, createdAt: now, ...fields };
    return database.transaction(async (tx) => {
      if ((await store.countChildren(tx, familyId)) >= MAX_CHILDREN_PER_FAMILY)
        throw new AppError('CONFLICT', {
          detail: `A family can have at most ${MAX_CHILDREN_PER_FAMILY} children`,
        });
      if (!(await store.insertChild(tx, child))) throw invalid('nickname', 'already used in this family');
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.child.added',
          resource: { type: 'child', id: child.id },
          metadata: { familyId },
        }),
      );
      await publish(tx, 'auth.child.added', {
        childId: child.id,
        familyId,
        addedBy: principal.id,
        grade: child.grade ?? 0,
        locale: child.language,
        addedAt: now.toISOString(),
      });
      return child;
    });
  }

  async function updateChild(childId: string, input: ChildInput & { paused?: boolean }, meta: RequestMeta) {
    const current = await childFor(database.db, meta.principal, childId, 'child.update');
    const family = await familyOf(database.db, current.familyId);
    const fields = await validateFields(input, current, family.timeZone);
    const updated: store.Child = { ...current, ...fields, paused: input.paused ?? current.paused };
    await database.transaction(async (tx) => {
      if (
        updated.nickname !== current.nickname &&
        (await store.findChildByNickname(tx, current.familyId, updated.nickname))
      )
        throw invalid('nickname', 'already used in this family');
      await store.updateChild(tx, updated, clock.now());
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.child.updated',
          resource: { type: 'child', id: childId },
          metadata: {
            fields: Object.keys(input).filter((k) => k !== 'pin'),
            pinChanged: input.pin !== undefined,
          },
        }),
      );
    });
    return updated;
  }

  async function getChild(childId: string, meta: RequestMeta) {
    return childFor(database.db, meta.principal, childId, 'child.read');
  }

  async function listChildren(meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const familyId = principal.familyId ?? '';
    authorize(principal, 'family.read', { type: 'family', familyId });
    return store.listChildren(database.db, familyId);
  }

  async function getFamily(meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const familyId = principal.familyId ?? '';
    authorize(principal, 'family.read', { type: 'family', familyId });
    return familyOf(database.db, familyId);
  }

  /** A new family code (shown once: only its hash is stored); the old one stops working. */
  async function regenerateFamilyCode(meta: RequestMeta): Promise<string> {
    const principal = requirePrincipal(meta.principal);
    const familyId = principal.familyId ?? '';
    authorize(principal, 'family.update', { type: 'family', familyId });
    const code = generateFamilyCode();
    await database.transaction(async (tx) => {
      await accounts.setFamilyCodeHash(tx, familyId, hashSecret(code));
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.family_code.regenerated',
          resource: { type: 'family', id: familyId },
        }),
      );
    });
    return code;
  }

  // -------------------------------------------------------------------------
  // Consent

  async function consentOf(childId: string) {
    return consentStatus(await store.consentRecords(database.db, childId), runtime.policyVersion);
  }

  /** Consent by re-entering the parent's password in a verified adult account (COPPA's "email plus" is weaker). */
  async function giveConsent(input: { childId: string; password: string }, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const child = await store.findChildById(database.db, input.childId);
    authorize(principal, 'consent.give', {
      type: 'consent',
      childId: input.childId,
      familyId: child?.familyId ?? '',
    });
    if (!child) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    const user = await accountsApi.reauthenticate(principal.id, input.password, meta);
    if (!user.emailVerifiedAt)
      throw new AppError('FORBIDDEN', { detail: 'Verify your email address before giving consent' });
    const now = clock.now();
    const built = buildConsent({
      childId: child.id,
      policyVersion: runtime.policyVersion,
      method: 'parent_password_reauth',
      givenBy: principal.id,
      now,
    });
    if (!built.ok) throw invalid('consent', built.code);
    const consentId = newId('cns');
    await database.transaction(async (tx) => {
      await store.insertConsent(tx, consentId, child.familyId, built.record);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.consent.given',
          resource: { type: 'child', id: child.id },
          metadata: { consentId, policyVersion: runtime.policyVersion, method: built.record.method },
          retentionClass: 'compliance',
        }),
      );
      await publish(tx, 'auth.consent.given', {
        consentId,
        familyId: child.familyId,
        childId: child.id,
        guardianId: principal.id,
        purpose: CONSENT_PURPOSE,
        version: runtime.policyVersion,
        givenAt: now.toISOString(),
      });
    });
    return consentOf(child.id);
  }

  /** Withdrawal stops access at once: every session of the child is revoked in the same transaction. */
  async function withdrawConsent(childId: string, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const child = await store.findChildById(database.db, childId);
    authorize(principal, 'consent.withdraw', { type: 'consent', childId, familyId: child?.familyId ?? '' });
    if (!child) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    const now = clock.now();
    await database.transaction(async (tx) => {
      const withdrawn = await store.withdrawConsents(tx, childId, principal.id, now);
      const revoked = await sessions.revokeAll(tx, childId);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.consent.withdrawn',
          resource: { type: 'child', id: childId },
          metadata: { consentIds: withdrawn, sessionsRevoked: revoked },
          retentionClass: 'compliance',
        }),
      );
      for (const consentId of withdrawn) {
        await publish(tx, 'auth.consent.withdrawn', {
          consentId,
          familyId: child.familyId,
          childId,
          guardianId: principal.id,
          purpose: CONSENT_PURPOSE,
          withdrawnAt: now.toISOString(),
        });
      }
    });
    return consentOf(childId);
  }

  // -------------------------------------------------------------------------
  // Parental controls

  async function controlsFor(
    childId: string,
    meta: RequestMeta,
    action: 'controls.read' | 'controls.update',
  ) {
    const principal = requirePrincipal(meta.principal);
    const child = await store.findChildById(database.db, childId);
    authorize(principal, action, { type: 'parental_controls', childId, familyId: child?.familyId ?? '' });
    if (!child) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    return child;
  }

  async function getControls(childId: string, meta: RequestMeta): Promise<ParentalControls> {
    await controlsFor(childId, meta, 'controls.read');
    return store.findControls(database.db, childId);
  }

  async function updateControls(
    childId: string,
    input: unknown,
    meta: RequestMeta,
  ): Promise<ParentalControls> {
    await controlsFor(childId, meta, 'controls.update');
    const result = validateParentalControls(input);
    if (!result.ok)
      throw new AppError('VALIDATION_FAILED', {
        issues: result.issues.map((i) => ({ path: i.path, message: i.message })),
      });
    await database.transaction(async (tx) => {
      await store.saveControls(tx, childId, result.value, meta.principal?.id ?? 'unknown', clock.now());
      await audit.record(
        tx,
        auditEntry(meta, { action: 'auth.controls.updated', resource: { type: 'child', id: childId } }),
      );
    });
    return result.value;
  }

  /** What the chat service asks before every message: consent, pause, quiet hours, budgets, subject. */
  async function checkChildAccess(input: {
    childId: string;
    subject: Subject;
    usageToday: { minutes: number; messages: number };
    now?: Date;
  }): Promise<AccessDecision> {
    const facts = await store.accessFactsOf(database.db, input.childId);
    if (!facts) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    return evaluateAccess({
      controls: facts.controls,
      usageToday: input.usageToday,
      subject: input.subject,
      now: input.now ?? clock.now(),
      timeZone: facts.timeZone,
      consent: hasValidConsent(facts.consents, runtime.policyVersion),
      paused: facts.child.paused,
    });
  }

  return {
    childFor,
    addChild,
    updateChild,
    getChild,
    listChildren,
    getFamily,
    regenerateFamilyCode,
    consentOf,
    giveConsent,
    withdrawConsent,
    getControls,
    updateControls,
    checkChildAccess,
  };
}

export type Children = ReturnType<typeof createChildren>;
