import { type AiService, aiSettingsFromEnv, createAiService } from '@manabee/ai';
import { type AuditService, auditServiceDefinition, createAuditService } from '@manabee/audit';
import type { Logger, Principal, RequestContext, ServiceDefinition } from '@manabee/kernel';
import type { FastifyRequest } from 'fastify';
import type { ServerConfig } from './config';
import type { Infrastructure } from './infrastructure';
import { authorizeOperator } from './operator-policy';

export const serviceNames = ['audit', 'ai'] as const;

export interface Services {
  audit: AuditService;
  ai: AiService;
  definitions: ServiceDefinition[];
  resolvePrincipal(request: FastifyRequest): Promise<Principal | null>;
  /** The platform hands back the context builder once HTTP exists (REST routes use it). */
  setContextResolver(resolver: (request: FastifyRequest) => Promise<RequestContext>): void;
  close(): Promise<void>;
}

/**
 * Builds every service from the infrastructure and links them through their
 * public interfaces: the one place where one service's API meets another's port.
 */
export async function composeServices(
  infra: Infrastructure,
  config: ServerConfig,
  logger: Logger,
): Promise<Services> {
  let contextOf: ((request: FastifyRequest) => Promise<RequestContext>) | undefined;
  const contextFor = (request: FastifyRequest) => {
    if (!contextOf) throw new Error('request context is not ready');
    return contextOf(request);
  };
  const audit = createAuditService({
    database: infra.database,
    logger: logger.child({ service: 'audit' }),
    authorize: authorizeOperator,
  });
  const ai = createAiService({
    database: infra.database,
    cache: infra.cache,
    logger,
    metrics: infra.metrics,
    config: aiSettingsFromEnv(config.extensions.ai),
  });
  return {
    audit,
    ai,
    definitions: [auditServiceDefinition(audit, contextFor), ai.definition()],
    resolvePrincipal: async () => null,
    setContextResolver(resolver) {
      contextOf = resolver;
    },
    async close() {},
  };
}
