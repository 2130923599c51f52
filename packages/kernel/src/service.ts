import type { FastifyInstance } from 'fastify';
import type { GraphQLContribution } from './http/graphql';
import type { Logger } from './logger';

/**
 * Who is asking. Resolved once per request by the composition root (from the
 * auth service's session); services pass it to the policy, never trust fields
 * from the request body instead.
 */
export interface Principal {
  id: string;
  role: 'parent' | 'child' | 'teacher' | 'support' | 'safety_reviewer' | 'admin';
  familyId?: string;
  orgId?: string;
  sessionId?: string;
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
