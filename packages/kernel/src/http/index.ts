import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { Histogram, type Registry } from 'prom-client';
import { AppError, type ErrorCode, isAppError, toProblem } from '../errors';
import type { Logger } from '../logger';

export { composeSchema, formatGraphQLErrors, type GraphQLContribution, registerGraphQL } from './graphql';

export interface HttpOptions {
  logger: Logger;
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
  /** Event-loop delay above which new requests get 503 (load shedding). */
  maxEventLoopDelayMs: number;
  metrics?: Registry;
  /** Content Security Policy; the web apps are served from the same origin. */
  contentSecurityPolicy?: boolean;
  /**
   * Answers a browser's navigation to an unknown path (GET, accepts HTML) with
   * the web app's shell, so client-side routes survive a reload. API paths keep
   * their problem+json 404.
   */
  appShell?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Fastify errors we know, mapped to our catalogue instead of leaking their text. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_NOT_FOUND: 'ROUTE_NOT_FOUND',
};

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const problem = toProblem(error, { instance: request.url.split('?')[0], requestId: request.id });
  if (isAppError(error) && error.retryAfterSeconds)
    reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

export function toAppError(error: FastifyError | Error): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as FastifyError;
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped === 'BAD_REQUEST' && fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new AppError('BAD_REQUEST', { detail: 'The request body is not valid JSON' });
  }
  if (mapped) return new AppError(mapped);
  if (fastifyError.validation) {
    return new AppError('VALIDATION_FAILED', {
      issues: fastifyError.validation.map((v) => ({
        path: v.instancePath || '(root)',
        message: v.message ?? 'invalid',
      })),
    });
  }
  // Errors thrown by plugins with a 4xx status describe the request.
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 429) return new AppError('RATE_LIMITED');
  if (status === 503) return new AppError('UNAVAILABLE');
  if (status >= 400 && status < 500) return new AppError('BAD_REQUEST');
  return new AppError('INTERNAL', { cause: error });
}

/**
 * The one HTTP server factory: security headers, CORS allow-list, body limits,
 * compression, load shedding, request ids, latency metrics and problem+json
 * errors. Routes and GraphQL are added by the composition root.
 */
export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: true,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: options.contentSecurityPolicy === false ? false : undefined,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cors, {
    origin: (origin, callback) => {
      // Same-origin and non-browser requests carry no Origin header.
      if (!origin || options.corsOrigins.includes(origin)) callback(null, true);
      else callback(null, false);
    },
    credentials: true,
  });
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(underPressure, {
    maxEventLoopDelay: Math.max(options.maxEventLoopDelayMs, 0),
    exposeStatusRoute: false,
    pressureHandler: (request, reply) => {
      sendProblem(
        request,
        reply.header('retry-after', '5'),
        new AppError('UNAVAILABLE', { detail: 'The server is busy; try again shortly' }),
      );
    },
  });

  if (options.metrics) {
    const registry = options.metrics;
    const histogram =
      (registry.getSingleMetric('http_request_duration_seconds') as
        | Histogram<'method' | 'route' | 'status'>
        | undefined) ??
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request latency by route',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      });
    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, not the raw URL, keeps label cardinality bounded.
      const route = request.routeOptions.url ?? 'unmatched';
      histogram.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, 'request rejected');
    return sendProblem(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    const isNavigation =
      request.method === 'GET' &&
      request.headers.accept?.includes('text/html') &&
      !/^\/(api|graphql|metrics|healthz|readyz)(\/|$|\?)/.test(request.url);
    if (options.appShell && isNavigation) return options.appShell(request, reply);
    return sendProblem(
      request,
      reply,
      new AppError('ROUTE_NOT_FOUND', {
        detail: `No route for ${request.method} ${request.url.split('?')[0]}`,
      }),
    );
  });
  return app;
}
