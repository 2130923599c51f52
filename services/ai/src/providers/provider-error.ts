/**
 * Why a provider call failed, in terms routing acts on. Each adapter turns its
 * SDK's errors into this so the router never knows which SDK it talks to.
 */
export type FailureKind =
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'malformed'
  | 'auth'
  | 'bad_request'
  | 'first_token_timeout'
  | 'idle_timeout'
  | 'total_timeout'
  | 'aborted';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly kind: FailureKind,
    readonly options: {
      status?: number | undefined;
      retryAfterMs?: number | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(`${provider}: ${kind}${options.status ? ` (${options.status})` : ''}`, { cause: options.cause });
  }
  get status(): number | undefined {
    return this.options.status;
  }
  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }
  /** Worth trying the same provider again after a pause. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'network';
  }
  /** Says something about the provider's health (a 400 or our own abort does not). */
  get countsAgainstBreaker(): boolean {
    return this.kind !== 'aborted' && this.kind !== 'bad_request';
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3); `retry-after-ms` is an OpenAI extension. */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds && Number.isFinite(Number(milliseconds))) return Math.max(0, Number(milliseconds));
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function kindForStatus(status: number): FailureKind {
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'server';
  if (status === 401 || status === 403) return 'auth';
  return 'bad_request';
}

interface HttpLikeError {
  status?: unknown;
  headers?: unknown;
  name?: unknown;
}

function hasHeaderGetter(value: unknown): value is { get(name: string): string | null } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function'
  );
}

/**
 * Maps an error thrown by the OpenAI, Anthropic or Google SDK (or fetch) to a
 * `ProviderError`. The SDKs share shapes: a numeric `status` and `headers`
 * on HTTP errors, `*ConnectionError` for network trouble, `SyntaxError` for a
 * chunk that is not JSON.
 */
export function classifyProviderError(
  provider: string,
  error: unknown,
  signal: AbortSignal | undefined,
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal?.aborted) return new ProviderError(provider, 'aborted', { cause: error });
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as HttpLikeError;
  const name = typeof candidate.name === 'string' ? candidate.name : '';
  if (typeof candidate.status === 'number') {
    return new ProviderError(provider, kindForStatus(candidate.status), {
      status: candidate.status,
      retryAfterMs: hasHeaderGetter(candidate.headers) ? parseRetryAfter(candidate.headers) : undefined,
      cause: error,
    });
  }
  if (error instanceof SyntaxError || name === 'SyntaxError') {
    return new ProviderError(provider, 'malformed', { cause: error });
  }
  if (name === 'AbortError' || name === 'APIUserAbortError') {
    return new ProviderError(provider, 'aborted', { cause: error });
  }
  return new ProviderError(provider, 'network', { cause: error });
}
