/**
 * One breaker per provider: after `failureThreshold` consecutive failures it
 * opens and routing skips the provider; after `coolDownMs` it lets exactly one
 * probe through (half-open); the probe's outcome closes or re-opens it.
 * Time comes in as numbers so the logic stays pure and testable.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  openedAt: number | null;
  /** When an open breaker will let a probe through. */
  retryAt: number | null;
}

export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private probeInFlight = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly coolDownMs: number,
  ) {}

  /** Whether a call may go out now; in half-open only the first caller gets the probe. */
  tryAcquire(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (this.openedAt !== null && now - this.openedAt >= this.coolDownMs) {
        this.state = 'half_open';
        this.probeInFlight = true;
        return true;
      }
      return false;
    }
    if (this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.state = 'closed';
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.probeInFlight = false;
  }

  recordFailure(now: number): void {
    this.consecutiveFailures += 1;
    this.probeInFlight = false;
    if (this.state === 'half_open' || this.consecutiveFailures >= this.failureThreshold) {
      this.state = 'open';
      this.openedAt = now;
    }
  }

  /** A call that ended without telling us anything (the child cancelled): free the probe slot. */
  release(): void {
    this.probeInFlight = false;
  }

  snapshot(now: number): BreakerSnapshot {
    const retryAt = this.state === 'open' && this.openedAt !== null ? this.openedAt + this.coolDownMs : null;
    const state = this.state === 'open' && retryAt !== null && now >= retryAt ? 'half_open' : this.state;
    return { state, consecutiveFailures: this.consecutiveFailures, openedAt: this.openedAt, retryAt };
  }
}

/** Exponential backoff with full jitter, capped; a server's Retry-After wins when it is within the cap. */
export function retryDelayMs(options: {
  attempt: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryAfterMs?: number | undefined;
  random?: () => number;
}): number {
  if (options.retryAfterMs !== undefined) return Math.min(options.retryAfterMs, options.maxDelayMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** options.attempt);
  const random = options.random ?? Math.random;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
