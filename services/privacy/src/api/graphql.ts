import type { GraphQLContribution, RequestContext } from '@manabee/kernel';
import type { Exports } from '../exports';
import type { ExportRow } from '../store';

const typeDefs = /* GraphQL */ `
  "A copy of everything Manabee holds about the family, prepared in the background."
  type FamilyExport {
    id: ID!
    "queued, running, ready, failed or expired"
    status: String!
    "0 to 100"
    progress: Int!
    "The part being gathered now: account, chat, safety, notification, ai, packing."
    step: String
    createdAt: String!
    finishedAt: String
    "Ready exports are kept 7 days."
    expiresAt: String
    sizeBytes: Int
    "Set when ready: a GET with the parent's session returns the JSON document as an attachment."
    downloadUrl: String
  }
  extend type Query {
    "The signed-in parent's family exports, newest first (at most 10)."
    familyExports: [FamilyExport!]!
  }
  extend type Mutation {
    "Starts an export. CONFLICT while another is being prepared; at most 3 a day."
    requestFamilyExport: FamilyExport!
  }
`;

export const downloadPath = (id: string) => `/api/family/exports/${encodeURIComponent(id)}/download`;

const toExport = (row: ExportRow) => ({
  id: row.id,
  status: row.status,
  progress: row.progress,
  step: row.step,
  createdAt: row.createdAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  sizeBytes: row.sizeBytes,
  downloadUrl: row.status === 'ready' ? downloadPath(row.id) : null,
});

const metaOf = (ctx: RequestContext) => ({ principal: ctx.principal, ip: ctx.ip, userAgent: ctx.userAgent });

export function graphqlContribution(exports: Exports): GraphQLContribution {
  return {
    typeDefs,
    resolvers: {
      Query: {
        familyExports: async (_: unknown, __: unknown, ctx: RequestContext) =>
          (await exports.listExports(metaOf(ctx))).map(toExport),
      },
      Mutation: {
        requestFamilyExport: async (_: unknown, __: unknown, ctx: RequestContext) =>
          toExport(await exports.requestExport(metaOf(ctx))),
      },
    },
  };
}
