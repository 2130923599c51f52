import { Counter, register as defaultRegistry, Gauge, type Registry } from 'prom-client';
import { reuseOrCreate } from '../jobs/metrics';

export interface BusMetrics {
  lagSeconds: Gauge;
  unpublished: Gauge;
  published: Counter<'event'>;
  handlerFailures: Counter<'consumer'>;
  deadLettered: Counter<'consumer'>;
}

export function busMetrics(registry: Registry = defaultRegistry): BusMetrics {
  return {
    lagSeconds: reuseOrCreate(
      registry,
      'manabee_event_relay_lag_seconds',
      (registers) =>
        new Gauge({
          name: 'manabee_event_relay_lag_seconds',
          help: 'Age of the oldest committed event the relay has not published yet',
          registers,
        }),
    ),
    unpublished: reuseOrCreate(
      registry,
      'manabee_event_outbox_unpublished',
      (registers) =>
        new Gauge({
          name: 'manabee_event_outbox_unpublished',
          help: 'Events waiting in the outbox',
          registers,
        }),
    ),
    published: reuseOrCreate(
      registry,
      'manabee_events_published_total',
      (registers) =>
        new Counter({
          name: 'manabee_events_published_total',
          help: 'Events the relay handed on, by event name',
          labelNames: ['event'],
          registers,
        }),
    ),
    handlerFailures: reuseOrCreate(
      registry,
      'manabee_event_handler_failures_total',
      (registers) =>
        new Counter({
          name: 'manabee_event_handler_failures_total',
          help: 'Event handler runs that failed, by consumer (each retry counts)',
          labelNames: ['consumer'],
          registers,
        }),
    ),
    deadLettered: reuseOrCreate(
      registry,
      'manabee_event_dead_letters_total',
      (registers) =>
        new Counter({
          name: 'manabee_event_dead_letters_total',
          help: 'Events a consumer gave up on after its last attempt',
          labelNames: ['consumer'],
          registers,
        }),
    ),
  };
}
