import { Counter, register as defaultRegistry, Gauge, Histogram, type Registry } from 'prom-client';

export interface NotificationMetrics {
  queueDepth: Gauge<'channel'>;
  latency: Histogram<'channel'>;
  failures: Counter<'provider' | 'kind'>;
}

/** Created once per registry, so two services in one process (tests) share series. */
function reuse<M>(registry: Registry, name: string, create: (registers: Registry[]) => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create([registry]);
}

export function notificationMetrics(registry: Registry = defaultRegistry): NotificationMetrics {
  return {
    queueDepth: reuse(
      registry,
      'manabee_notification_queue_depth',
      (registers) =>
        new Gauge({
          name: 'manabee_notification_queue_depth',
          help: 'Deliveries waiting to be sent (queued or retrying), by channel',
          labelNames: ['channel'],
          registers,
        }),
    ),
    latency: reuse(
      registry,
      'manabee_notification_delivery_latency_seconds',
      (registers) =>
        new Histogram({
          name: 'manabee_notification_delivery_latency_seconds',
          help: 'From a notification being due to its provider accepting it, by channel',
          labelNames: ['channel'],
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 1800],
          registers,
        }),
    ),
    failures: reuse(
      registry,
      'manabee_notification_failures_total',
      (registers) =>
        new Counter({
          name: 'manabee_notification_failures_total',
          help: 'Failed delivery attempts by provider and kind (transient, permanent, dead)',
          labelNames: ['provider', 'kind'],
          registers,
        }),
    ),
  };
}
