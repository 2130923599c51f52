import type { FastifyInstance } from 'fastify';
import type { GraphQLContribution } from './http/graphql';
import type { Logger } from './logger';

/**
 * Who is asking. Resolved once per request by the composition root (from the
 * auth service's session); services pass it to the policy, never trust fields
 * from the request body instead.
 */
export interface Principal {
  /** The user id (parents, teachers, operators) or the child id (children). */
  id: string;
  /** The primary role; operators may hold several (`operatorRoles`). */
  role: 'parent' | 'child' | 'teacher' | 'support' | 'safety_reviewer' | 'admin';
  familyId?: string;
  childId?: string;
  orgId?: string;
  orgRole?: 'teacher' | 'org_admin';
  classroomIds?: string[];
  operatorRoles?: Array<'support' | 'safety_reviewer' | 'admin'>;
  /** Operators: whether this session passed TOTP. */
  mfaVerified?: boolean;
  sessionId?: string;
  /** Preferred language for messages to this person. */
  locale?: string;
}

export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  principal: Principal | null;
  log: Logger;
}

export interface ScheduledJob {
  queue: string;
  cron: string;
  timeZone?: string;
}

export interface JobDefinition<P = unknown> {
  queue: string;
  handler: (payload: P) => Promise<void>;
  maxAttempts?: number;
  timeoutMs?: number;
}

/**
 * A service's whole surface, from its `index.ts`: what the composition root
 * wires into HTTP, GraphQL, jobs and events. How it is deployed (in this
 * process or another) is the root's decision, not the service's.
 */
export interface ServiceDefinition {
  name: string;
  graphql?: GraphQLContribution;
  routes?: (app: FastifyInstance) => Promise<void> | void;
  jobs?: JobDefinition[];
  schedules?: ScheduledJob[];
}
