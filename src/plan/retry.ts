// Bounded retries for retryable failures, and bounded polling while someone else's operation runs.
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import type { ClassifiedError, ErrorKind } from './adapter.ts';

export interface RetryPolicy {
  /** Total time spent retrying one node step before reporting it Waiting; the controller requeues after that. */
  readonly maxRetryTimeMs: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

export interface SettlePolicy {
  /** First interval between GETs while a resource's provisioningState is not terminal. */
  readonly intervalMs: number;
  readonly maxIntervalMs: number;
  /** Give up waiting (the node is reported InProgress, the next reconcile resumes the wait). */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetryTimeMs: 120_000, minDelayMs: 1_000, maxDelayMs: 30_000 };
export const DEFAULT_SETTLE: SettlePolicy = { intervalMs: 2_000, maxIntervalMs: 15_000, timeoutMs: 30 * 60_000 };

const RETRYABLE: ReadonlySet<ErrorKind> = new Set(['throttled', 'transient', 'conflict', 'dependency', 'not-found']);

/** A failure already classified; what `withRetry` rejects with. */
export class ClassifiedFailure extends Error {
  override readonly name = 'ClassifiedFailure';
  readonly classified: ClassifiedError;
  constructor(classified: ClassifiedError) {
    super(`${classified.code}: ${classified.message}`);
    this.classified = classified;
  }
}

export function isRetryable(kind: ErrorKind): boolean {
  return RETRYABLE.has(kind);
}

/**
 * Runs `step` until it succeeds, a terminal error occurs, the retry time budget is spent, or `signal` fires.
 * Retry-After is honoured (a throttled answer waits at least that long); a wait longer than the budget left ends
 * the retries at once rather than sleeping past it. Always rejects with a ClassifiedFailure.
 */
export async function withRetry<T>(
  step: () => Promise<T>,
  classify: (err: unknown) => ClassifiedError,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<T> {
  const started = performance.now();
  try {
    return await pRetry(
      async () => {
        try {
          return await step();
        } catch (err) {
          const failure = err instanceof ClassifiedFailure ? err : new ClassifiedFailure(classify(err));
          if (!isRetryable(failure.classified.kind)) throw new AbortError(failure);
          throw failure;
        }
      },
      {
        retries: Number.POSITIVE_INFINITY,
        factor: 2,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        randomize: true,
        maxRetryTime: policy.maxRetryTimeMs,
        signal,
        onFailedAttempt: async ({ error, retryDelay }) => {
          const after = error instanceof ClassifiedFailure ? (error.classified.retryAfterMs ?? 0) : 0;
          const left = policy.maxRetryTimeMs - (performance.now() - started);
          if (after > left) throw error;
          if (after > retryDelay) await sleep(after - retryDelay, undefined, { signal });
        },
      },
    );
  } catch (err) {
    if (signal.aborted) throw new ClassifiedFailure({ kind: 'aborted', code: 'Aborted', message: 'stopped by signal' });
    if (err instanceof ClassifiedFailure) throw err;
    throw new ClassifiedFailure(classify(err));
  }
}

/**
 * Calls `probe` until it returns a value other than undefined, growing the interval up to the maximum. Resolves
 * undefined when the timeout passes first. Rejects when `probe` rejects or the signal fires.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  policy: SettlePolicy,
  signal: AbortSignal,
): Promise<T | undefined> {
  const deadline = performance.now() + policy.timeoutMs;
  let interval = policy.intervalMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    const left = deadline - performance.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(interval, left), undefined, { signal });
    interval = Math.min(interval * 2, policy.maxIntervalMs);
  }
}
