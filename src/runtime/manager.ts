import { randomUUID } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { OperatorConfig } from '../config.ts';
import type { CacheReader, IndexFunc } from './cache.ts';
import { Controller } from './controller.ts';
import type { Reconciler, RelatedWatch } from './controller.ts';
import { EventRecorder } from './events.ts';
import { startHttpServers } from './http-server.ts';
import type { Check, HttpEndpoints } from './http-server.ts';
import { Informer } from './informer.ts';
import { KubeHttp, NotLeaderError } from './kube-http.ts';
import { LeaderElector } from './leader-election.ts';
import type { Logger } from './logger.ts';
import { kindId } from './resource.ts';
import type { KubeObject, Request, ResourceKind } from './resource.ts';
import { StatusWriter } from './status-writer.ts';

/**
 * Wires the runtime together. Every replica starts the caches and the probe/metrics endpoints at once (standbys stay
 * warm and Ready); the controllers start only once this replica leads and its caches have synced. Losing the lease
 * aborts every running reconcile, stops the queues, refuses further writes and calls `onLeadershipLost` (default:
 * exit 1, as controller-runtime does). `stop()` is the SIGTERM path: stop intake, let reconciles wrap up within
 * shutdownTimeout, release the lease.
 */

export const FIELD_MANAGER = 'secureml-operator';
export const REPORTING_CONTROLLER = 'secureml.io/operator';

export interface ManagerOptions {
  kubeConfig: KubeConfig;
  config: OperatorConfig;
  logger: Logger;
  /** Called after leadership is lost and all work stopped. Default: log and `process.exit(1)`. */
  onLeadershipLost?: () => void;
}

/** A related resource whose changes enqueue primary objects; `map` may query the primary cache's indexes. */
export interface WatchSpec<T extends KubeObject, R extends KubeObject = KubeObject> {
  kind: ResourceKind;
  labelSelector?: string;
  /** Watch metadata only: the related objects' content is never cached (Secrets). */
  metadataOnly?: boolean;
  map: (obj: R, primary: CacheReader<T>) => Request[];
}

export interface ControllerSpec<T extends KubeObject> {
  name: string;
  kind: ResourceKind;
  reconciler: Reconciler;
  /** Secondary indexes on the primary cache, e.g. ImageBuildComputes by referenced workspace. */
  indexes?: Record<string, IndexFunc<T>>;
  // The related kind's object type is the mapping function's business.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  watches?: WatchSpec<T, any>[];
}

export class Manager {
  /** For reads and writes by controllers; writes are refused unless this replica leads. */
  readonly http: KubeHttp;
  readonly events: EventRecorder;
  readonly status: StatusWriter;
  readonly fieldManager = FIELD_MANAGER;
  readonly identity: string;
  readonly #config: OperatorConfig;
  readonly #log: Logger;
  readonly #electionHttp: KubeHttp;
  readonly #elector: LeaderElector | undefined;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  readonly #controllers: Controller<KubeObject>[] = [];
  readonly #onLeadershipLost: () => void;
  readonly #stopSignal = new AbortController();
  #endpoints: HttpEndpoints | undefined;
  #election: Promise<void> | undefined;
  #started = false;
  #leading = false;

  constructor(options: ManagerOptions) {
    const { kubeConfig, config, logger } = options;
    this.#config = config;
    this.#log = logger;
    this.identity = `${config.podName}_${randomUUID()}`;
    this.http = new KubeHttp(kubeConfig, { writeGuard: () => this.#guardWrite() });
    this.#electionHttp = new KubeHttp(kubeConfig);
    const le = config.leaderElection;
    this.#elector = le.enabled
      ? new LeaderElector(this.#electionHttp, { ...le, identity: this.identity }, logger)
      : undefined;
    this.events = new EventRecorder({
      http: this.http,
      log: logger,
      reportingController: REPORTING_CONTROLLER,
      reportingInstance: config.podName,
    });
    this.status = new StatusWriter(this.http, FIELD_MANAGER);
    this.#onLeadershipLost =
      options.onLeadershipLost ??
      (() => {
        logger.fatal('leader election lost; exiting');
        process.exit(1);
      });
  }

  /** The shared informer (cache) for `kind` over the configured namespaces; created on first use. */
  informer<T extends KubeObject>(kind: ResourceKind, labelSelector?: string, metadataOnly = false): Informer<T> {
    const key = `${kindId(kind)}?${labelSelector ?? ''}${metadataOnly ? '#metadata' : ''}`;
    let informer = this.#informers.get(key);
    if (!informer) {
      informer = new Informer<KubeObject>({
        http: this.http,
        kind,
        namespaces: this.#config.namespaces,
        labelSelector,
        metadataOnly,
        settings: this.#config.watch,
        log: this.#log,
      });
      this.#informers.set(key, informer);
      if (this.#started) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  addController<T extends KubeObject>(spec: ControllerSpec<T>): Controller<T> {
    if (this.#started) throw new Error('add controllers before Manager.start()');
    const primary = this.informer<T>(spec.kind);
    for (const [name, fn] of Object.entries(spec.indexes ?? {})) primary.addIndex(name, fn);
    const related: RelatedWatch[] = (spec.watches ?? []).map((w) => ({
      informer: this.informer(w.kind, w.labelSelector, w.metadataOnly),
      map: (obj: KubeObject) => w.map(obj, primary),
    }));
    const controller = new Controller<T>({
      name: spec.name,
      primary,
      related,
      reconciler: spec.reconciler,
      maxConcurrentReconciles: this.#config.maxConcurrentReconciles,
      resyncPeriodMs: this.#config.resyncPeriodMs,
      reconcileTimeoutMs: this.#config.reconcileTimeoutMs,
      log: this.#log,
    });
    this.#controllers.push(controller as unknown as Controller<KubeObject>);
    return controller;
  }

  /** True when this replica may write (leads, or leader election is off). */
  isLeader(): boolean {
    return this.#elector ? this.#elector.isLeader() : this.#leading;
  }

  /** Starts caches and endpoints, then campaigns; resolves once that is under way (not when leading). */
  async start(): Promise<void> {
    if (this.#started) throw new Error('Manager already started');
    this.#started = true;
    process.on('unhandledRejection', this.#onUnhandledRejection);
    this.#endpoints = await startHttpServers(
      this.#config,
      // `ping` answers as long as the event loop does: a blocked loop fails the probe by timing out.
      { liveness: [{ name: 'ping', run: () => undefined }, this.#watchFreshness()], readiness: [this.#cachesSynced()] },
      this.#log,
    );
    for (const informer of this.#informers.values()) informer.start();
    if (!this.#elector) {
      this.#leading = true;
      void this.#startControllers();
      return;
    }
    const elector = this.#elector;
    this.#election = elector.run(this.#stopSignal.signal, () => void this.#startControllers()).then((outcome) => {
      if (outcome === 'lost') this.#loseLeadership();
    });
  }

  /** Graceful stop: no new reconciles, running ones aborted and awaited (bounded), lease released, caches closed. */
  async stop(): Promise<void> {
    if (this.#stopSignal.signal.aborted) return;
    this.#log.info('stopping');
    await Promise.all(this.#controllers.map((c) => c.stop('shutdown', this.#config.shutdownTimeoutMs)));
    this.#stopSignal.abort();
    this.#leading = false;
    await this.#election;
    await Promise.all([...this.#informers.values()].map((i) => i.stop()));
    await this.#endpoints?.close();
    await Promise.all([this.http.close(), this.#electionHttp.close()]);
    process.off('unhandledRejection', this.#onUnhandledRejection);
    this.#log.info('stopped');
  }

  get endpoints(): HttpEndpoints | undefined {
    return this.#endpoints;
  }

  async #startControllers(): Promise<void> {
    const pending = [...this.#informers.values()];
    const warn = setTimeout(() => {
      const waiting = pending.filter((i) => !i.hasSynced()).map((i) => kindId(i.kind));
      this.#log.warn({ waiting }, 'caches not synced after 2 minutes; controllers wait');
    }, 120_000);
    const synced = await Promise.all(pending.map((i) => i.waitForSync(this.#stopSignal.signal)));
    clearTimeout(warn);
    if (!synced.every(Boolean) || !this.isLeader()) return;
    for (const controller of this.#controllers) controller.start();
  }

  #loseLeadership(): void {
    this.#leading = false;
    for (const controller of this.#controllers) {
      controller.abortAll('leadership-lost');
      controller.queue.shutdown();
    }
    this.#onLeadershipLost();
  }

  #guardWrite(): void {
    if (!this.isLeader()) throw new NotLeaderError();
  }

  #watchFreshness(): Check {
    // A watch is restarted after idleTimeout of silence; beyond twice that plus the longest reconnect backoff, the
    // reflector is failing to reconnect rather than just quiet.
    const limitMs = 2 * this.#config.watch.idleTimeoutMs + 30_000;
    return {
      name: 'watches',
      run: () => {
        const stale = [...this.#informers.values()].filter((i) => i.maxIdleMs() > limitMs).map((i) => kindId(i.kind));
        return stale.length === 0 ? undefined : `no list/watch progress for over ${limitMs / 1000}s: ${stale.join(', ')}`;
      },
    };
  }

  #cachesSynced(): Check {
    return {
      name: 'caches',
      run: () => {
        const waiting = [...this.#informers.values()].filter((i) => !i.hasSynced()).map((i) => kindId(i.kind));
        return waiting.length === 0 ? undefined : `not synced yet: ${waiting.join(', ')}`;
      },
    };
  }

  readonly #onUnhandledRejection = (reason: unknown): void => {
    // Node would exit on this; one faulty reconciler must not take every controller down with it.
    this.#log.error({ err: reason }, 'unhandled promise rejection (a bug); continuing');
  };
}
