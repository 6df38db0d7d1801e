// Status writes for one object during one reconcile: serialized, skipped when nothing changed, each followed by
// the Events of the conditions that became True. Optionally publishes live progress while a long run goes on.
import type { Manager, KStatus, KubeObject, Logger, ResourceKind } from '../../runtime/index.ts';
import type { ApplyResult } from '../../plan/index.ts';
import { transitionEvents } from './events.ts';
import type { RunProgress } from './progress.ts';

export type StatusObject<S extends KStatus> = KubeObject & { status?: S };

/** How often live progress may be written (a 10-minute apply then costs ~1 write per second at most). */
export const LIVE_INTERVAL_MS = 1000;

export class StatusPublisher<S extends KStatus, T extends StatusObject<S>> {
  readonly #manager: Manager;
  readonly #kind: ResourceKind;
  readonly #log: Logger;
  #current: T;
  #chain: Promise<void> = Promise.resolve();

  constructor(manager: Manager, kind: ResourceKind, obj: T, log: Logger) {
    this.#manager = manager;
    this.#kind = kind;
    this.#current = obj;
    this.#log = log;
  }

  /** The object as last written (or as read, before any write). */
  get current(): T {
    return this.#current;
  }

  /** Queues a status write after those already queued; resolves when it is done. Rejects when the write fails. */
  publish(status: S): Promise<void> {
    const next = this.#chain.then(() => this.#write(status));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #write(status: S): Promise<void> {
    const before = this.#current.status?.conditions;
    const updated = await this.#manager.status.apply(this.#kind, this.#current, status);
    if (!updated) return;
    this.#current = updated;
    for (const event of transitionEvents(before, status.conditions ?? [])) {
      void this.#manager.events.record(updated, event);
    }
  }

  /**
   * Publishes `toStatus(progress.snapshot())` at most every LIVE_INTERVAL_MS while the run makes progress, once
   * `report()` says it is worth showing (e.g. the run is writing). Returns the function that stops it and waits
   * for a write in flight.
   */
  follow(progress: RunProgress, toStatus: (partial: ApplyResult) => S, report: () => boolean): () => Promise<void> {
    let published = progress.version;
    const timer = setInterval(() => {
      if (progress.version === published || !report()) return;
      published = progress.version;
      this.publish(toStatus(progress.snapshot())).catch((err: unknown) => {
        this.#log.debug({ err }, 'live progress could not be written; the final status will be');
      });
    }, LIVE_INTERVAL_MS);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await this.#chain;
    };
  }
}
