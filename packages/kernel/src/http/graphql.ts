import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import mercurius, { type IResolvers, type MercuriusContext } from 'mercurius';
import { AppError, isAppError, toGraphQLExtensions } from '../errors';
import type { Logger } from '../logger';
import type { RequestContext } from '../service';

/** What one service adds to the single GraphQL schema. */
export interface GraphQLContribution {
  typeDefs: string;
  resolvers: IResolvers;
}

export interface GraphQLOptions {
  contributions: GraphQLContribution[];
  /** Builds the per-request context (actor, request id, ...) from the request. */
  context: (
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  subscriptionContext?: (
    request: FastifyRequest,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  logger: Logger;
  /** Maximum selection depth; deep queries are a cheap denial of service. */
  queryDepth?: number;
}

const BASE_QUERY = `
  "Server facts that need no sign-in."
  type Query {
    "The running version of Manabee."
    version: String!
  }
`;

export function composeSchema(contributions: GraphQLContribution[]): {
  schema: string;
  resolvers: IResolvers;
} {
  const parts = [BASE_QUERY];
  const all = contributions.map((c) => c.typeDefs).join('\n');
  if (/extend\s+type\s+Mutation\b/.test(all)) parts.push('type Mutation');
  if (/extend\s+type\s+Subscription\b/.test(all)) parts.push('type Subscription');
  parts.push(all);
  const resolvers: Record<string, Record<string, unknown>> = {
    Query: { version: () => process.env.npm_package_version ?? '0.1.0' },
  };
  for (const contribution of contributions) {
    for (const [typeName, fields] of Object.entries(contribution.resolvers)) {
      const target = resolvers[typeName] ?? {};
      for (const [field, resolver] of Object.entries(fields as Record<string, unknown>)) {
        if (field in target) throw new Error(`GraphQL field ${typeName}.${field} is defined by two services`);
        target[field] = resolver;
      }
      resolvers[typeName] = target;
    }
  }
  return { schema: parts.join('\n'), resolvers: resolvers as IResolvers };
}

/**
 * Formats every GraphQL error with a stable `extensions.code`. Application
 * errors keep their message; query errors (syntax, validation, a malformed
 * request) describe the query and are returned as they are; anything else is
 * logged and replaced by a generic message, so no stack or internal detail
 * reaches the client.
 */
/**
 * GraphQL over HTTP: field errors answer 200 beside the data. A request refused
 * before execution (invalid query, a hook such as the CSRF guard) has no data and
 * no error paths: it answers with the errors' own 4xx status (403, 400, …).
 */
export function httpStatusOf(data: unknown, errors: readonly GraphQLError[]): number {
  if (data != null || errors.length === 0) return 200;
  const statuses = new Set(errors.map((error) => Number(error.extensions?.status)));
  const [only] = statuses;
  if (statuses.size === 1 && only !== undefined && only >= 400 && only < 500) {
    if (only === 400 || errors.every((error) => error.path === undefined)) return only;
  }
  return 200;
}

export function formatGraphQLErrors(error: GraphQLError, logger: Logger): GraphQLError[] {
  const original = error.originalError as
    | (Error & { errors?: unknown; statusCode?: number; code?: string })
    | undefined;
  // Mercurius wraps validation failures as one error holding the list.
  if (original && Array.isArray(original.errors)) {
    return (original.errors as Array<{ message: string }>).map(
      (inner) =>
        new GraphQLError(inner.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', status: 400 } }),
    );
  }
  if (original && !(original instanceof GraphQLError)) {
    if (isAppError(original)) {
      return [
        new GraphQLError(original.message, { path: error.path, extensions: toGraphQLExtensions(original) }),
      ];
    }
    // Request-level failures from Fastify or Mercurius (bad JSON, missing query).
    if (typeof original.statusCode === 'number' && original.statusCode >= 400 && original.statusCode < 500) {
      const detail =
        original.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
          ? 'The request body is not valid JSON'
          : error.message;
      return [new GraphQLError(detail, { extensions: { code: 'BAD_REQUEST', status: original.statusCode } })];
    }
    logger.error({ err: original, path: error.path }, 'graphql resolver failed');
    return [
      new GraphQLError('Internal error', {
        path: error.path,
        extensions: toGraphQLExtensions(new AppError('INTERNAL')),
      }),
    ];
  }
  return [
    new GraphQLError(error.message, {
      path: error.path,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', status: 400 },
    }),
  ];
}

export async function registerGraphQL(app: FastifyInstance, options: GraphQLOptions): Promise<void> {
  const { schema, resolvers } = composeSchema(options.contributions);
  const hasSubscriptions = /type\s+Subscription\b/.test(schema);
  await app.register(mercurius, {
    schema,
    resolvers,
    path: '/graphql',
    graphiql: false,
    jit: 1,
    queryDepth: options.queryDepth ?? 12,
    context: options.context,
    subscription: hasSubscriptions
      ? {
          context: (_socket, request) =>
            options.subscriptionContext ? options.subscriptionContext(request) : {},
          keepAlive: 15_000,
          // A slow client gets its queue capped instead of growing server memory.
          queueHighWaterMark: 256,
        }
      : false,
    errorFormatter: (execution, _context: MercuriusContext) => {
      const errors = execution.errors.flatMap((error) => formatGraphQLErrors(error, options.logger));
      return {
        statusCode: httpStatusOf(execution.data, errors),
        response: { data: execution.data ?? null, errors: errors.map((error) => error.toJSON()) },
      };
    },
  });
}

declare module 'mercurius' {
  // Every resolver receives the request context built by the composition root.
  interface MercuriusContext extends RequestContext {}
}
