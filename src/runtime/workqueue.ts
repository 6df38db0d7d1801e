import { ItemBackoff } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { workqueueAdds, workqueueDepth, workqueueQueueDuration, workqueueRetries, workqueueWorkDuration } from './metrics.ts';

/**
 * A keyed work queue with client-go/controller-runtime semantics:
 * - a key waiting in the queue is held once, however often it is added (N events → 1 reconcile);
 * - a key being processed is never handed out again until `done`; adds meanwhile mark it dirty and it is re-queued
 *   once by `done`, so a change during a reconcile is never lost and one key never runs twice at once;
 * - `addAfter` keeps the earliest pending time per key;
 * - `addRateLimited` waits base·2^failures (jittered, capped) and `forget` resets the count after a success;
 * - `shutdown` stops intake and drops what is waiting; `drain` waits for running items to finish.
 */

export interface WorkQueueOptions {
  /** Label for metrics; the controller name. */
  name: string;
  /** Per-key retry backoff; default 5 ms → 1000 s (controller-runtime's). */
  backoff?: BackoffOptions;
}

export const DEFAULT_QUEUE_BACKOFF: BackoffOptions = { baseMs: 5, maxMs: 1_000_000 };

interface Pending {
  readyAt: number;
  timer: NodeJS.Timeout;
}

export class WorkQueue {
  // A Set iterates in insertion order, so it doubles as an O(1) FIFO without duplicates.
  readonly #ready = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #enqueuedAt = new Map<string, number>();
  readonly #startedAt = new Map<string, number>();
  readonly #pending = new Map<string, Pending>();
  readonly #getters: Array<(key: string | undefined) => void> = [];
  readonly #idleWaiters: Array<() => void> = [];
  readonly #backoff: ItemBackoff<string>;
  readonly #labels: { name: string; controller: string };
  #shuttingDown = false;

  constructor(options: WorkQueueOptions) {
    this.#backoff = new ItemBackoff(options.backoff ?? DEFAULT_QUEUE_BACKOFF);
    this.#labels = { name: options.name, controller: options.name };
    workqueueDepth.set(this.#labels, 0);
  }

  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    workqueueAdds.inc(this.#labels);
    this.#enqueuedAt.set(key, performance.now());
    if (!this.#processing.has(key)) this.#enqueue(key);
  }

  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const readyAt = performance.now() + delayMs;
    const existing = this.#pending.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      this.add(key);
    }, delayMs);
    // Pending retries must not keep a stopping process alive.
    timer.unref();
    this.#pending.set(key, { readyAt, timer });
  }

  addRateLimited(key: string): void {
    if (this.#shuttingDown) return;
    workqueueRetries.inc(this.#labels);
    this.addAfter(key, this.#backoff.next(key));
  }

  /** Clears the failure count of `key` (after a successful reconcile). */
  forget(key: string): void {
    this.#backoff.forget(key);
  }

  numRequeues(key: string): number {
    return this.#backoff.failures(key);
  }

  /** Next key to process; `undefined` once the queue shuts down. Call `done(key)` when finished. */
  get(): Promise<string | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    const next = this.#ready.values().next();
    if (!next.done) {
      this.#ready.delete(next.value);
      this.#updateDepth();
      return Promise.resolve(this.#startProcessing(next.value));
    }
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  done(key: string): void {
    if (!this.#processing.delete(key)) return;
    const started = this.#startedAt.get(key);
    this.#startedAt.delete(key);
    if (started !== undefined) workqueueWorkDuration.observe(this.#labels, (performance.now() - started) / 1000);
    if (this.#dirty.has(key)) this.#enqueue(key);
    if (this.#processing.size === 0) this.#idleWaiters.splice(0).forEach((wake) => wake());
  }

  /** Keys waiting to be handed out (not counting running or delayed ones). */
  len(): number {
    return this.#ready.size;
  }

  /** Stops intake: adds are ignored, waiting and delayed keys are dropped, idle `get` calls return undefined. */
  shutdown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    this.#ready.clear();
    this.#dirty.clear();
    this.#enqueuedAt.clear();
    this.#updateDepth();
    this.#getters.splice(0).forEach((resolve) => resolve(undefined));
  }

  /** Resolves true once no key is being processed, or false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.#processing.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const i = this.#idleWaiters.indexOf(wake);
        if (i >= 0) this.#idleWaiters.splice(i, 1);
        resolve(false);
      }, timeoutMs);
      this.#idleWaiters.push(wake);
    });
  }

  #enqueue(key: string): void {
    const getter = this.#getters.shift();
    if (getter) {
      getter(this.#startProcessing(key));
      return;
    }
    this.#ready.add(key);
    this.#updateDepth();
  }

  #startProcessing(key: string): string {
    this.#dirty.delete(key);
    this.#processing.add(key);
    const now = performance.now();
    const enqueued = this.#enqueuedAt.get(key);
    this.#enqueuedAt.delete(key);
    if (enqueued !== undefined) workqueueQueueDuration.observe(this.#labels, (now - enqueued) / 1000);
    this.#startedAt.set(key, now);
    return key;
  }

  #updateDepth(): void {
    workqueueDepth.set(this.#labels, this.#ready.size);
  }
}
