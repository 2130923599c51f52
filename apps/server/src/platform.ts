import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import {
  createHttpServer,
  createLogger,
  type Logger,
  type RequestContext,
  registerGraphQL,
  type ServiceDefinition,
} from '@manabee/kernel';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from './config';
import { type HealthState, registerHealthRoutes } from './health';
import { type Infrastructure, openInfrastructure } from './infrastructure';
import { operationsContribution } from './operations';
import { type ProcessRoles, resolveRoles, runsService } from './roles';
import { composeServices, type Services, serviceNames } from './services';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
export const migrationsDir = path.join(repoRoot, 'db/migrations');

export interface Platform extends Infrastructure {
  config: ServerConfig;
  logger: Logger;
  roles: ProcessRoles;
  services: Services;
  /** The HTTP server (health routes only on a worker-only process). */
  app: FastifyInstance;
  health: HealthState;
  listen(): Promise<string>;
  /** Starts job workers, the event relay and consumers, as the roles say. */
  startWork(): Promise<void>;
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
export async function createPlatform(config: ServerConfig, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger({ level: config.log.level, pretty: config.log.pretty });
  const roles = resolveRoles(config.roles, serviceNames);
  const infra = await openInfrastructure(config, logger, {
    migrate: options.migrate ?? config.database.migrateOnStart,
    migrationsDir,
  });
  try {
    const services = await composeServices(infra, config, logger);
    const definitions = [
      ...services.definitions.filter((definition) => runsService(roles, definition.name)),
      maintenanceDefinition(infra),
    ];

    // Jobs are declared everywhere (enqueueing needs no worker); only worker
    // processes claim them.
    for (const definition of definitions) {
      for (const job of definition.jobs ?? []) {
        infra.jobs.define(job.queue, (context) => job.handler(context.payload), {
          ...(job.maxAttempts ? { maxAttempts: job.maxAttempts } : {}),
          ...(job.timeoutMs ? { timeoutMs: job.timeoutMs } : {}),
        });
      }
    }

    const health: HealthState = { draining: false };
    const app = await createHttpServer({
      logger,
      corsOrigins: config.http.corsOrigins,
      bodyLimitBytes: config.http.bodyLimitBytes,
      maxEventLoopDelayMs: config.http.maxEventLoopDelayMs,
      metrics: infra.metrics,
      appShell: (request, reply) =>
        request.url.startsWith('/admin') && existsSync(path.join(adminDist, 'index.html'))
          ? reply.sendFile('index.html', adminDist)
          : reply.sendFile('index.html'),
    });
    registerHealthRoutes(app, {
      state: health,
      metrics: infra.metrics,
      checks: [
        { name: 'database', check: () => infra.database.ping() },
        { name: 'cache', check: () => infra.cache.ping() },
        {
          name: 'bus',
          check: async () => {
            await infra.bus.lag();
          },
        },
      ],
    });

    const contextOf = async (request: FastifyRequest): Promise<RequestContext> => ({
      requestId: request.id,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      principal: await services.resolvePrincipal(request),
      log: request.log as unknown as Logger,
    });
    services.setContextResolver(contextOf);

    if (roles.http) {
      for (const definition of definitions) await definition.routes?.(app);
      await registerGraphQL(app, {
        contributions: [
          ...definitions.flatMap((definition) => (definition.graphql ? [definition.graphql] : [])),
          operationsContribution(infra, services, config),
        ],
        context: (request, reply) =>
          contextOf(request).then((context) => ({ ...context, reply })) as unknown as Promise<
            Record<string, unknown>
          >,
        subscriptionContext: (request) => contextOf(request) as unknown as Promise<Record<string, unknown>>,
        logger,
      });
      await serveWebApps(app);
    }

    let working = false;
    const platform: Platform = {
      ...infra,
      config,
      logger,
      roles,
      services,
      app,
      health,
      async listen() {
        return app.listen({ host: config.host, port: config.port });
      },
      async startWork() {
        if (!roles.worker || working) return;
        working = true;
        for (const definition of definitions) {
          for (const schedule of definition.schedules ?? []) {
            await infra.jobs.schedule(
              schedule.queue,
              schedule.cron,
              schedule.timeZone ? { timeZone: schedule.timeZone } : {},
            );
          }
        }
        await infra.bus.start();
        infra.jobs.start();
      },
      async shutdown(signal = 'shutdown') {
        logger.info({ signal }, 'shutting down');
        health.draining = true;
        // Stop accepting; let in-flight requests and streams finish, up to the timeout.
        await withTimeout(app.close(), config.shutdownTimeoutMs, () => logger.warn('http drain timed out'));
        if (working) {
          await infra.jobs.stop({ timeoutMs: config.shutdownTimeoutMs });
          // Publishes what is committed before closing the pools.
          await infra.bus.stop();
        }
        await services.close();
        await infra.close();
        logger.info('shutdown complete');
      },
    };
    return platform;
  } catch (error) {
    await infra.close();
    throw error;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Housekeeping every deployment needs: finished jobs are kept a week for
 * diagnosis, outbox and inbox rows 30 days (well past NATS's dedupe window and
 * the longest redelivery, so a late duplicate still finds its inbox row).
 */
function maintenanceDefinition(infra: Infrastructure): ServiceDefinition {
  return {
    name: 'platform',
    jobs: [
      {
        queue: 'platform.prune',
        handler: async () => {
          await infra.jobs.pruneCompleted(7 * DAY_MS);
          await infra.bus.prune(30 * DAY_MS);
        },
        maxAttempts: 3,
        timeoutMs: 10 * 60_000,
      },
    ],
    schedules: [{ queue: 'platform.prune', cron: '41 3 * * *' }],
  };
}

const webDist = path.join(repoRoot, 'apps/web/dist');
const adminDist = path.join(repoRoot, 'apps/admin/dist');

/** The family app at `/` and the operator console at `/admin/`, when built; a placeholder page otherwise. */
async function serveWebApps(app: FastifyInstance): Promise<void> {
  const root = existsSync(path.join(webDist, 'index.html'))
    ? webDist
    : path.join(repoRoot, 'apps/server/public');
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  if (existsSync(path.join(adminDist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: adminDist,
      prefix: '/admin/',
      wildcard: false,
      index: ['index.html'],
      decorateReply: false,
    });
  }
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
