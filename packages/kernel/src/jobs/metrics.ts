import { Counter, register as defaultRegistry, Gauge, type Registry } from 'prom-client';

/**
 * Metrics are created once per registry and reused, so two queues or buses in
 * one process (tests, or a worker and a relay) share series instead of failing
 * with "already registered".
 */
export function reuseOrCreate<M>(registry: Registry, name: string, create: (registers: Registry[]) => M): M {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as M;
  return create([registry]);
}

export interface JobMetrics {
  depth: Gauge<'queue' | 'state'>;
  failures: Counter<'queue'>;
  completed: Counter<'queue'>;
}

export function jobMetrics(registry: Registry = defaultRegistry): JobMetrics {
  return {
    depth: reuseOrCreate(
      registry,
      'manabee_job_queue_depth',
      (registers) =>
        new Gauge({
          name: 'manabee_job_queue_depth',
          help: 'Jobs by queue and state (pending, running, dead)',
          labelNames: ['queue', 'state'],
          registers,
        }),
    ),
    failures: reuseOrCreate(
      registry,
      'manabee_job_failures_total',
      (registers) =>
        new Counter({
          name: 'manabee_job_failures_total',
          help: 'Job runs that failed (each retry counts)',
          labelNames: ['queue'],
          registers,
        }),
    ),
    completed: reuseOrCreate(
      registry,
      'manabee_jobs_completed_total',
      (registers) =>
        new Counter({
          name: 'manabee_jobs_completed_total',
          help: 'Job runs that completed',
          labelNames: ['queue'],
          registers,
        }),
    ),
  };
}
