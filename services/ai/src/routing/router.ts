import type { Logger } from '@manabee/kernel';
import { type AiSettings, type AiTask, routeFor } from '../config';
import { type BreakerSnapshot, CircuitBreaker, retryDelayMs } from '../domain/circuit-breaker';
import type { AiMetrics } from '../metrics';
import { classifyProviderError, type FailureKind, ProviderError } from '../providers/provider-error';
import type { ModelEvent, TokenUsage, TutorModel, TutorModelRequest } from '../types';

export type RoutedEvent =
  | { type: 'start'; provider: string; model: string }
  | { type: 'token'; text: string }
  | {
      type: 'done';
      provider: string;
      model: string;
      usage: TokenUsage;
      firstTokenMs: number | null;
      latencyMs: number;
    }
  | { type: 'error'; code: 'interrupted' | 'unavailable'; retryable: boolean };

export interface ProviderStatus extends BreakerSnapshot {
  provider: string;
  model: string;
}

export interface RouterOptions {
  models: ReadonlyMap<string, TutorModel>;
  settings: AiSettings;
  metrics: AiMetrics;
  logger: Logger;
  /** Wall clock for breaker cool-downs (a ManualClock in tests). */
  now: () => number;
}

/**
 * Picks a provider per task and streams from it. Retries the same provider
 * only for retryable failures (429, 5xx, network) before its first token,
 * then falls back along the route. Once a token has reached the child it
 * never switches providers silently: a second model would restart the answer
 * mid-sentence, so it ends with an `interrupted` error the chat can show
 * ("the tutor lost its thread, ask again?") instead.
 */
export class ModelRouter {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: RouterOptions) {
    for (const task of ['tutor', 'title'] as const) {
      for (const id of routeFor(options.settings, task)) {
        if (!options.models.has(id)) throw new Error(`AI route "${task}" names unknown provider "${id}"`);
      }
    }
  }

  async *stream(task: AiTask, request: TutorModelRequest): AsyncGenerator<RoutedEvent> {
    const { settings, metrics, models } = this.options;
    const signal = request.signal;
    const startedAt = performance.now();
    const chain = routeFor(settings, task);
    let fallbackReason: FailureKind | 'circuit_open' | null = null;
    let previous: string | null = null;
    for (const id of chain) {
      const model = models.get(id)!;
      if (previous && fallbackReason) {
        metrics.fallbacks.inc({ task, from: previous, to: id, reason: fallbackReason });
        this.options.logger.warn({ task, from: previous, to: id, reason: fallbackReason }, 'ai fallback');
      }
      previous = id;
      const breaker = this.breakerFor(id);
      if (!breaker.tryAcquire(this.options.now())) {
        fallbackReason = 'circuit_open';
        continue;
      }
      for (let attempt = 0; ; attempt++) {
        let firstTokenMs: number | null = null;
        try {
          for await (const event of this.attempt(model, request)) {
            if (event.type === 'token') {
              if (firstTokenMs === null) {
                firstTokenMs = performance.now() - startedAt;
                yield { type: 'start', provider: id, model: model.model };
              }
              yield event;
              continue;
            }
            breaker.recordSuccess();
            this.refreshGauge(id, breaker);
            if (firstTokenMs === null) yield { type: 'start', provider: id, model: event.model };
            yield {
              type: 'done',
              provider: id,
              model: event.model,
              usage: event.usage,
              firstTokenMs,
              latencyMs: performance.now() - startedAt,
            };
            return;
          }
          throw new ProviderError(id, 'malformed');
        } catch (error) {
          const failure = classifyProviderError(id, error, signal);
          if (failure.kind === 'aborted' || signal?.aborted) {
            breaker.release();
            return;
          }
          metrics.errors.inc({ provider: id, kind: failure.kind });
          if (failure.countsAgainstBreaker) breaker.recordFailure(this.options.now());
          else breaker.release();
          this.refreshGauge(id, breaker);
          if (firstTokenMs !== null) {
            yield { type: 'error', code: 'interrupted', retryable: true };
            return;
          }
          const waitMs = this.retryWait(failure, attempt);
          if (waitMs !== null && breaker.tryAcquire(this.options.now())) {
            const slept = await sleep(waitMs, signal);
            if (!slept) {
              breaker.release();
              return;
            }
            continue;
          }
          fallbackReason = failure.kind;
          break;
        }
      }
    }
    yield { type: 'error', code: 'unavailable', retryable: true };
  }

  status(): ProviderStatus[] {
    const now = this.options.now();
    return [...this.options.models.values()].map((model) => ({
      provider: model.provider,
      model: model.model,
      ...this.breakerFor(model.provider).snapshot(now),
    }));
  }

  /** null = do not retry this provider (fall back instead). */
  private retryWait(failure: ProviderError, attempt: number): number | null {
    const { settings } = this.options;
    if (!failure.retryable || attempt >= settings.maxRetries) return null;
    // A Retry-After beyond our cap means "not soon": the next provider is the better bet.
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > settings.retryMaxDelayMs) return null;
    return retryDelayMs({
      attempt,
      baseDelayMs: settings.retryBaseDelayMs,
      maxDelayMs: settings.retryMaxDelayMs,
      retryAfterMs: failure.retryAfterMs,
    });
  }

  /**
   * One call with its own AbortController, so a timeout cancels the upstream
   * HTTP request through the SDK rather than leaving it running. The idle
   * timer only runs while we wait on the provider, not while the consumer
   * holds a token, so a slow client is never mistaken for a stalled model.
   */
  private async *attempt(model: TutorModel, request: TutorModelRequest): AsyncGenerator<ModelEvent> {
    const { settings } = this.options;
    const controller = new AbortController();
    const callerSignal = request.signal;
    const forwardAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) forwardAbort();
    callerSignal?.addEventListener('abort', forwardAbort, { once: true });
    let expired: FailureKind | null = null;
    const expire = (kind: FailureKind) => () => {
      expired = kind;
      controller.abort(new Error(kind));
    };
    let waitTimer = setTimeout(expire('first_token_timeout'), settings.firstTokenTimeoutMs);
    const totalTimer = setTimeout(expire('total_timeout'), settings.totalTimeoutMs);
    try {
      for await (const event of model.stream({ ...request, signal: controller.signal })) {
        clearTimeout(waitTimer);
        yield event;
        waitTimer = setTimeout(expire('idle_timeout'), settings.idleTimeoutMs);
      }
    } catch (error) {
      if (expired && !callerSignal?.aborted)
        throw new ProviderError(model.provider, expired, { cause: error });
      throw classifyProviderError(model.provider, error, controller.signal);
    } finally {
      clearTimeout(waitTimer);
      clearTimeout(totalTimer);
      callerSignal?.removeEventListener('abort', forwardAbort);
      // Ends the upstream request too when the consumer stopped iterating early.
      controller.abort();
    }
  }

  private breakerFor(id: string): CircuitBreaker {
    let breaker = this.breakers.get(id);
    if (!breaker) {
      breaker = new CircuitBreaker(
        this.options.settings.breakerFailureThreshold,
        this.options.settings.breakerCoolDownMs,
      );
      this.breakers.set(id, breaker);
    }
    return breaker;
  }

  private refreshGauge(id: string, breaker: CircuitBreaker): void {
    const state = breaker.snapshot(this.options.now()).state;
    this.options.metrics.breakerOpen.set({ provider: id }, state === 'closed' ? 0 : 1);
  }
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
