/**
 * How a child gets onto a device: a parent-issued one-time link (shown as a QR
 * code), or the family code plus the child's PIN. Both refuse a child without
 * valid consent. Devices are the child's sessions; the parent can revoke them.
 */
import { AppError, type Principal } from '@manabee/kernel';
import QRCode from 'qrcode';
import { authorize, requirePrincipal } from './access';
import { lockedOut } from './accounts';
import type { Children } from './children';
import {
  deviceLinkUrl,
  hashSecret,
  hasValidConsent,
  issueDeviceLinkToken,
  normalizeFamilyCode,
  validateNickname,
} from './domain/index';
import { spendVerificationTime, verifyPassword } from './passwords';
import { auditEntry, invalidLink, type RequestMeta, type Runtime, redeemLink } from './runtime';
import type { IssuedSession } from './sessions';
import * as accounts from './store/accounts';
import * as store from './store/children';
import { insertToken } from './store/tokens';

const NO_CONSENT = () =>
  new AppError('FORBIDDEN', { detail: 'A parent needs to give consent before this child can sign in' });
const BAD_PIN = () =>
  new AppError('UNAUTHENTICATED', { detail: 'The family code, name or PIN is incorrect' });

export function createDevices(runtime: Runtime, children: Children) {
  const { database, clock, audit, sessions, lockouts } = runtime;

  async function issueDeviceLink(childId: string, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const child = await store.findChildById(database.db, childId);
    authorize(principal, 'device.issue', { type: 'device', familyId: child?.familyId ?? '' });
    if (!child) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    const issued = issueDeviceLinkToken({ childId, parentUserId: principal.id, now: clock.now() });
    await database.transaction(async (tx) => {
      await insertToken(tx, issued.record);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.device.issued',
          resource: { type: 'child', id: childId },
          metadata: { linkId: issued.record.id },
        }),
      );
    });
    const url = deviceLinkUrl(runtime.publicOrigin, issued.token);
    const qrDataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 256 });
    return { url, qrDataUrl, expiresAt: issued.record.expiresAt };
  }

  async function listDevices(meta: RequestMeta) {
    const kids = await children.listChildren(meta);
    const principal = requirePrincipal(meta.principal);
    authorize(principal, 'device.list', { type: 'device', familyId: principal.familyId ?? '' });
    const devices = [];
    for (const child of kids) {
      for (const session of await sessions.list(database.db, child.id))
        devices.push({ ...session, childId: child.id });
    }
    return devices;
  }

  async function revokeDevice(sessionId: string, meta: RequestMeta): Promise<void> {
    const principal = requirePrincipal(meta.principal);
    const owner = await sessions.owner(database.db, sessionId);
    const child =
      owner?.subjectKind === 'child' ? await store.findChildById(database.db, owner.subjectId) : null;
    authorize(principal, 'device.revoke', { type: 'device', familyId: child?.familyId ?? '' });
    if (!child) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    await database.transaction(async (tx) => {
      await sessions.revoke(tx, sessionId);
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.device.revoked',
          resource: { type: 'child', id: child.id },
          metadata: { sessionId },
        }),
      );
    });
  }

  function childPrincipal(child: store.Child): Omit<Principal, 'sessionId'> {
    return {
      id: child.id,
      role: 'child',
      childId: child.id,
      familyId: child.familyId,
      locale: child.language,
    };
  }

  async function childSignInWithLink(
    token: string,
    meta: RequestMeta,
  ): Promise<{ session: IssuedSession; principal: Principal }> {
    return database.transaction(async (tx) => {
      const result = await redeemLink(runtime, tx, token, 'device_link');
      if (!result.ok) throw invalidLink();
      const child = await store.findChildById(tx, result.record.subjectId);
      if (!child) throw invalidLink();
      // Throwing rolls the redemption back: the link still works once consent is given.
      if (!hasValidConsent(await store.consentRecords(tx, child.id), runtime.policyVersion))
        throw NO_CONSENT();
      if (meta.principal?.sessionId) await sessions.revoke(tx, meta.principal.sessionId);
      const principal = childPrincipal(child);
      const session = await sessions.create(tx, {
        principal,
        subjectKind: 'child',
        issuedBy: result.record.issuedBy,
        ip: meta.ip,
        userAgent: meta.userAgent ?? null,
      });
      await audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: child.id, role: 'child' },
          action: 'auth.child.signed_in',
          resource: { type: 'child', id: child.id },
          metadata: { method: 'device_link', sessionId: session.id },
        }),
      );
      return { session, principal: { ...principal, sessionId: session.id } };
    });
  }

  async function childSignInWithPin(
    input: { familyCode: string; nickname: string; pin: string },
    meta: RequestMeta,
  ): Promise<{ session: IssuedSession; principal: Principal }> {
    const code = normalizeFamilyCode(input.familyCode);
    const nickname = validateNickname(input.nickname);
    const accountKey = `${code ?? input.familyCode.slice(0, 40)}:${nickname.ok ? nickname.value : ''}`;
    const decision = await lockouts.check('child_pin', accountKey, meta.ip);
    if (!decision.allowed) throw lockedOut(decision.retryAt, clock.now());
    const family = code ? await accounts.findFamilyByCodeHash(database.db, hashSecret(code)) : null;
    const child =
      family && nickname.ok ? await store.findChildByNickname(database.db, family.id, nickname.value) : null;
    const pin = input.pin.normalize('NFKC').trim();
    let pinOk = false;
    if (child?.pinHash) pinOk = await verifyPassword(child.pinHash, pin);
    else await spendVerificationTime(pin);
    if (!child || !pinOk) {
      await lockouts.fail('child_pin', accountKey, meta.ip);
      await database.transaction((tx) =>
        audit.record(
          tx,
          auditEntry(meta, {
            action: 'auth.child.sign_in_failed',
            resource: { type: 'child', id: child?.id ?? null },
            result: 'failure',
            metadata: { method: 'pin' },
          }),
        ),
      );
      throw BAD_PIN();
    }
    await lockouts.clear('child_pin', accountKey);
    return database.transaction(async (tx) => {
      if (!hasValidConsent(await store.consentRecords(tx, child.id), runtime.policyVersion))
        throw NO_CONSENT();
      if (meta.principal?.sessionId) await sessions.revoke(tx, meta.principal.sessionId);
      const principal = childPrincipal(child);
      const session = await sessions.create(tx, {
        principal,
        subjectKind: 'child',
        issuedBy: family?.guardianId ?? null,
        ip: meta.ip,
        userAgent: meta.userAgent ?? null,
      });
      await audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: child.id, role: 'child' },
          action: 'auth.child.signed_in',
          resource: { type: 'child', id: child.id },
          metadata: { method: 'pin', sessionId: session.id },
        }),
      );
      return { session, principal: { ...principal, sessionId: session.id } };
    });
  }

  return { issueDeviceLink, listDevices, revokeDevice, childSignInWithLink, childSignInWithPin };
}

export type Devices = ReturnType<typeof createDevices>;
