import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface HealthCheck {
  name: string;
  check: () => Promise<void>;
}

export interface HealthState {
  draining: boolean;
}

const CHECK_TIMEOUT_MS = 2000;

async function timed(check: HealthCheck): Promise<{ name: string; ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
    ]);
    return { name: check.name, ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // The error class only: connection strings in messages stay out of responses.
    const reason = error instanceof Error && error.message === 'timed out' ? 'timed out' : 'unreachable';
    return { name: check.name, ok: false, ms: Math.round(performance.now() - started), error: reason };
  }
}

/**
 * /healthz: the process is alive (no dependencies, so a database outage does not
 * make Kubernetes restart every pod). /readyz: dependencies answer and we are
 * not draining. /metrics: Prometheus text.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  options: { checks: HealthCheck[]; state: HealthState; metrics: Registry },
): void {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    if (options.state.draining) return reply.code(503).send({ status: 'draining', checks: [] });
    const checks = await Promise.all(options.checks.map(timed));
    const ok = checks.every((check) => check.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable', checks });
  });
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.type(options.metrics.contentType);
    return options.metrics.metrics();
  });
}
