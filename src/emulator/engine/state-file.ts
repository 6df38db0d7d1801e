import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Engine } from './engine.ts';
import type { Operation } from './operations.ts';
import type { StoredResource } from './types.ts';

interface StateSnapshot {
  version: 1;
  savedAt: string;
  resources: StoredResource[];
  /** In-flight and finished operations, so a poller's URL stays valid across a restart. */
  operations: Operation[];
}

/** Loads a state file into the engine; false when there is none yet. */
export function loadState(path: string, engine: Engine): boolean {
  if (!existsSync(path)) return false;
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as StateSnapshot;
  if (snapshot.version !== 1) throw new Error(`unsupported emulator state file version ${String(snapshot.version)} in ${path}`);
  engine.store.clear();
  for (const r of snapshot.resources) engine.store.set(r);
  engine.ops.load(snapshot.operations);
  return true;
}

/** Writes the engine's state atomically (temp file + rename), so a crash never leaves half a file. */
export function saveState(path: string, engine: Engine): void {
  const snapshot: StateSnapshot = {
    version: 1,
    savedAt: new Date().toISOString(),
    resources: engine.store.all(),
    operations: engine.ops.all(),
  };
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(snapshot, null, 1));
  renameSync(tmp, path);
}

/** Saves shortly after changes (coalescing bursts) and once more on flush. */
export class StatePersister {
  readonly #path: string;
  readonly #engine: Engine;
  #timer: NodeJS.Timeout | undefined;

  constructor(path: string, engine: Engine) {
    this.#path = path;
    this.#engine = engine;
  }

  schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      saveState(this.#path, this.#engine);
    }, 50);
    this.#timer.unref();
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    saveState(this.#path, this.#engine);
  }
}
