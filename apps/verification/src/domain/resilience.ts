/**
 * Resilience primitives for the data-sharing source adapters: a circuit breaker, retries with
 * exponential backoff, and a short-lived answer cache. Pure (clock and sleep are injected).
 */

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export class BreakerOpenError extends Error {
  constructor(readonly source: string) {
    super(`circuit breaker open for ${source}`);
    this.name = 'BreakerOpenError';
  }
}

/**
 * Opens after `failureThreshold` consecutive failures; while open, calls fail fast; after
 * `resetAfterMs` one trial call is let through (half-open): success closes it, failure re-opens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private current: BreakerState = 'CLOSED';

  constructor(
    readonly name: string,
    private readonly failureThreshold: number,
    private readonly resetAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.current === 'OPEN' && this.now() - this.openedAt >= this.resetAfterMs) return 'HALF_OPEN';
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'OPEN') throw new BreakerOpenError(this.name);
    if (state === 'HALF_OPEN') {
      if (this.trialInFlight) throw new BreakerOpenError(this.name);
      this.trialInFlight = true;
    }
    try {
      const result = await call();
      this.onSuccess();
      return result;
    } catch (e) {
      this.onFailure();
      throw e;
    } finally {
      if (state === 'HALF_OPEN') this.trialInFlight = false;
    }
  }

  private onSuccess(): void {
    this.failures = 0;
    this.current = 'CLOSED';
  }

  private onFailure(): void {
    this.failures++;
    if (this.current === 'OPEN' || this.failures >= this.failureThreshold) {
      this.current = 'OPEN';
      this.openedAt = this.now();
    }
  }
}

export interface RetryPolicy {
  /** Retries after the first attempt (so attempts = retries + 1). */
  retries: number;
  baseDelayMs: number;
  /** Whether an error is worth retrying (an open breaker is not). */
  retryable: (e: unknown) => boolean;
}

/** Runs `call` with bounded retries and exponential backoff (base, 2×base, 4×base …). */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<{ value: T; attempts: number }> {
  let attempt = 0;
  for (;;) {
    attempt++;
    try {
      return { value: await call(attempt), attempts: attempt };
    } catch (e) {
      if (attempt > policy.retries || !policy.retryable(e)) throw e;
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** A small cache whose entries expire after `ttlMs`; the oldest entry goes when full. */
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: T): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
