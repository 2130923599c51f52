/**
 * services/auth: who someone is and what they may do. Accounts, families,
 * children, consent, parental controls, schools, operators and sessions.
 * The only file other packages import.
 */
import type { Principal, ServiceDefinition } from '@manabee/kernel';
import { systemClock } from '@manabee/kernel';
import type { FastifyRequest } from 'fastify';
import { authorize } from './access';
import { createAccounts } from './accounts';
import { csrfGuard, presentedToken } from './api/http';
import { createResolvers } from './api/resolvers';
import { typeDefs } from './api/schema';
import { createChildren } from './children';
import { createDevices } from './devices';
import {
  type ChildInZone,
  type ChildLearningProfile,
  createDirectory,
  type GuardianContact,
} from './directory';
import type { AccessDecision, Action, OperatorRole, ResourceFor, Subject } from './domain/index';
import { createFamilyData, type FamilyMembers } from './family-data';
import { createLockouts } from './lockouts';
import { createOperators } from './operators';
import { createPasswordRecovery } from './password-recovery';
import type { AuthDeps, Runtime } from './runtime';
import { createSchools } from './schools';
import { createDemoSeed, type DemoSeed } from './seed';
import { createSessions } from './sessions';
import { createSupport } from './support';

export { actorOf } from './access';
export { CSRF_HEADER, SESSION_COOKIE } from './api/http';
export type { ChildInZone, ChildLearningProfile, GuardianContact } from './directory';
export type {
  AccessDecision,
  AccessDenialReason,
  Action,
  Actor,
  OperatorRole,
  ParentalControls,
  Resource,
  ResourceFor,
  Subject,
} from './domain/index';
export { isSubject, SUBJECTS } from './domain/index';
export type { FamilyMembers } from './family-data';
export { ARGON2_PARAMETERS, hashPassword, verifyPassword } from './passwords';
export type { AuditRecorder, AuthDeps, PublishEvent } from './runtime';
export type { DemoSeed } from './seed';

export const DEFAULT_POLICY_VERSION = '2026-01';

export interface AuthService {
  definition(): ServiceDefinition;
  /** The principal behind the request's session (Bearer token or `mb_session` cookie); a cache read. */
  resolvePrincipal(request: FastifyRequest): Promise<Principal | null>;
  /** Whether this child may learn now, on this subject: consent, pause, quiet hours, daily budgets. */
  checkChildAccess(input: {
    childId: string;
    subject: Subject;
    usageToday: { minutes: number; messages: number };
    now?: Date;
  }): Promise<AccessDecision>;
  /** The policy, for other services: throws AppError (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND) on denial. */
  authorize<A extends Action>(principal: Principal | null, action: A, resource: ResourceFor<A>): void;
  seedDemo(): Promise<DemoSeed>;
  /** A child's learning profile (nickname, language, grade, family zone, country, plan), for chat and report. */
  childProfile(childId: string): Promise<ChildLearningProfile | null>;
  /** The family's guardians' contacts, for notification. */
  recipientsForFamily(familyId: string): Promise<GuardianContact[]>;
  recipient(userId: string): Promise<GuardianContact | null>;
  /** Every zone some family lives in, for jobs that run at a family-local hour. */
  timeZonesInUse(): Promise<string[]>;
  /** The children of the families living in these zones. */
  childrenInTimeZones(zones: readonly string[]): Promise<ChildInZone[]>;
  /** Who belongs to a live family (the export job's input), or null once it is deleted. */
  familyMembers(familyId: string): Promise<FamilyMembers | null>;
  /** What auth holds about the family, readable: the export's `account` part. */
  exportAccountData(familyId: string): Promise<Record<string, unknown>>;
  /** For `manabee create-admin`: returns the otpauth URI to scan (printed once). */
  createAdmin(input: { email: string; password: string }): Promise<{ userId: string; totpUri: string }>;
  createOperator(input: {
    email: string;
    password: string;
    roles: OperatorRole[];
  }): Promise<{ userId: string; totpUri: string }>;
}

export function createAuthService(deps: AuthDeps): AuthService {
  const clock = deps.clock ?? systemClock;
  if (deps.secretKey && deps.secretKey.length !== 32) throw new Error('auth secretKey must be 32 bytes');
  const runtime: Runtime = {
    database: deps.database,
    cache: deps.cache,
    mail: deps.mail,
    logger: deps.logger,
    clock,
    audit: deps.audit,
    publish: deps.publish,
    publicOrigin: new URL(deps.publicUrl).origin,
    allowedOrigins: (deps.allowedOrigins ?? []).map((origin) => new URL(origin).origin),
    policyVersion: deps.policyVersion ?? DEFAULT_POLICY_VERSION,
    sessions: createSessions({ cache: deps.cache, clock }),
    lockouts: createLockouts({ cache: deps.cache, clock }),
    secretKey: deps.secretKey,
  };
  const accounts = createAccounts(runtime);
  const children = createChildren(runtime, accounts);
  const devices = createDevices(runtime, children);
  const schools = createSchools(runtime, children);
  const operators = createOperators(runtime, accounts);
  const recovery = createPasswordRecovery(runtime);
  const support = createSupport(runtime, children);
  const familyData = createFamilyData(runtime, accounts, deps.keyring);
  const parts = { runtime, accounts, recovery, children, devices, schools, operators, support, familyData };

  return {
    definition: () => ({
      name: 'auth',
      graphql: { typeDefs, resolvers: createResolvers(parts) },
      routes: (app) => {
        app.addHook('onRequest', csrfGuard(runtime));
      },
    }),
    resolvePrincipal: (request) => runtime.sessions.check(presentedToken(request)),
    checkChildAccess: (input) => children.checkChildAccess(input),
    authorize,
    seedDemo: createDemoSeed(runtime, parts),
    ...createDirectory(deps.database, () => clock.now()),
    createAdmin: (input) => operators.createOperator({ ...input, roles: ['admin'] }),
    createOperator: (input) => operators.createOperator(input),
    familyMembers: familyData.familyMembers,
    exportAccountData: familyData.exportAccountData,
  };
}
