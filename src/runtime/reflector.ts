import { Backoff, sleep } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { isGone } from './kube-http.ts';
import type { KubeHttp } from './kube-http.ts';
import type { Logger } from './logger.ts';
import { informerWatchRestarts } from './metrics.ts';
import { apiVersionOf, collectionPath, kindId } from './resource.ts';
import type { KubeList, KubeObject, ResourceKind } from './resource.ts';
import { WatchStaleError, streamWatch } from './watch-stream.ts';
import type { WatchEvent } from './watch-stream.ts';

/**
 * Keeps a sink in step with one resource collection (one namespace, or all), as client-go's reflector does:
 * list, then watch from the list's resourceVersion with bookmarks and a randomized server timeout; re-watch from the
 * last seen resourceVersion when a watch ends; relist on 410 Gone (the sink then drops objects that vanished);
 * restart silent watches (watchdog); retry every other failure with exponential backoff, forever, until stopped.
 * client-node's own ListWatch stops on the first non-410 error and its Watch aborts quiet watches after 30 s,
 * hence this implementation.
 */

export interface WatchSettings {
  /** Server-side watch timeout is drawn uniformly from [min, max] seconds per request. */
  timeoutSecondsMin: number;
  timeoutSecondsMax: number;
  /** Watchdog: a watch that delivered nothing (not even a bookmark) for this long is restarted. */
  idleTimeoutMs: number;
  /** Reconnect backoff after failures; default 1 s → 30 s. */
  backoff?: BackoffOptions;
  /** List page size. */
  pageSize?: number;
}

export interface ReflectorSink<T extends KubeObject> {
  /** Complete state of the scope after a (re)list. */
  replace(items: T[]): void;
  upsert(obj: T): void;
  remove(obj: T): void;
}

export interface ReflectorOptions<T extends KubeObject> {
  http: KubeHttp;
  kind: ResourceKind;
  /** undefined = all namespaces. */
  namespace?: string;
  labelSelector?: string;
  /** Cache only metadata (PartialObjectMetadata): used for Secrets, so no Secret value sits in memory. */
  metadataOnly?: boolean;
  settings: WatchSettings;
  sink: ReflectorSink<T>;
  log: Logger;
}

export interface ReflectorStats {
  lists: number;
  watches: number;
  gone: number;
  stale: number;
  errors: number;
}

const METADATA_LIST_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const METADATA_OBJECT_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 30_000, jitter: 0.2 };

export class Reflector<T extends KubeObject> {
  readonly #options: ReflectorOptions<T>;
  readonly #backoff: Backoff;
  readonly #path: string;
  readonly #resource: string;
  readonly #log: Logger;
  readonly #stats: ReflectorStats = { lists: 0, watches: 0, gone: 0, stale: 0, errors: 0 };
  #resourceVersion: string | undefined;
  #synced = false;
  #lastActivity = performance.now();

  constructor(options: ReflectorOptions<T>) {
    this.#options = options;
    this.#backoff = new Backoff(options.settings.backoff ?? DEFAULT_RECONNECT_BACKOFF);
    this.#path = collectionPath(options.kind, options.namespace);
    this.#resource = kindId(options.kind);
    this.#log = options.log.child({ resource: this.#resource, scope: options.namespace ?? '*' });
  }

  /** True once the first list has been delivered to the sink. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Milliseconds since the last successful list, watch connection or watch event. */
  idleMs(): number {
    return performance.now() - this.#lastActivity;
  }

  stats(): Readonly<ReflectorStats> {
    return { ...this.#stats };
  }

  /** Runs until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (this.#resourceVersion === undefined) await this.#list(signal);
        if (signal.aborted) break;
        const quick = await this.#watch(signal);
        informerWatchRestarts.inc({ resource: this.#resource, reason: 'timeout' });
        // A server (or proxy) that closes every watch at once must not turn this loop into a busy loop.
        if (quick) await sleep(this.#backoff.next(), signal);
      } catch (err) {
        if (signal.aborted) break;
        await this.#recover(err, signal);
      }
    }
  }

  async #recover(err: unknown, signal: AbortSignal): Promise<void> {
    if (isGone(err)) {
      this.#stats.gone++;
      informerWatchRestarts.inc({ resource: this.#resource, reason: 'gone' });
      this.#log.info({ resourceVersion: this.#resourceVersion }, 'resourceVersion expired (410 Gone); relisting');
      this.#resourceVersion = undefined;
      return;
    }
    if (err instanceof WatchStaleError) {
      this.#stats.stale++;
      informerWatchRestarts.inc({ resource: this.#resource, reason: 'stale' });
      this.#log.warn({ err }, 'watch silent past the watchdog limit; restarting it');
      return;
    }
    this.#stats.errors++;
    informerWatchRestarts.inc({ resource: this.#resource, reason: 'error' });
    const delayMs = this.#backoff.next();
    this.#log.warn({ err, retryInMs: Math.round(delayMs) }, 'list/watch failed; retrying');
    await sleep(delayMs, signal);
  }

  async #list(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    let listKind: string | undefined;
    do {
      const query = { limit: this.#options.settings.pageSize ?? 500, continue: continueToken, labelSelector: this.#options.labelSelector };
      const accept = this.#options.metadataOnly ? METADATA_LIST_ACCEPT : undefined;
      const page = await this.#options.http.get<KubeList<T> & { kind?: string }>(this.#path, { query, signal, accept });
      // A metadata-only (PartialObjectMetadataList) answer with no objects carries `items: null`.
      items.push(...(page.items ?? []));
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
      listKind = page.kind;
    } while (continueToken !== undefined);
    // List items of built-in types carry no apiVersion/kind; events and owner references need them.
    const apiVersion = apiVersionOf(this.#options.kind);
    const kind = this.#options.metadataOnly ? undefined : listKind?.replace(/List$/, '');
    for (const item of items) {
      item.apiVersion ??= apiVersion;
      if (kind !== undefined) item.kind ??= kind;
    }
    this.#options.sink.replace(items);
    this.#resourceVersion = resourceVersion;
    this.#synced = true;
    this.#stats.lists++;
    this.#markActive();
  }

  /** Returns true when the watch ended normally without delivering anything within a second. */
  async #watch(signal: AbortSignal): Promise<boolean> {
    const { settings, labelSelector } = this.#options;
    const span = settings.timeoutSecondsMax - settings.timeoutSecondsMin;
    const timeoutSeconds = settings.timeoutSecondsMin + Math.floor(Math.random() * (span + 1));
    const started = performance.now();
    let delivered = false;
    this.#stats.watches++;
    await streamWatch<T>(this.#options.http, {
      path: this.#path,
      query: { resourceVersion: this.#resourceVersion, allowWatchBookmarks: true, timeoutSeconds, labelSelector },
      idleTimeoutMs: settings.idleTimeoutMs,
      accept: this.#options.metadataOnly ? METADATA_OBJECT_ACCEPT : undefined,
      signal,
      onConnected: () => this.#markActive(),
      onEvent: (event) => {
        delivered = true;
        this.#backoff.reset();
        this.#markActive();
        this.#apply(event);
      },
    });
    return !delivered && performance.now() - started < 1000;
  }

  #apply(event: WatchEvent<T>): void {
    const { sink } = this.#options;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        sink.upsert(event.object);
        break;
      case 'DELETED':
        sink.remove(event.object);
        break;
      case 'BOOKMARK':
        break;
    }
    this.#resourceVersion = event.object.metadata.resourceVersion ?? this.#resourceVersion;
  }

  #markActive(): void {
    this.#lastActivity = performance.now();
  }
}
