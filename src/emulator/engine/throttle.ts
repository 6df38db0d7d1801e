/**
 * ARM's per-region token buckets (request-limits-and-throttling, 2024 model): per subscription and operation kind,
 * reads 250 + 25/s, writes 200 + 10/s, deletes 200 + 10/s. One principal is assumed, so the global (15×) bucket
 * never binds before the subscription one and is only reported.
 */
export type RequestKind = 'reads' | 'writes' | 'deletes';

export const BUCKETS: Record<RequestKind, { capacity: number; refillPerSecond: number }> = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
};

export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  #tokens: number;
  #last: number;

  constructor(capacity: number, refillPerSecond: number, now: number) {
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.#tokens = capacity;
    this.#last = now;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.refillPerSecond);
    this.#last = now;
  }

  /** Takes one token: `remaining` whole tokens afterwards, or the seconds until one is available. */
  take(now: number): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number } {
    this.#refill(now);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true, remaining: Math.floor(this.#tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.#tokens) / this.refillPerSecond)) };
  }
}

export const requestKind = (method: string): RequestKind =>
  method === 'GET' || method === 'HEAD' ? 'reads' : method === 'DELETE' ? 'deletes' : 'writes';

export class Throttler {
  readonly #buckets = new Map<string, TokenBucket>();
  enabled: boolean;

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  /**
   * Counts a request. Returns the headers ARM sends (`x-ms-ratelimit-remaining-subscription-*`) or, when throttling
   * is on and the bucket is empty, the seconds to wait. With throttling off the headers show a full bucket.
   */
  admit(subscriptionId: string, method: string, now: number): { headers: Record<string, string>; retryAfterSeconds?: number } {
    const kind = requestKind(method);
    const spec = BUCKETS[kind];
    let remaining = spec.capacity - 1;
    if (this.enabled) {
      const key = `${subscriptionId.toLowerCase()}|${kind}`;
      let bucket = this.#buckets.get(key);
      if (!bucket) {
        bucket = new TokenBucket(spec.capacity, spec.refillPerSecond, now);
        this.#buckets.set(key, bucket);
      }
      const taken = bucket.take(now);
      if (!taken.ok) return { headers: {}, retryAfterSeconds: taken.retryAfterSeconds };
      remaining = taken.remaining;
    }
    const headers: Record<string, string> = { [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(remaining) };
    if (kind !== 'deletes') {
      headers[`x-ms-ratelimit-remaining-subscription-global-${kind}`] = String(spec.capacity * 15 - (spec.capacity - remaining));
    }
    return { headers };
  }

  reset(): void {
    this.#buckets.clear();
  }
}
