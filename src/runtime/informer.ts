import { ObjectCache } from './cache.ts';
import type { CacheReader, IndexFunc } from './cache.ts';
import type { KubeHttp } from './kube-http.ts';
import type { Logger } from './logger.ts';
import { Reflector } from './reflector.ts';
import type { ReflectorStats, WatchSettings } from './reflector.ts';
import { keyOf } from './resource.ts';
import type { KubeObject, ResourceKind } from './resource.ts';

/**
 * A shared informer: one cache of a resource type over the configured namespaces (one reflector per namespace, or
 * one for all), secondary indexes, and event handlers. Handlers run synchronously on every change and must only
 * enqueue keys; an exception in one is logged and does not affect the others. `update` fires only when the
 * resourceVersion changed, so relists do not replay unchanged objects.
 */

export interface InformerHandler<T extends KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

/** `all` watches cluster-wide; otherwise one watch per listed namespace. */
export type NamespaceScope = 'all' | string[];

export interface InformerOptions {
  http: KubeHttp;
  kind: ResourceKind;
  namespaces: NamespaceScope;
  labelSelector?: string;
  /** Cache PartialObjectMetadata only (see ReflectorOptions.metadataOnly). */
  metadataOnly?: boolean;
  settings: WatchSettings;
  log: Logger;
}

export class Informer<T extends KubeObject> implements CacheReader<T> {
  readonly kind: ResourceKind;
  readonly #cache = new ObjectCache<T>();
  readonly #handlers: InformerHandler<T>[] = [];
  readonly #reflectors: Reflector<T>[];
  readonly #log: Logger;
  #stop: AbortController | undefined;
  #runs: Promise<void>[] = [];

  constructor(options: InformerOptions) {
    this.kind = options.kind;
    this.#log = options.log;
    const scopes = options.namespaces === 'all' ? [undefined] : [...new Set(options.namespaces)];
    if (scopes.length === 0) throw new Error('an informer needs at least one namespace, or "all"');
    this.#reflectors = scopes.map(
      (namespace) =>
        new Reflector<T>({
          http: options.http,
          kind: options.kind,
          namespace,
          labelSelector: options.labelSelector,
          metadataOnly: options.metadataOnly,
          settings: options.settings,
          log: options.log,
          sink: {
            replace: (items) => this.#replace(namespace, items),
            upsert: (obj) => this.#upsert(obj),
            remove: (obj) => this.#remove(obj),
          },
        }),
    );
  }

  addIndex(name: string, fn: IndexFunc<T>): void {
    this.#cache.addIndex(name, fn);
  }

  /** Registers a handler; objects already cached are delivered to it as adds. */
  addHandler(handler: InformerHandler<T>): void {
    this.#handlers.push(handler);
    for (const obj of this.#cache.list()) this.#call('onAdd', () => handler.onAdd?.(obj));
  }

  start(): void {
    if (this.#stop) return;
    this.#stop = new AbortController();
    const signal = this.#stop.signal;
    this.#runs = this.#reflectors.map((r) => r.run(signal));
  }

  async stop(): Promise<void> {
    this.#stop?.abort();
    await Promise.all(this.#runs);
  }

  hasSynced(): boolean {
    return this.#reflectors.every((r) => r.hasSynced());
  }

  /** Resolves true once synced, false if `signal` aborts first. */
  async waitForSync(signal: AbortSignal, pollMs = 50): Promise<boolean> {
    while (!this.hasSynced()) {
      if (signal.aborted) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return true;
  }

  /** The longest time any of this informer's watches has gone without a list, connection or event. */
  maxIdleMs(): number {
    return Math.max(...this.#reflectors.map((r) => r.idleMs()));
  }

  stats(): ReflectorStats {
    const total: ReflectorStats = { lists: 0, watches: 0, gone: 0, stale: 0, errors: 0 };
    for (const r of this.#reflectors) {
      const s = r.stats();
      for (const k of Object.keys(total) as (keyof ReflectorStats)[]) total[k] += s[k];
    }
    return total;
  }

  get(namespace: string, name: string): T | undefined {
    return this.#cache.get(namespace, name);
  }

  list(namespace?: string): T[] {
    return this.#cache.list(namespace);
  }

  byIndex(index: string, value: string): T[] {
    return this.#cache.byIndex(index, value);
  }

  #replace(namespace: string | undefined, items: T[]): void {
    const fresh = new Set(items.map(keyOf));
    for (const old of this.#cache.list(namespace)) {
      if (!fresh.has(keyOf(old))) this.#remove(old);
    }
    for (const item of items) this.#upsert(item);
  }

  #upsert(obj: T): void {
    const old = this.#cache.set(obj);
    if (!old) return this.#emit('onAdd', (h) => h.onAdd?.(obj));
    if (old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    this.#emit('onUpdate', (h) => h.onUpdate?.(old, obj));
  }

  #remove(obj: T): void {
    const old = this.#cache.delete(keyOf(obj));
    // Prefer the watch's final state (it carries the deletion), else what we had.
    const last = obj.metadata.resourceVersion ? obj : (old ?? obj);
    if (old) this.#emit('onDelete', (h) => h.onDelete?.(last));
  }

  #emit(name: keyof InformerHandler<T>, call: (h: InformerHandler<T>) => void): void {
    for (const handler of this.#handlers) this.#call(name, () => call(handler));
  }

  #call(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error({ err, handler: name }, 'informer event handler threw');
    }
  }
}
