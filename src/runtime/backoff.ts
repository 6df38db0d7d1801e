/**
 * Exponential backoff: base · 2^attempt, capped at max, then shortened by up to `jitter` (a fraction) so that
 * many keys failing together (an ARM outage) do not retry in lockstep. Jitter only ever shortens, so the cap holds.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0 ≤ jitter < 1; 0.1 = up to 10 % shorter. */
  jitter?: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { baseMs, maxMs, jitter = 0.1, random = Math.random } = options;
  // 2^attempt overflows to Infinity past ~1023; min() keeps that finite.
  const raw = Math.min(maxMs, baseMs * 2 ** attempt);
  return raw * (1 - jitter * random());
}

/** Per-key failure counter: controller-runtime's per-item exponential rate limiter. */
export class ItemBackoff<K> {
  readonly #failures = new Map<K, number>();
  readonly #options: BackoffOptions;

  constructor(options: BackoffOptions) {
    this.#options = options;
  }

  /** Delay before the next retry of `key`; each call counts one more failure. */
  next(key: K): number {
    const attempt = this.#failures.get(key) ?? 0;
    this.#failures.set(key, attempt + 1);
    return backoffDelay(attempt, this.#options);
  }

  failures(key: K): number {
    return this.#failures.get(key) ?? 0;
  }

  forget(key: K): void {
    this.#failures.delete(key);
  }
}

/** Single-stream backoff for reconnect loops (reflectors, lease renewals). */
export class Backoff {
  #attempt = 0;
  readonly #options: BackoffOptions;

  constructor(options: BackoffOptions) {
    this.#options = options;
  }

  next(): number {
    return backoffDelay(this.#attempt++, this.#options);
  }

  reset(): void {
    this.#attempt = 0;
  }
}

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** `ms` ± `fraction`, so periodic work of many replicas/objects spreads out. */
export function jittered(ms: number, fraction: number, random: () => number = Math.random): number {
  return ms * (1 - fraction + 2 * fraction * random());
}
