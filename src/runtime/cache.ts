import { keyOf } from './resource.ts';
import type { KubeObject } from './resource.ts';

/**
 * The informer's local copy of the watched objects, keyed `namespace/name`, with secondary indexes such as
 * "ImageBuildComputes by the workspace they reference". Readers get the stored objects themselves: treat them as
 * read-only (copy before mutating), as with controller-runtime's cache.
 */

/** Maps an object to the index values it should be found under (e.g. `['ns/workspace-a']`). */
export type IndexFunc<T extends KubeObject> = (obj: T) => string[];

export interface CacheReader<T extends KubeObject> {
  get(namespace: string, name: string): T | undefined;
  list(namespace?: string): T[];
  byIndex(index: string, value: string): T[];
  hasSynced(): boolean;
}

export class ObjectCache<T extends KubeObject> {
  readonly #objects = new Map<string, T>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  // index name → index value → keys
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.#indexers.has(name)) throw new Error(`index ${name} is already defined`);
    this.#indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.#indexes.set(name, index);
    for (const [key, obj] of this.#objects) this.#indexInto(index, fn, key, obj);
  }

  get(namespace: string, name: string): T | undefined {
    return this.#objects.get(`${namespace}/${name}`);
  }

  list(namespace?: string): T[] {
    const all = [...this.#objects.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  byIndex(index: string, value: string): T[] {
    const values = this.#indexes.get(index);
    if (!values) throw new Error(`unknown index ${index}`);
    return [...(values.get(value) ?? [])].map((key) => this.#objects.get(key)).filter((o): o is T => o !== undefined);
  }

  /** Stores `obj`; returns the previous version. */
  set(obj: T): T | undefined {
    const key = keyOf(obj);
    const old = this.#objects.get(key);
    if (old) this.#unindex(key, old);
    this.#objects.set(key, obj);
    for (const [name, fn] of this.#indexers) this.#indexInto(this.#indexes.get(name)!, fn, key, obj);
    return old;
  }

  delete(key: string): T | undefined {
    const old = this.#objects.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#objects.delete(key);
    return old;
  }

  #indexInto(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const value of fn(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  #unindex(key: string, obj: T): void {
    for (const [name, fn] of this.#indexers) {
      const index = this.#indexes.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
