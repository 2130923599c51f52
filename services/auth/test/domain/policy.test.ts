import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  type Actor,
  AuthError,
  allowedActions,
  assertCan,
  can,
  type Resource,
  type ResourceFor,
  type ResourceType,
  resourceTypeOf,
} from '../../src/domain/index';

/*
 * The world of the table:
 *   family A: parent usr_pA; children chd_A1 (linked to cls_1: approved, cls_2: pending) and chd_A2
 *   family B: parent usr_pB; child chd_B1 (linked to cls_3: approved)
 *   org_1: cls_1 (teacher tch_1), cls_2 (teacher tch_2), org admin tch_9
 *   org_2: cls_3 (teacher tch_3)
 * "own" resources are family A / org_1 / cls_1 / usr_pA; "other" ones are
 * family B / org_2 / cls_3 / usr_pB.
 */
const ROLES = {
  anonymous: { kind: 'anonymous' },
  child: { kind: 'child', childId: 'chd_A1', familyId: 'fam_A' },
  sibling: { kind: 'child', childId: 'chd_A2', familyId: 'fam_A' },
  parent: { kind: 'parent', userId: 'usr_pA', familyId: 'fam_A' },
  otherParent: { kind: 'parent', userId: 'usr_pB', familyId: 'fam_B' },
  teacherLinked: {
    kind: 'teacher',
    userId: 'tch_1',
    orgId: 'org_1',
    classroomIds: ['cls_1'],
    orgRole: 'teacher',
  },
  teacherPending: {
    kind: 'teacher',
    userId: 'tch_2',
    orgId: 'org_1',
    classroomIds: ['cls_2'],
    orgRole: 'teacher',
  },
  otherSchoolTeacher: {
    kind: 'teacher',
    userId: 'tch_3',
    orgId: 'org_2',
    classroomIds: ['cls_3'],
    orgRole: 'teacher',
  },
  schoolAdmin: { kind: 'teacher', userId: 'tch_9', orgId: 'org_1', classroomIds: [], orgRole: 'org_admin' },
  support: { kind: 'operator', userId: 'op_support', roles: ['support'], mfaVerified: true },
  reviewer: { kind: 'operator', userId: 'op_reviewer', roles: ['safety_reviewer'], mfaVerified: true },
  admin: { kind: 'operator', userId: 'op_admin', roles: ['admin'], mfaVerified: true },
} satisfies Record<string, Actor>;
type Role = keyof typeof ROLES;

const OWN: { [T in ResourceType]: Extract<Resource, { type: T }> } = {
  family: { type: 'family', familyId: 'fam_A' },
  child: {
    type: 'child',
    childId: 'chd_A1',
    familyId: 'fam_A',
    classroomLinks: [
      { classroomId: 'cls_1', status: 'approved' },
      { classroomId: 'cls_2', status: 'pending' },
    ],
  },
  conversation: { type: 'conversation', childId: 'chd_A1', familyId: 'fam_A' },
  parental_controls: { type: 'parental_controls', childId: 'chd_A1', familyId: 'fam_A' },
  consent: { type: 'consent', childId: 'chd_A1', familyId: 'fam_A' },
  device: { type: 'device', familyId: 'fam_A' },
  subscription: { type: 'subscription', familyId: 'fam_A' },
  safety_alert: { type: 'safety_alert', familyId: 'fam_A' },
  report: { type: 'report', familyId: 'fam_A' },
  notification_preferences: { type: 'notification_preferences', userId: 'usr_pA' },
  organization: { type: 'organization', orgId: 'org_1' },
  classroom: { type: 'classroom', classroomId: 'cls_1', orgId: 'org_1', teacherIds: ['tch_1'] },
  classroom_link_request: {
    type: 'classroom_link_request',
    classroomId: 'cls_1',
    orgId: 'org_1',
    teacherIds: ['tch_1'],
    childId: 'chd_A1',
    familyId: 'fam_A',
  },
  user_directory: { type: 'user_directory' },
  user_account: { type: 'user_account', userId: 'usr_pA', isOperator: false },
  review_queue: { type: 'review_queue' },
  keyword_list: { type: 'keyword_list' },
  prompt: { type: 'prompt' },
  system: { type: 'system' },
  audit_log: { type: 'audit_log' },
  operator_roles: { type: 'operator_roles' },
};

const OTHER: typeof OWN = {
  ...OWN,
  family: { type: 'family', familyId: 'fam_B' },
  child: {
    type: 'child',
    childId: 'chd_B1',
    familyId: 'fam_B',
    classroomLinks: [{ classroomId: 'cls_3', status: 'approved' }],
  },
  conversation: { type: 'conversation', childId: 'chd_B1', familyId: 'fam_B' },
  parental_controls: { type: 'parental_controls', childId: 'chd_B1', familyId: 'fam_B' },
  consent: { type: 'consent', childId: 'chd_B1', familyId: 'fam_B' },
  device: { type: 'device', familyId: 'fam_B' },
  subscription: { type: 'subscription', familyId: 'fam_B' },
  safety_alert: { type: 'safety_alert', familyId: 'fam_B' },
  report: { type: 'report', familyId: 'fam_B' },
  notification_preferences: { type: 'notification_preferences', userId: 'usr_pB' },
  organization: { type: 'organization', orgId: 'org_2' },
  classroom: { type: 'classroom', classroomId: 'cls_3', orgId: 'org_2', teacherIds: ['tch_3'] },
  classroom_link_request: {
    type: 'classroom_link_request',
    classroomId: 'cls_3',
    orgId: 'org_2',
    teacherIds: ['tch_3'],
    childId: 'chd_B1',
    familyId: 'fam_B',
  },
  user_account: { type: 'user_account', userId: 'usr_pB', isOperator: false },
};

/** own = allowed on the A-side resource only; other = B-side only; both; unlisted = denied on both. */
type Cell = 'own' | 'other' | 'both';
type Row = Partial<Record<Role, Cell>>;

const FAMILY: Row = { parent: 'own', otherParent: 'other' };
const SELF: Row = { parent: 'own', otherParent: 'other', support: 'both', admin: 'both' };
const OPS: Row = { support: 'both', admin: 'both' };
const REVIEW: Row = { reviewer: 'both', admin: 'both' };
const ADMIN: Row = { admin: 'both' };
const CLASSROOM: Row = {
  teacherLinked: 'own',
  otherSchoolTeacher: 'other',
  schoolAdmin: 'own',
  admin: 'both',
};

const EXPECTED: Record<Action, Row> = {
  'family.read': { ...FAMILY, support: 'both', admin: 'both' },
  'family.update': FAMILY,
  'family.export': FAMILY,
  'family.delete': FAMILY,
  'child.create': FAMILY,
  'child.read': FAMILY,
  'child.update': FAMILY,
  'child.delete': FAMILY,
  'child.progress.read': { ...FAMILY, teacherLinked: 'own', otherSchoolTeacher: 'other' },
  'controls.read': FAMILY,
  'controls.update': FAMILY,
  'consent.read': FAMILY,
  'consent.give': FAMILY,
  'consent.withdraw': FAMILY,
  'device.list': FAMILY,
  'device.issue': FAMILY,
  'device.revoke': FAMILY,
  'conversation.read': { ...FAMILY, child: 'own' },
  'conversation.delete': FAMILY,
  'chat.send': { child: 'own' },
  'billing.read': { ...FAMILY, support: 'both', admin: 'both' },
  'billing.manage': FAMILY,
  'alert.read': { ...FAMILY, reviewer: 'both', admin: 'both' },
  'alert.acknowledge': FAMILY,
  'report.read': FAMILY,
  'notifications.read': FAMILY,
  'notifications.update': FAMILY,
  'org.read': {
    teacherLinked: 'own',
    teacherPending: 'own',
    schoolAdmin: 'own',
    otherSchoolTeacher: 'other',
    support: 'both',
    admin: 'both',
  },
  'org.manage': { schoolAdmin: 'own', admin: 'both' },
  'classroom.read': CLASSROOM,
  'classroom.manage': CLASSROOM,
  'classroom.link.request': { teacherLinked: 'own', otherSchoolTeacher: 'other' },
  'classroom.link.approve': FAMILY,
  'classroom.link.remove': { ...FAMILY, teacherLinked: 'own', otherSchoolTeacher: 'other' },
  'account.read': SELF,
  'account.update': FAMILY,
  'account.verification.resend': SELF,
  'sessions.list': SELF,
  'sessions.revoke': SELF,
  'account.block': ADMIN,
  'account.unblock': ADMIN,
  'user.search': OPS,
  'review.read': REVIEW,
  'review.resolve': REVIEW,
  'keywords.read': REVIEW,
  'keywords.edit': ADMIN,
  'prompts.read': ADMIN,
  'prompts.edit': ADMIN,
  'system.read': OPS,
  'system.manage': ADMIN,
  'audit.read': ADMIN,
  'audit.export': ADMIN,
  'roles.read': ADMIN,
  'roles.assign': ADMIN,
};

function check(actor: Actor, action: Action, resource: Resource) {
  return can(actor, action, resource as ResourceFor<Action>);
}

describe('authorization table: every action × role × owner/not owner', () => {
  it('covers exactly the actions the policy knows', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  const cases = ACTIONS.flatMap((action) =>
    (Object.keys(ROLES) as Role[]).map((role) => ({
      action,
      role,
      cell: EXPECTED[action][role] ?? 'denied',
    })),
  );

  it.each(cases)('$action by $role → $cell', ({ action, role, cell }) => {
    const type = resourceTypeOf(action);
    const own = check(ROLES[role], action, OWN[type]);
    const other = check(ROLES[role], action, OTHER[type]);
    expect({ own: own.allowed, other: other.allowed }).toEqual({
      own: cell === 'own' || cell === 'both',
      other: cell === 'other' || cell === 'both',
    });
    if (role === 'anonymous') {
      expect(own).toEqual({ allowed: false, reason: 'unauthenticated' });
    }
  });
});

describe('policy details', () => {
  it('a child can do nothing but learn', () => {
    const everything = (Object.values(OWN) as Resource[]).flatMap((r) => allowedActions(ROLES.child, r));
    expect(everything.sort()).toEqual(['chat.send', 'conversation.read']);
  });

  it('a child cannot send into a sibling’s conversation, even with a matching family', () => {
    const siblings = { type: 'conversation', childId: 'chd_A2', familyId: 'fam_A' } as const;
    expect(can(ROLES.child, 'chat.send', siblings)).toEqual({ allowed: false, reason: 'not_owner' });
    // A forged familyId on the child's own id does not help either.
    const mismatched = { type: 'conversation', childId: 'chd_A1', familyId: 'fam_B' } as const;
    expect(can(ROLES.child, 'conversation.read', mismatched).allowed).toBe(false);
  });

  it('distinguishes role refusals from ownership refusals', () => {
    expect(can(ROLES.child, 'billing.manage', OWN.subscription)).toEqual({
      allowed: false,
      reason: 'forbidden',
    });
    expect(can(ROLES.otherParent, 'child.read', OWN.child)).toEqual({ allowed: false, reason: 'not_owner' });
    expect(can(ROLES.parent, 'chat.send', OWN.conversation)).toEqual({ allowed: false, reason: 'forbidden' });
  });

  it('teachers never read raw conversations, even of linked children', () => {
    expect(can(ROLES.teacherLinked, 'conversation.read', OWN.conversation)).toEqual({
      allowed: false,
      reason: 'forbidden',
    });
  });

  it('a teacher sees progress only through an approved link', () => {
    const withStatus = (status: 'pending' | 'approved' | 'rejected' | 'removed') =>
      ({ ...OWN.child, classroomLinks: [{ classroomId: 'cls_2', status }] }) as const;
    expect(can(ROLES.teacherPending, 'child.progress.read', withStatus('pending')).allowed).toBe(false);
    expect(can(ROLES.teacherPending, 'child.progress.read', withStatus('rejected')).allowed).toBe(false);
    expect(can(ROLES.teacherPending, 'child.progress.read', withStatus('removed')).allowed).toBe(false);
    expect(can(ROLES.teacherPending, 'child.progress.read', withStatus('approved')).allowed).toBe(true);
  });

  it('a teacher may request links only for a classroom they teach in their own org', () => {
    const request = { ...OWN.classroom_link_request, classroomId: 'cls_2', teacherIds: ['tch_2'] };
    expect(can(ROLES.teacherPending, 'classroom.link.request', request).allowed).toBe(true);
    // Same teacher id claimed by a classroom of another org does not count.
    expect(can(ROLES.teacherPending, 'classroom.link.request', { ...request, orgId: 'org_2' }).allowed).toBe(
      false,
    );
  });

  it('teachers manage their own account and notification preferences', () => {
    const account = { type: 'user_account', userId: 'tch_1', isOperator: false } as const;
    expect(can(ROLES.teacherLinked, 'sessions.revoke', account).allowed).toBe(true);
    expect(can(ROLES.teacherPending, 'sessions.revoke', account).allowed).toBe(false);
    const prefs = { type: 'notification_preferences', userId: 'tch_1' } as const;
    expect(can(ROLES.teacherLinked, 'notifications.update', prefs).allowed).toBe(true);
  });

  it('support cannot act on operator accounts or reach the safety queue', () => {
    const operatorAccount = { type: 'user_account', userId: 'op_admin', isOperator: true } as const;
    expect(can(ROLES.support, 'sessions.revoke', operatorAccount)).toEqual({
      allowed: false,
      reason: 'not_owner',
    });
    expect(can(ROLES.admin, 'sessions.revoke', operatorAccount).allowed).toBe(true);
    expect(can(ROLES.support, 'review.read', OWN.review_queue)).toEqual({
      allowed: false,
      reason: 'forbidden',
    });
  });

  it('safety reviewers cannot block accounts; admins cannot block themselves', () => {
    expect(can(ROLES.reviewer, 'account.block', OWN.user_account)).toEqual({
      allowed: false,
      reason: 'forbidden',
    });
    const self = { type: 'user_account', userId: 'op_admin', isOperator: true } as const;
    expect(can(ROLES.admin, 'account.block', self).allowed).toBe(false);
  });

  it('operators without a verified second factor are refused', () => {
    const noMfa: Actor = { ...ROLES.admin, mfaVerified: false };
    expect(can(noMfa, 'audit.read', OWN.audit_log)).toEqual({ allowed: false, reason: 'mfa_required' });
    // A role refusal stays a role refusal.
    expect(can(noMfa, 'chat.send', OWN.conversation)).toEqual({ allowed: false, reason: 'forbidden' });
  });

  it('an operator with several roles gets the union', () => {
    const both: Actor = {
      kind: 'operator',
      userId: 'op_x',
      roles: ['support', 'safety_reviewer'],
      mfaVerified: true,
    };
    expect(can(both, 'review.resolve', OWN.review_queue).allowed).toBe(true);
    expect(can(both, 'user.search', OWN.user_directory).allowed).toBe(true);
    expect(can(both, 'audit.read', OWN.audit_log).allowed).toBe(false);
  });

  it('denies by default on unknown actions and mismatched resources from untyped callers', () => {
    expect(can(ROLES.admin, 'everything.do' as Action, OWN.audit_log as ResourceFor<Action>)).toEqual({
      allowed: false,
      reason: 'forbidden',
    });
    expect(can(ROLES.parent, 'child.read', OWN.family as unknown as ResourceFor<'child.read'>)).toEqual({
      allowed: false,
      reason: 'forbidden',
    });
    expect(can(ROLES.admin, 'toString' as Action, OWN.audit_log as ResourceFor<Action>).allowed).toBe(false);
  });

  it('assertCan throws a typed AuthError with a code for each reason', () => {
    const codeOf = (fn: () => void) => {
      try {
        fn();
        return 'none';
      } catch (error) {
        expect(error).toBeInstanceOf(AuthError);
        return (error as AuthError).code;
      }
    };
    expect(codeOf(() => assertCan(ROLES.anonymous, 'family.read', OWN.family))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => assertCan(ROLES.child, 'family.read', OWN.family))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCan(ROLES.otherParent, 'family.read', OWN.family))).toBe('NOT_FOUND');
    expect(codeOf(() => assertCan({ ...ROLES.admin, mfaVerified: false }, 'audit.read', OWN.audit_log))).toBe(
      'MFA_REQUIRED',
    );
    expect(codeOf(() => assertCan(ROLES.parent, 'family.read', OWN.family))).toBe('none');
  });
});
