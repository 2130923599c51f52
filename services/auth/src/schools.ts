/**
 * Schools: organizations, teacher invitations, classrooms, and the link a
 * teacher requests and a parent approves (and may remove at any time).
 */
import { AppError, newId, type Principal } from '@manabee/kernel';
import { authorize, requirePrincipal } from './access';
import { principalForUser, weakPassword } from './accounts';
import type { Children } from './children';
import {
  hashSecret,
  normalizeEmail,
  normalizeFamilyCode,
  validateNickname,
  validatePassword,
} from './domain/index';
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
import type { IssuedSession } from './sessions';
import * as accounts from './store/accounts';
import { findChildByNickname } from './store/children';
import * as store from './store/schools';

const notFound = () => new AppError('NOT_FOUND', { detail: 'Not found' });
const LINK_REQUEST_ANSWER =
  'If that family code and name match a child, the parent has been asked to approve.';

export function createSchools(runtime: Runtime, children: Children) {
  const { database, clock, audit, sessions } = runtime;

  async function invite(
    tx: Parameters<Parameters<typeof database.transaction>[0]>[0],
    input: { orgId: string; email: string; role: store.OrgRole },
    meta: RequestMeta,
  ) {
    const invitationId = newId('inv');
    const { token, record } = await issueLink(
      runtime,
      tx,
      'teacher_invite',
      invitationId,
      meta.principal?.id ?? null,
    );
    await store.insertInvitation(tx, {
      id: invitationId,
      orgId: input.orgId,
      email: input.email,
      role: input.role,
      tokenId: record.id,
      invitedBy: meta.principal?.id ?? 'system',
      now: clock.now(),
    });
    await audit.record(
      tx,
      auditEntry(meta, {
        action: 'auth.teacher.invited',
        resource: { type: 'organization', id: input.orgId },
        metadata: { invitationId, role: input.role },
      }),
    );
    return { invitationId, token };
  }

  /**
   * The invitee has no account, hence no language of their own, yet. The
   * inviter's is the best guess we have: a school admin invites colleagues who
   * work in the same language. Operators (who invite a new school's first
   * admin) and callers without a principal get ja, the product default.
   */
  async function mailInvitation(email: string, orgName: string, token: string, meta: RequestMeta) {
    await sendMail(
      runtime,
      email,
      renderAccountMail('teacherInvitation', meta.principal?.locale, {
        link: linkTo(runtime, '/accept-invitation', token),
        organization: orgName,
      }),
    );
  }

  async function createOrganization(input: { name: string; adminEmail: string }, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const orgId = newId('org');
    authorize(principal, 'org.manage', { type: 'organization', orgId });
    const email = normalizeEmail(input.adminEmail);
    if (!email.ok)
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'adminEmail', message: email.code }] });
    const token = await database.transaction(async (tx) => {
      await store.insertOrganization(tx, {
        id: orgId,
        name: input.name,
        createdBy: principal.id,
        now: clock.now(),
      });
      return (await invite(tx, { orgId, email: email.value, role: 'org_admin' }, meta)).token;
    });
    await mailInvitation(email.value, input.name, token, meta);
    return { id: orgId, name: input.name, createdAt: clock.now() };
  }

  async function inviteTeacher(
    input: { orgId: string; email: string; role?: store.OrgRole },
    meta: RequestMeta,
  ) {
    authorize(requirePrincipal(meta.principal), 'org.manage', { type: 'organization', orgId: input.orgId });
    const org = await store.findOrganization(database.db, input.orgId);
    if (!org) throw notFound();
    const email = normalizeEmail(input.email);
    if (!email.ok)
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'email', message: email.code }] });
    const { invitationId, token } = await database.transaction((tx) =>
      invite(tx, { orgId: org.id, email: email.value, role: input.role ?? 'teacher' }, meta),
    );
    await mailInvitation(email.value, org.name, token, meta);
    return invitationId;
  }

  /** Creates (or attaches) the teacher account and signs it in. */
  async function acceptInvitation(
    input: { token: string; password: string },
    meta: RequestMeta,
  ): Promise<{ session: IssuedSession; principal: Principal }> {
    return database.transaction(async (tx) => {
      const result = await redeemLink(runtime, tx, input.token, 'teacher_invite');
      const invitation = result.ok ? await store.findInvitationByToken(tx, result.record.id) : null;
      if (!invitation) throw invalidLink();
      const now = clock.now();
      let user = await accounts.findUserByEmail(tx, invitation.email);
      if (!user) {
        const password = validatePassword(input.password, [invitation.email.split('@')[0] ?? '']);
        if (!password.ok) throw weakPassword(password.code);
        const id = newId('usr');
        await accounts.insertUser(tx, {
          id,
          kind: 'teacher',
          email: invitation.email,
          passwordHash: await hashPassword(password.value),
          locale: 'ja',
          timeZone: 'Asia/Tokyo',
          now,
        });
        await accounts.markEmailVerified(tx, id, now);
        user = await accounts.findUserById(tx, id);
      }
      if (user?.kind !== 'teacher' || (await store.findMembership(tx, user.id)))
        throw new AppError('CONFLICT', {
          detail: 'This address cannot join another school with this invitation',
        });
      await store.insertMembership(tx, user.id, invitation.orgId, invitation.role, now);
      await store.markInvitationAccepted(tx, invitation.id, now);
      await audit.record(
        tx,
        auditEntry(meta, {
          actor: { id: user.id, role: 'teacher' },
          action: 'auth.role.granted',
          resource: { type: 'organization', id: invitation.orgId },
          metadata: { role: invitation.role, invitationId: invitation.id },
        }),
      );
      const principal = await principalForUser(tx, user);
      const session = await sessions.create(tx, {
        principal,
        subjectKind: 'user',
        ip: meta.ip,
        userAgent: meta.userAgent ?? null,
      });
      return { session, principal: { ...principal, sessionId: session.id } };
    });
  }

  async function organizations(meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const candidates = principal.orgId
      ? [await store.findOrganization(database.db, principal.orgId)].filter((o) => o !== null)
      : principal.operatorRoles
        ? await store.listOrganizations(database.db, 200)
        : [];
    if (candidates.length === 0) authorize(principal, 'org.read', { type: 'organization', orgId: '' });
    return candidates.filter((org) => {
      authorize(principal, 'org.read', { type: 'organization', orgId: org.id });
      return true;
    });
  }

  async function createClassroom(input: { orgId: string; name: string }, meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const classroom = { id: newId('cls'), orgId: input.orgId, name: input.name, teacherId: principal.id };
    authorize(principal, 'classroom.manage', {
      type: 'classroom',
      classroomId: classroom.id,
      orgId: input.orgId,
      teacherIds: [principal.id],
    });
    await database.transaction(async (tx) => {
      await store.insertClassroom(tx, classroom, clock.now());
      await audit.record(
        tx,
        auditEntry(meta, {
          action: 'auth.classroom.created',
          resource: { type: 'classroom', id: classroom.id },
        }),
      );
      // The teacher's sessions carry classroom ids; refresh them so the new one counts at once.
      const user = await accounts.findUserById(tx, principal.id);
      if (user) await sessions.refreshPrincipal(tx, user.id, await principalForUser(tx, user));
    });
    return classroom;
  }

  const classroomResource = (c: store.Classroom) =>
    ({ type: 'classroom', classroomId: c.id, orgId: c.orgId, teacherIds: [c.teacherId] }) as const;

  async function classrooms(meta: RequestMeta) {
    const principal = requirePrincipal(meta.principal);
    const list =
      principal.orgRole === 'org_admin' && principal.orgId
        ? await store.classroomsOfOrg(database.db, principal.orgId)
        : await store.classroomsOfTeacher(database.db, principal.id);
    if (principal.role !== 'teacher')
      authorize(principal, 'classroom.read', {
        type: 'classroom',
        classroomId: '',
        orgId: '',
        teacherIds: [],
      });
    return list.filter((c) => {
      authorize(principal, 'classroom.read', classroomResource(c));
      return true;
    });
  }

  async function classroomFor(classroomId: string, principal: Principal | null, action: 'classroom.read') {
    const classroom = await store.findClassroom(database.db, classroomId);
    authorize(
      principal,
      action,
      classroom
        ? classroomResource(classroom)
        : { type: 'classroom', classroomId, orgId: '', teacherIds: [] },
    );
    if (!classroom) throw notFound();
    return classroom;
  }

  /** Children linked (approved) to a classroom, as the teacher may see them. */
  async function classroomChildren(classroomId: string, meta: RequestMeta) {
    await classroomFor(classroomId, meta.principal, 'classroom.read');
    const links = await store.approvedLinksOfClassroom(database.db, classroomId);
    const result = [];
    for (const link of links)
      result.push(await children.childFor(database.db, meta.principal, link.childId, 'child.progress.read'));
    return result;
  }

  async function linkedChild(childId: string, meta: RequestMeta) {
    return children.childFor(database.db, meta.principal, childId, 'child.progress.read');
  }

  /** The teacher names the child by family code and nickname; the answer never says whether they matched. */
  async function requestClassroomLink(
    input: { classroomId: string; familyCode: string; nickname: string },
    meta: RequestMeta,
  ) {
    const principal = requirePrincipal(meta.principal);
    const classroom = await store.findClassroom(database.db, input.classroomId);
    const base = classroom
      ? { classroomId: classroom.id, orgId: classroom.orgId, teacherIds: [classroom.teacherId] }
      : { classroomId: input.classroomId, orgId: '', teacherIds: [] };
    authorize(principal, 'classroom.link.request', {
      type: 'classroom_link_request',
      ...base,
      childId: '',
      familyId: '',
    });
    if (!classroom) throw notFound();
    const code = normalizeFamilyCode(input.familyCode);
    const nickname = validateNickname(input.nickname);
    const family = code ? await accounts.findFamilyByCodeHash(database.db, hashSecret(code)) : null;
    const child =
      family && nickname.ok ? await findChildByNickname(database.db, family.id, nickname.value) : null;
    if (!family || !child) return LINK_REQUEST_ANSWER;
    const linkId = newId('lnk');
    const created = await database.transaction(async (tx) => {
      const inserted = await store.insertLinkRequest(tx, {
        id: linkId,
        classroomId: classroom.id,
        childId: child.id,
        familyId: family.id,
        requestedBy: principal.id,
        now: clock.now(),
      });
      if (inserted)
        await audit.record(
          tx,
          auditEntry(meta, {
            action: 'auth.classroom_link.requested',
            resource: { type: 'classroom_link', id: linkId },
          }),
        );
      return inserted;
    });
    const guardian = created ? await accounts.findUserById(database.db, family.guardianId) : null;
    if (guardian)
      await sendMail(
        runtime,
        guardian.email,
        renderAccountMail('classroomLinkRequest', guardian.locale, {
          link: `${runtime.publicOrigin}/family`,
          classroom: classroom.name,
        }),
      );
    return LINK_REQUEST_ANSWER;
  }

  async function decide(linkId: string, meta: RequestMeta, decision: 'approve' | 'reject' | 'remove') {
    const principal = requirePrincipal(meta.principal);
    const link = await store.findLink(database.db, linkId);
    const classroom = link ? await store.findClassroom(database.db, link.classroomId) : null;
    const resource = {
      type: 'classroom_link_request' as const,
      classroomId: classroom?.id ?? '',
      orgId: classroom?.orgId ?? '',
      teacherIds: classroom ? [classroom.teacherId] : [],
      childId: link?.childId ?? '',
      familyId: link?.familyId ?? '',
    };
    authorize(
      principal,
      decision === 'remove' ? 'classroom.link.remove' : 'classroom.link.approve',
      resource,
    );
    if (!link) throw notFound();
    const [from, to] =
      decision === 'approve'
        ? [['pending'] as const, 'approved' as const]
        : decision === 'reject'
          ? [['pending'] as const, 'rejected' as const]
          : [['pending', 'approved'] as const, 'removed' as const];
    await database.transaction(async (tx) => {
      if (!(await store.decideLink(tx, linkId, from, to, principal.id, clock.now())))
        throw new AppError('CONFLICT', { detail: `This link cannot be ${to} now` });
      await audit.record(
        tx,
        auditEntry(meta, {
          action: `auth.classroom_link.${to}`,
          resource: { type: 'classroom_link', id: linkId },
        }),
      );
    });
    return { ...link, status: to };
  }

  async function classroomLinks(childId: string, meta: RequestMeta) {
    await children.childFor(database.db, meta.principal, childId, 'child.read');
    return store.linksOfChild(database.db, childId);
  }

  return {
    createOrganization,
    inviteTeacher,
    acceptInvitation,
    organizations,
    createClassroom,
    classrooms,
    classroomChildren,
    linkedChild,
    requestClassroomLink,
    approveClassroomLink: (id: string, meta: RequestMeta) => decide(id, meta, 'approve'),
    rejectClassroomLink: (id: string, meta: RequestMeta) => decide(id, meta, 'reject'),
    removeClassroomLink: (id: string, meta: RequestMeta) => decide(id, meta, 'remove'),
    classroomLinks,
  };
}

export type Schools = ReturnType<typeof createSchools>;
