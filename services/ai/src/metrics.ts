import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Created once per registry and reused, so several service instances in one process share series. */
function reuse<M>(registry: Registry, name: string, create: (registers: Registry[]) => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create([registry]);
}

export interface AiMetrics {
  fallbacks: Counter<'task' | 'from' | 'to' | 'reason'>;
  errors: Counter<'provider' | 'kind'>;
  firstTokenSeconds: Histogram<'provider'>;
  tokensPerSecond: Histogram<'provider'>;
  tokens: Counter<'provider' | 'direction'>;
  costMinor: Counter<'provider' | 'currency'>;
  breakerOpen: Gauge<'provider'>;
  cacheHits: Counter<'kind'>;
}

export function aiMetrics(registry: Registry): AiMetrics {
  return {
    fallbacks: reuse(
      registry,
      'manabee_ai_fallbacks_total',
      (registers) =>
        new Counter({
          name: 'manabee_ai_fallbacks_total',
          help: 'Times routing moved to the next provider, by reason (rate_limited, server, first_token_timeout, circuit_open, ...)',
          labelNames: ['task', 'from', 'to', 'reason'],
          registers,
        }),
    ),
    errors: reuse(
      registry,
      'manabee_ai_provider_errors_total',
      (registers) =>
        new Counter({
          name: 'manabee_ai_provider_errors_total',
          help: 'Failed provider calls by kind (each retry counts)',
          labelNames: ['provider', 'kind'],
          registers,
        }),
    ),
    firstTokenSeconds: reuse(
      registry,
      'manabee_ai_first_token_seconds',
      (registers) =>
        new Histogram({
          name: 'manabee_ai_first_token_seconds',
          help: 'Time from request to the first streamed token',
          labelNames: ['provider'],
          buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15],
          registers,
        }),
    ),
    tokensPerSecond: reuse(
      registry,
      'manabee_ai_tokens_per_second',
      (registers) =>
        new Histogram({
          name: 'manabee_ai_tokens_per_second',
          help: 'Completion tokens per second after the first token',
          labelNames: ['provider'],
          buckets: [5, 10, 20, 40, 80, 160, 320],
          registers,
        }),
    ),
    tokens: reuse(
      registry,
      'manabee_ai_tokens_total',
      (registers) =>
        new Counter({
          name: 'manabee_ai_tokens_total',
          help: 'Tokens by provider and direction (prompt, completion)',
          labelNames: ['provider', 'direction'],
          registers,
        }),
    ),
    costMinor: reuse(
      registry,
      'manabee_ai_cost_minor_total',
      (registers) =>
        new Counter({
          name: 'manabee_ai_cost_minor_total',
          help: 'Model spend in minor currency units (fractional)',
          labelNames: ['provider', 'currency'],
          registers,
        }),
    ),
    breakerOpen: reuse(
      registry,
      'manabee_ai_breaker_open',
      (registers) =>
        new Gauge({
          name: 'manabee_ai_breaker_open',
          help: '1 while the provider circuit breaker is open or half-open',
          labelNames: ['provider'],
          registers,
        }),
    ),
    cacheHits: reuse(
      registry,
      'manabee_ai_response_cache_total',
      (registers) =>
        new Counter({
          name: 'manabee_ai_response_cache_total',
          help: 'Response cache lookups by outcome (hit, miss, skipped)',
          labelNames: ['kind'],
          registers,
        }),
    ),
  };
}
