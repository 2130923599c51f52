import type { GraphQLContribution, RequestContext } from '@manabee/kernel';
import { AppError } from '@manabee/kernel';
import { z } from 'zod';
import type { AuditService } from '../index';
import type { AuditRow } from '../store';

export const typeDefs = /* GraphQL */ `
  "One audit log entry. Metadata never holds child text or secrets."
  type AuditEntry {
    id: ID!
    seq: Int!
    occurredAt: String!
    actorId: String
    actorRole: String!
    action: String!
    resourceType: String!
    resourceId: String
    ip: String
    userAgent: String
    result: String!
    metadataJson: String!
    retentionClass: String!
  }

  type AuditPage {
    entries: [AuditEntry!]!
    "Pass as 'after' for the next (older) page; null on the last page."
    nextCursor: String
  }

  type AuditChainProblem {
    seq: Int!
    problem: String!
  }

  type AuditVerification {
    ok: Boolean!
    checked: Int!
    pruned: Int!
    problems: [AuditChainProblem!]!
  }

  input AuditFilter {
    actorId: String
    "An action, or a family of actions with a trailing * (auth.*)."
    action: String
    resourceType: String
    resourceId: String
    "ISO 8601 time, inclusive."
    from: String
    "ISO 8601 time, exclusive."
    to: String
  }

  extend type Query {
    "The audit log, newest first (operators only)."
    auditLog(filter: AuditFilter, first: Int = 50, after: String): AuditPage!
    "Recomputes the hash chain and reports any edited or deleted entry (admins only)."
    auditChain: AuditVerification!
  }
`;

export const auditFilterSchema = z.object({
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(200).optional(),
  from: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  to: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
});

export function toGraphQLEntry(row: AuditRow) {
  return {
    id: row.id,
    seq: Number(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    ip: row.ip,
    userAgent: row.user_agent,
    result: row.result,
    metadataJson: JSON.stringify(row.metadata ?? {}),
    retentionClass: row.retention_class,
  };
}

export function graphqlContribution(service: AuditService): GraphQLContribution {
  return {
    typeDefs,
    resolvers: {
      Query: {
        auditLog: async (
          _root: unknown,
          args: { filter?: Record<string, unknown> | null; first?: number | null; after?: string | null },
          context: RequestContext,
        ) => {
          const filter = auditFilterSchema.safeParse(args.filter ?? {});
          if (!filter.success) throw new AppError('VALIDATION_FAILED', { detail: 'Invalid audit filter' });
          const page = await service.query(context.principal, filter.data, {
            first: args.first ?? 50,
            after: args.after ?? undefined,
          });
          return { entries: page.entries.map(toGraphQLEntry), nextCursor: page.nextCursor };
        },
        auditChain: async (_root: unknown, _args: unknown, context: RequestContext) =>
          service.verifyChain(context.principal),
      },
    },
  };
}
