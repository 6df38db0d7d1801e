import { idKey, parentId, parseResourceId } from './ids.ts';
import type { StoredResource } from './types.ts';

/** Every resource (groups included) keyed by lower-cased id, so names are case-insensitive but keep their casing. */
export class Store {
  readonly #items = new Map<string, StoredResource>();
  readonly #listeners: Array<() => void> = [];

  get(id: string): StoredResource | undefined {
    return this.#items.get(idKey(id));
  }

  has(id: string): boolean {
    return this.#items.has(idKey(id));
  }

  set(r: StoredResource): void {
    this.#items.set(idKey(r.id), r);
    this.changed();
  }

  delete(id: string): boolean {
    const removed = this.#items.delete(idKey(id));
    if (removed) this.changed();
    return removed;
  }

  clear(): void {
    this.#items.clear();
    this.changed();
  }

  all(): StoredResource[] {
    return [...this.#items.values()].sort((a, b) => idKey(a.id).localeCompare(idKey(b.id)));
  }

  ofType(type: string): StoredResource[] {
    const t = type.toLowerCase();
    return this.all().filter((r) => r.type.toLowerCase() === t);
  }

  /** Direct children of `parent` (nested resources or top-level resources of a scope), optionally of one type. */
  childrenOf(parent: string, type?: string): StoredResource[] {
    const p = idKey(parent);
    const t = type?.toLowerCase();
    return this.all().filter(
      (r) => parseResourceId(r.id) !== undefined && idKey(parentId(r.id)) === p && (!t || r.type.toLowerCase() === t),
    );
  }

  /** Everything whose id is under `id` (children, grandchildren, extension resources), deepest first. */
  descendants(id: string): StoredResource[] {
    const prefix = idKey(id) + '/';
    return this.all()
      .filter((r) => idKey(r.id).startsWith(prefix))
      .sort((a, b) => b.id.split('/').length - a.id.split('/').length);
  }

  /** Notifies persistence after a change; providers mutate bodies in place and call this themselves. */
  changed(): void {
    for (const l of this.#listeners) l();
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }
}
