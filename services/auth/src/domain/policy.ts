/**
 * The one place that decides who may do what to which resource (issue 3).
 * Every GraphQL field and REST route asks `can`/`assertCan`; nothing checks
 * access ad hoc. Deny by default: an action no rule grants, a resource of the
 * wrong kind, or an actor the rule does not name is refused.
 *
 * Two questions per decision: may this kind of actor ever do this (role), and
 * is this particular resource theirs (ownership: family, classroom, org, self)?
 * The answers are kept apart so the API can answer "not found" for somebody
 * else's resource instead of confirming that it exists (no IDOR oracle).
 */
import { AuthError, type AuthErrorCode } from './errors';

export type OperatorRole = 'support' | 'safety_reviewer' | 'admin';
export const OPERATOR_ROLES: readonly OperatorRole[] = ['support', 'safety_reviewer', 'admin'];

export interface AnonymousActor {
  kind: 'anonymous';
}
export interface ChildActor {
  kind: 'child';
  childId: string;
  familyId: string;
}
export interface ParentActor {
  kind: 'parent';
  userId: string;
  familyId: string;
}
export interface TeacherActor {
  kind: 'teacher';
  userId: string;
  orgId: string;
  /** Classrooms this teacher teaches. */
  classroomIds: readonly string[];
  /** An org admin invites teachers and manages every classroom of the organization. */
  orgRole: 'teacher' | 'org_admin';
}
export interface OperatorActor {
  kind: 'operator';
  userId: string;
  roles: readonly OperatorRole[];
  /** Whether this session passed TOTP; every operator action requires it. */
  mfaVerified: boolean;
}
export type Actor = AnonymousActor | ChildActor | ParentActor | TeacherActor | OperatorActor;

export type ClassroomLinkStatus = 'pending' | 'approved' | 'rejected' | 'removed';

export type Resource =
  | { type: 'family'; familyId: string }
  | {
      type: 'child';
      childId: string;
      familyId: string;
      /** Every link the child has; only `approved` ones grant a teacher anything. */
      classroomLinks: readonly { classroomId: string; status: ClassroomLinkStatus }[];
    }
  | { type: 'conversation'; childId: string; familyId: string }
  | { type: 'parental_controls'; childId: string; familyId: string }
  | { type: 'consent'; childId: string; familyId: string }
  | { type: 'device'; familyId: string }
  | { type: 'subscription'; familyId: string }
  | { type: 'safety_alert'; familyId: string }
  | { type: 'report'; familyId: string }
  | { type: 'notification_preferences'; userId: string }
  | { type: 'organization'; orgId: string }
  | { type: 'classroom'; classroomId: string; orgId: string; teacherIds: readonly string[] }
  | {
      type: 'classroom_link_request';
      classroomId: string;
      orgId: string;
      teacherIds: readonly string[];
      childId: string;
      familyId: string;
    }
  | { type: 'user_directory' }
  | { type: 'user_account'; userId: string; isOperator: boolean }
  | { type: 'review_queue' }
  | { type: 'keyword_list' }
  | { type: 'prompt' }
  | { type: 'system' }
  | { type: 'audit_log' }
  | { type: 'operator_roles' };

export type ResourceType = Resource['type'];
export type ResourceOf<T extends ResourceType> = Extract<Resource, { type: T }>;

type Check<A, R> = (actor: A, resource: R) => boolean;

interface Rule<T extends ResourceType> {
  resource: T;
  child?: Check<ChildActor, ResourceOf<T>>;
  parent?: Check<ParentActor, ResourceOf<T>>;
  teacher?: Check<TeacherActor, ResourceOf<T>>;
  /** Operator access is by role; `true` for every resource of the kind, or a check. */
  operator?: Partial<Record<OperatorRole, true | Check<OperatorActor, ResourceOf<T>>>>;
}

function rule<T extends ResourceType>(resource: T, grants: Omit<Rule<T>, 'resource'>): Rule<T> {
  return { resource, ...grants };
}

// Ownership predicates: each names the relationship that makes a resource "yours".
const sameFamily = (actor: { familyId: string }, resource: { familyId: string }) =>
  actor.familyId === resource.familyId;
const self = (actor: { userId: string }, resource: { userId: string }) => actor.userId === resource.userId;
const ownConversation = (actor: ChildActor, resource: { childId: string; familyId: string }) =>
  actor.childId === resource.childId && actor.familyId === resource.familyId;
const sameOrg = (actor: TeacherActor, resource: { orgId: string }) => actor.orgId === resource.orgId;
const orgAdminOf = (actor: TeacherActor, resource: { orgId: string }) =>
  actor.orgRole === 'org_admin' && sameOrg(actor, resource);
const teachesClassroom = (actor: TeacherActor, resource: { orgId: string; teacherIds: readonly string[] }) =>
  sameOrg(actor, resource) && resource.teacherIds.includes(actor.userId);
const teachesOrAdministers = (
  actor: TeacherActor,
  resource: { orgId: string; teacherIds: readonly string[] },
) => teachesClassroom(actor, resource) || orgAdminOf(actor, resource);
// A teacher sees a child only through a link the parent approved (issue 3).
const teachesLinkedChild = (actor: TeacherActor, resource: ResourceOf<'child'>) =>
  resource.classroomLinks.some((l) => l.status === 'approved' && actor.classroomIds.includes(l.classroomId));
// Support helps families; operator accounts are managed by admins only.
const notAnOperatorAccount = (_actor: OperatorActor, resource: { isOperator: boolean }) =>
  !resource.isOperator;
// An admin cannot lock themselves (or the last admin) out by blocking their own account.
const someoneElse = (actor: OperatorActor, resource: { userId: string }) => actor.userId !== resource.userId;

const familyOwned = { parent: sameFamily };
const selfService = {
  parent: self,
  teacher: self,
  operator: { support: notAnOperatorAccount, admin: true },
} as const;
const supportAndAdmin = { support: true, admin: true } as const;
const reviewerAndAdmin = { safety_reviewer: true, admin: true } as const;
const adminOnly = { admin: true } as const;

/**
 * The whole access policy. Children appear in exactly two rules: they learn.
 * Teachers never read raw conversations: a parent approves sharing progress
 * with a classroom, not a child's private chats; concerns reach the parent and
 * safety reviewers through the safety service. Operators get no blanket access
 * to family data (conversations, controls, consent): flagged content reaches
 * reviewers through the review queue, which is audited.
 */
const RULES = {
  'family.read': rule('family', { ...familyOwned, operator: supportAndAdmin }),
  'family.update': rule('family', familyOwned),
  'family.export': rule('family', familyOwned),
  'family.delete': rule('family', familyOwned),
  'child.create': rule('family', familyOwned),

  'child.read': rule('child', familyOwned),
  'child.update': rule('child', familyOwned),
  'child.delete': rule('child', familyOwned),
  'child.progress.read': rule('child', { parent: sameFamily, teacher: teachesLinkedChild }),

  'controls.read': rule('parental_controls', familyOwned),
  'controls.update': rule('parental_controls', familyOwned),
  'consent.read': rule('consent', familyOwned),
  'consent.give': rule('consent', familyOwned),
  'consent.withdraw': rule('consent', familyOwned),
  'device.list': rule('device', familyOwned),
  'device.issue': rule('device', familyOwned),
  'device.revoke': rule('device', familyOwned),

  'conversation.read': rule('conversation', { child: ownConversation, parent: sameFamily }),
  'conversation.delete': rule('conversation', { parent: sameFamily }),
  'chat.send': rule('conversation', { child: ownConversation }),

  'billing.read': rule('subscription', { ...familyOwned, operator: supportAndAdmin }),
  'billing.manage': rule('subscription', familyOwned),
  'alert.read': rule('safety_alert', { ...familyOwned, operator: reviewerAndAdmin }),
  'alert.acknowledge': rule('safety_alert', familyOwned),
  'report.read': rule('report', familyOwned),
  'notifications.read': rule('notification_preferences', { parent: self, teacher: self }),
  'notifications.update': rule('notification_preferences', { parent: self, teacher: self }),

  // Support answers schools too: they read an organization's page (teachers, classrooms), admins manage it.
  'org.read': rule('organization', { teacher: sameOrg, operator: supportAndAdmin }),
  'org.manage': rule('organization', { teacher: orgAdminOf, operator: adminOnly }),
  'classroom.read': rule('classroom', { teacher: teachesOrAdministers, operator: adminOnly }),
  'classroom.manage': rule('classroom', { teacher: teachesOrAdministers, operator: adminOnly }),
  'classroom.link.request': rule('classroom_link_request', { teacher: teachesClassroom }),
  'classroom.link.approve': rule('classroom_link_request', familyOwned),
  'classroom.link.remove': rule('classroom_link_request', { parent: sameFamily, teacher: teachesClassroom }),

  'account.read': rule('user_account', selfService),
  // Language and time zone are the person's own choice; support does not change them.
  'account.update': rule('user_account', { parent: self, teacher: self }),
  'account.verification.resend': rule('user_account', selfService),
  'sessions.list': rule('user_account', selfService),
  'sessions.revoke': rule('user_account', selfService),
  'account.block': rule('user_account', { operator: { admin: someoneElse } }),
  'account.unblock': rule('user_account', { operator: { admin: someoneElse } }),
  'user.search': rule('user_directory', { operator: supportAndAdmin }),

  'review.read': rule('review_queue', { operator: reviewerAndAdmin }),
  'review.resolve': rule('review_queue', { operator: reviewerAndAdmin }),
  'keywords.read': rule('keyword_list', { operator: reviewerAndAdmin }),
  'keywords.edit': rule('keyword_list', { operator: adminOnly }),
  'prompts.read': rule('prompt', { operator: adminOnly }),
  'prompts.edit': rule('prompt', { operator: adminOnly }),
  // Health, queues, provider status and the embedded mail outbox (which holds parents' addresses).
  'system.read': rule('system', { operator: supportAndAdmin }),
  'system.manage': rule('system', { operator: adminOnly }),
  'audit.read': rule('audit_log', { operator: adminOnly }),
  'audit.export': rule('audit_log', { operator: adminOnly }),
  'roles.read': rule('operator_roles', { operator: adminOnly }),
  'roles.assign': rule('operator_roles', { operator: adminOnly }),
};

export type Action = keyof typeof RULES;
/** The kind of resource an action applies to, so `can(a, 'chat.send', family)` does not compile. */
export type ResourceFor<A extends Action> = ResourceOf<(typeof RULES)[A]['resource']>;

export const ACTIONS = Object.keys(RULES) as Action[];

export function resourceTypeOf(action: Action): ResourceType {
  return RULES[action].resource;
}

export type DenialReason = 'unauthenticated' | 'mfa_required' | 'forbidden' | 'not_owner';
export type Decision = { allowed: true } | { allowed: false; reason: DenialReason };

const ALLOW: Decision = { allowed: true };
const deny = (reason: DenialReason): Decision => ({ allowed: false, reason });

// The rules seen without their per-resource typing; sound because `can`
// compares `resource.type` with the rule's before calling any check.
interface LooseRule {
  resource: ResourceType;
  child?: Check<ChildActor, Resource>;
  parent?: Check<ParentActor, Resource>;
  teacher?: Check<TeacherActor, Resource>;
  operator?: Partial<Record<OperatorRole, true | Check<OperatorActor, Resource>>>;
}

export function can<A extends Action>(actor: Actor, action: A, resource: ResourceFor<A>): Decision {
  if (actor.kind === 'anonymous') return deny('unauthenticated');
  // Inputs come from untyped edges too: an unknown action or a mismatched resource is refused.
  if (!Object.hasOwn(RULES, action)) return deny('forbidden');
  const rule = RULES[action] as unknown as LooseRule;
  const target = resource as Resource;
  if (typeof target !== 'object' || target === null || target.type !== rule.resource)
    return deny('forbidden');

  switch (actor.kind) {
    case 'child':
      return rule.child ? (rule.child(actor, target) ? ALLOW : deny('not_owner')) : deny('forbidden');
    case 'parent':
      return rule.parent ? (rule.parent(actor, target) ? ALLOW : deny('not_owner')) : deny('forbidden');
    case 'teacher':
      return rule.teacher ? (rule.teacher(actor, target) ? ALLOW : deny('not_owner')) : deny('forbidden');
    case 'operator': {
      const grants = actor.roles.flatMap((role) => {
        const grant = rule.operator?.[role];
        return grant === undefined ? [] : [grant];
      });
      if (grants.length === 0) return deny('forbidden');
      if (!actor.mfaVerified) return deny('mfa_required');
      return grants.some((grant) => grant === true || grant(actor, target)) ? ALLOW : deny('not_owner');
    }
    default:
      return deny('forbidden');
  }
}

const ERROR_CODE: Record<DenialReason, AuthErrorCode> = {
  unauthenticated: 'UNAUTHENTICATED',
  mfa_required: 'MFA_REQUIRED',
  forbidden: 'FORBIDDEN',
  // Somebody else's resource is reported as absent, so ids cannot be probed.
  not_owner: 'NOT_FOUND',
};

/** `can`, for code paths that should stop: throws an `AuthError` on denial. */
export function assertCan<A extends Action>(actor: Actor, action: A, resource: ResourceFor<A>): void {
  const decision = can(actor, action, resource);
  if (!decision.allowed) {
    throw new AuthError(ERROR_CODE[decision.reason], decision.reason, `${action} denied: ${decision.reason}`);
  }
}

/** Every action `actor` may take on `resource`, e.g. to show or hide buttons. */
export function allowedActions(actor: Actor, resource: Resource): Action[] {
  return ACTIONS.filter(
    (action) =>
      RULES[action].resource === resource.type &&
      can(actor, action, resource as ResourceFor<typeof action>).allowed,
  );
}
