import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { type AuditService, auditServiceDefinition, createAuditService } from '@manabee/audit';
import {
  AppError,
  type Cache,
  type Config,
  createHttpServer,
  createLogger,
  createMailTransport,
  type Database,
  type Logger,
  type MailTransport,
  migrate,
  openCache,
  openDatabase,
  type Principal,
  type RequestContext,
  readMigrations,
  registerGraphQL,
  type ServiceDefinition,
} from '@manabee/kernel';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type HealthState, registerHealthRoutes } from './health';
import { loadMasterKey } from './master-key';
import { authorizeOperator } from './operator-policy';
import { type ProcessRoles, resolveRoles, runsService } from './roles';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
export const migrationsDir = path.join(repoRoot, 'db/migrations');

export const serviceNames = ['audit'] as const;

export interface Platform {
  config: Config;
  logger: Logger;
  roles: ProcessRoles;
  database: Database;
  cache: Cache;
  mail: MailTransport;
  metrics: Registry;
  masterKey: Buffer;
  services: { audit: AuditService };
  /** The HTTP server (health routes only on a worker-only process). */
  app: FastifyInstance;
  health: HealthState;
  listen(): Promise<string>;
  shutdown(signal?: string): Promise<void>;
}

export interface PlatformOptions {
  logger?: Logger;
  /** Override MIGRATE_ON_START (the CLI's `migrate` and tests use this). */
  migrate?: boolean;
}

/**
 * The composition root: config -> infrastructure -> services -> HTTP. The
 * only place that knows which implementation of each part is in use.
 */
export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger({ level: config.log.level, pretty: config.log.pretty });
  const roles = resolveRoles(config.roles, serviceNames);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });

  const database = await openDatabase({
    url: config.database.url,
    dataDir: config.database.url ? undefined : path.join(config.dataDir, 'data'),
    poolMax: config.database.poolMax,
  });
  const opened: Array<() => Promise<void>> = [() => database.close()];
  try {
    if (options.migrate ?? config.database.migrateOnStart) {
      const report = await migrate(database, readMigrations(migrationsDir));
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
    }
    const cache = await openCache({ url: config.redis.url, keyPrefix: config.redis.keyPrefix });
    opened.push(() => cache.close());
    const mail = createMailTransport({
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      outboxDir: path.join(config.dataDir, 'mail'),
    });
    opened.push(() => mail.close());
    const masterKey = loadMasterKey(config);

    const audit = createAuditService({
      database,
      logger: logger.child({ service: 'audit' }),
      authorize: authorizeOperator,
    });

    const health: HealthState = { draining: false };
    const app = await createHttpServer({
      logger,
      corsOrigins: config.http.corsOrigins,
      bodyLimitBytes: config.http.bodyLimitBytes,
      maxEventLoopDelayMs: config.http.maxEventLoopDelayMs,
      metrics,
    });
    registerHealthRoutes(app, {
      state: health,
      metrics,
      checks: [
        { name: 'database', check: () => database.ping() },
        { name: 'cache', check: () => cache.ping() },
      ],
    });

    const contextOf = async (request: FastifyRequest): Promise<RequestContext> => ({
      requestId: request.id,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      principal: await resolvePrincipal(request),
      log: request.log as unknown as Logger,
    });

    const definitions: ServiceDefinition[] = [auditServiceDefinition(audit, contextOf)].filter((definition) =>
      runsService(roles, definition.name),
    );
    if (roles.http) {
      for (const definition of definitions) await definition.routes?.(app);
      await registerGraphQL(app, {
        contributions: definitions.flatMap((definition) => (definition.graphql ? [definition.graphql] : [])),
        context: (request) => contextOf(request) as unknown as Promise<Record<string, unknown>>,
        subscriptionContext: (request) => contextOf(request) as unknown as Promise<Record<string, unknown>>,
        logger,
      });
      await serveWebApps(app);
    }

    const platform: Platform = {
      config,
      logger,
      roles,
      database,
      cache,
      mail,
      metrics,
      masterKey,
      services: { audit },
      app,
      health,
      async listen() {
        return app.listen({ host: config.host, port: config.port });
      },
      async shutdown(signal = 'shutdown') {
        logger.info({ signal }, 'shutting down');
        health.draining = true;
        // Let in-flight requests and streams finish, up to the timeout.
        await withTimeout(app.close(), config.shutdownTimeoutMs, () => logger.warn('http drain timed out'));
        for (const close of opened.reverse())
          await close().catch((error) => logger.warn({ err: error }, 'close failed'));
        logger.info('shutdown complete');
      },
    };
    return platform;
  } catch (error) {
    for (const close of opened.reverse()) await close().catch(() => {});
    throw error;
  }
}

/** Sessions arrive with the auth service; until then every request is anonymous. */
async function resolvePrincipal(_request: FastifyRequest): Promise<Principal | null> {
  return null;
}

async function serveWebApps(app: FastifyInstance): Promise<void> {
  const built = path.join(repoRoot, 'apps/web/dist');
  const root = existsSync(built) ? built : path.join(repoRoot, 'apps/server/public');
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
}

async function withTimeout(work: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        onTimeout();
        resolve();
      }, ms);
    }),
  ]);
  clearTimeout(timer);
}

export { AppError };
