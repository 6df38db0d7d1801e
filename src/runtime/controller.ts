import { randomUUID } from 'node:crypto';
import { jittered } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { ReconcileAbortedError, abortReason, isTerminalError } from './errors.ts';
import type { AbortReason } from './errors.ts';
import type { InformerHandler } from './informer.ts';
import type { Logger } from './logger.ts';
import {
  activeWorkers,
  maxConcurrentReconciles,
  reconcileErrors,
  reconcileTime,
  reconcileTotal,
  terminalReconcileErrors,
} from './metrics.ts';
import type { ReconcileResult } from './metrics.ts';
import { keyOf, parseKey, requestKey } from './resource.ts';
import type { KubeObject, Request } from './resource.ts';
import { WorkQueue } from './workqueue.ts';

/** What `reconcile` returns. `requeueAfter` (ms) asks for another pass later, e.g. to poll Azure for drift. */
export interface Result {
  requeueAfter?: number;
}

export interface ReconcileContext {
  /** pino child bound to controller, namespace, name and reconcileID. */
  log: Logger;
  /** Aborts on shutdown, leadership loss, a new generation of the object, its deletion, or the reconcile timeout. */
  signal: AbortSignal;
  reconcileID: string;
}

export interface Reconciler {
  reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void>;
}

/** What the controller needs of a cache: change notifications and reads (an Informer provides both). */
export interface ObjectSource<T extends KubeObject> {
  addHandler(handler: InformerHandler<T>): void;
  get(namespace: string, name: string): T | undefined;
  list(): T[];
}

/** Maps a change of a related object to the primary objects to reconcile. */
export interface RelatedWatch<R extends KubeObject = KubeObject> {
  informer: ObjectSource<R>;
  map: (obj: R) => Request[];
}

export interface ControllerOptions<T extends KubeObject> {
  name: string;
  primary: ObjectSource<T>;
  related: RelatedWatch[];
  reconciler: Reconciler;
  maxConcurrentReconciles: number;
  /** Every object is re-queued about this often (±10 %); 0 disables. */
  resyncPeriodMs: number;
  /** Aborts a reconcile's signal after this long; 0 disables. */
  reconcileTimeoutMs: number;
  backoff?: BackoffOptions;
  log: Logger;
}

interface InFlight {
  abort: AbortController;
  generation: number | undefined;
}

export class Controller<T extends KubeObject> {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #options: ControllerOptions<T>;
  readonly #log: Logger;
  readonly #inFlight = new Map<string, InFlight>();
  #workers: Promise<void>[] = [];
  #resyncTimer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(options: ControllerOptions<T>) {
    this.name = options.name;
    this.#options = options;
    this.#log = options.log.child({ controller: options.name });
    this.queue = new WorkQueue({ name: options.name, backoff: options.backoff });
    maxConcurrentReconciles.set({ controller: options.name }, options.maxConcurrentReconciles);
    activeWorkers.set({ controller: options.name }, 0);
  }

  /** Registers the event handlers (the cache is replayed as adds) and starts the workers. Call once caches synced. */
  start(): void {
    if (this.#started) throw new Error(`controller ${this.name} already started`);
    this.#started = true;
    this.#watchPrimary();
    for (const watch of this.#options.related) this.#watchRelated(watch);
    for (let i = 0; i < this.#options.maxConcurrentReconciles; i++) this.#workers.push(this.#work());
    this.#scheduleResync();
    this.#log.info({ workers: this.#options.maxConcurrentReconciles }, 'controller started');
  }

  enqueue(req: Request): void {
    this.queue.add(requestKey(req));
  }

  /** Aborts every running reconcile's signal with `reason`. */
  abortAll(reason: AbortReason): void {
    for (const { abort } of this.#inFlight.values()) abort.abort(new ReconcileAbortedError(reason));
  }

  /**
   * Stops intake, aborts running reconciles (so long operations wrap up) and waits up to `drainMs` for them to
   * return. Resolves false when some were still running at the deadline.
   */
  async stop(reason: AbortReason, drainMs: number): Promise<boolean> {
    clearTimeout(this.#resyncTimer);
    this.queue.shutdown();
    this.abortAll(reason);
    const drained = await this.queue.drain(drainMs);
    if (drained) await Promise.all(this.#workers);
    else this.#log.warn({ running: [...this.#inFlight.keys()] }, 'reconciles still running at the drain deadline');
    return drained;
  }

  #watchPrimary(): void {
    this.#options.primary.addHandler({
      onAdd: (obj) => this.queue.add(keyOf(obj)),
      onUpdate: (oldObj, newObj) => {
        const key = keyOf(newObj);
        const specChanged = oldObj.metadata.generation !== newObj.metadata.generation;
        const deleting = !oldObj.metadata.deletionTimestamp && !!newObj.metadata.deletionTimestamp;
        if (specChanged || deleting) this.#abortIfStale(key, newObj.metadata.generation, deleting);
        // Status-only writes (our own included) do not trigger a reconcile: each one would cost Azure reads.
        if (specChanged || deleting || metadataChanged(oldObj, newObj)) this.queue.add(key);
      },
      onDelete: (obj) => {
        const key = keyOf(obj);
        this.#inFlight.get(key)?.abort.abort(new ReconcileAbortedError('deleted'));
        this.queue.add(key);
      },
    });
  }

  #watchRelated(watch: RelatedWatch): void {
    const enqueue = (obj: KubeObject): void => {
      for (const req of watch.map(obj)) this.enqueue(req);
    };
    watch.informer.addHandler({
      onAdd: enqueue,
      // Both versions: a changed reference must reach the old and the new primary.
      onUpdate: (oldObj, newObj) => {
        enqueue(oldObj);
        enqueue(newObj);
      },
      onDelete: enqueue,
    });
  }

  #abortIfStale(key: string, generation: number | undefined, deleting: boolean): void {
    const running = this.#inFlight.get(key);
    if (!running) return;
    if (deleting || running.generation !== generation) {
      running.abort.abort(new ReconcileAbortedError('generation-changed'));
    }
  }

  #scheduleResync(): void {
    const period = this.#options.resyncPeriodMs;
    if (period <= 0) return;
    this.#resyncTimer = setTimeout(() => {
      for (const obj of this.#options.primary.list()) this.queue.add(keyOf(obj));
      this.#scheduleResync();
    }, jittered(period, 0.1));
    this.#resyncTimer.unref();
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.#reconcileKey(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  async #reconcileKey(key: string): Promise<void> {
    const req = parseKey(key);
    const current = this.#options.primary.get(req.namespace, req.name);
    const abort = new AbortController();
    this.#inFlight.set(key, { abort, generation: current?.metadata.generation });
    const timeoutMs = this.#options.reconcileTimeoutMs;
    const timer = timeoutMs > 0 ? setTimeout(() => abort.abort(new ReconcileAbortedError('timeout')), timeoutMs) : undefined;
    const reconcileID = randomUUID();
    const log = this.#log.child({ namespace: req.namespace, name: req.name, reconcileID });
    const labels = { controller: this.name };
    const endTimer = reconcileTime.startTimer(labels);
    activeWorkers.inc(labels);
    let result: ReconcileResult;
    try {
      const outcome = (await this.#options.reconciler.reconcile(req, { log, signal: abort.signal, reconcileID })) ?? {};
      result = this.#onSuccess(key, outcome);
    } catch (err) {
      result = this.#onError(key, err, abort.signal, log);
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(key);
      activeWorkers.dec(labels);
      endTimer();
    }
    reconcileTotal.inc({ ...labels, result });
  }

  #onSuccess(key: string, outcome: Result): ReconcileResult {
    this.queue.forget(key);
    const after = outcome.requeueAfter ?? 0;
    if (after > 0) {
      this.queue.addAfter(key, after);
      return 'requeue_after';
    }
    return 'success';
  }

  #onError(key: string, err: unknown, signal: AbortSignal, log: Logger): ReconcileResult {
    const reason = abortReason(signal);
    if (reason === 'generation-changed' || reason === 'deleted') {
      // The update/delete event already queued the key again; it runs as soon as this one is done.
      log.info({ reason }, 'reconcile aborted: the object changed');
      return 'requeue';
    }
    if (reason === 'shutdown' || reason === 'leadership-lost') {
      log.info({ reason }, 'reconcile aborted');
      return 'requeue';
    }
    reconcileErrors.inc({ controller: this.name });
    if (isTerminalError(err)) {
      terminalReconcileErrors.inc({ controller: this.name });
      this.queue.forget(key);
      log.error({ err }, 'terminal reconcile error; not retrying until the object changes');
      return 'error';
    }
    this.queue.addRateLimited(key);
    log.error({ err, retries: this.queue.numRequeues(key) }, 'reconcile failed; retrying with backoff');
    return 'error';
  }
}

function metadataChanged(a: KubeObject, b: KubeObject): boolean {
  return (
    JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {}) ||
    JSON.stringify(a.metadata.annotations ?? {}) !== JSON.stringify(b.metadata.annotations ?? {})
  );
}
