import type { Engine } from './engine/engine.ts';
import type { FaultRule } from './engine/faults.ts';
import type { LatencyProfile } from './engine/latency.ts';
import { mergePatch } from './engine/merge-patch.ts';
import { newEtag } from './engine/etag.ts';
import type { Operation } from './engine/operations.ts';
import { renderResource } from './engine/render.ts';
import type { Counters, RequestLogEntry } from './engine/request-log.ts';
import type { JsonObject } from './engine/types.ts';

/** Test and operations hooks; the same functions are served over HTTP under `/_emulator/…`. */
export interface EmulatorAdmin {
  /** Every resource (groups included) with its full JSON, as a GET would return it. */
  inventory(): JsonObject[];
  /** The request log, oldest first; bodies have secret-looking properties redacted. */
  requests(): RequestLogEntry[];
  /** Clears the request log and the counters. */
  clearRequests(): void;
  counters(): Counters;
  setLatency(profile: LatencyProfile, timeScale?: number): void;
  setThrottling(on: boolean): void;
  /** Adds a fault rule; returns its id. */
  injectFault(rule: FaultRule): string;
  clearFaults(): void;
  /** Active fault rules with what remains of their counts. */
  faults(): Array<FaultRule & { id: string; remaining?: number }>;
  /** Applies a JSON merge patch to a stored resource behind the client's back (drift); returns the new JSON. */
  mutate(id: string, patch: unknown): JsonObject;
  /** Long-running operations, running and finished. */
  operations(): Operation[];
  /** Forgets every resource, operation, fault, log entry and throttling bucket. */
  reset(): void;
}

export function createAdmin(engine: Engine): EmulatorAdmin {
  return {
    inventory() {
      engine.settle();
      return engine.store.all().map((r) => renderResource(engine, r));
    },
    requests: () => engine.log.entries(),
    clearRequests: () => engine.log.clear(),
    counters: () => engine.log.counters(),
    setLatency(profile, timeScale) {
      if (profile !== 'instant' && profile !== 'realistic') throw new Error(`unknown latency profile '${String(profile)}'`);
      if (timeScale !== undefined && !(timeScale > 0)) throw new Error('timeScale must be a positive number');
      engine.settings.latency = profile;
      if (timeScale !== undefined) engine.settings.timeScale = timeScale;
    },
    setThrottling(on) {
      engine.throttler.enabled = on;
      engine.throttler.reset();
    },
    injectFault: (rule) => engine.faults.add(rule),
    clearFaults: () => engine.faults.clear(),
    faults: () => engine.faults.list(),
    mutate(id, patch) {
      engine.settle();
      const r = engine.store.get(id);
      if (!r) throw new Error(`no resource with id ${id}`);
      const patched = mergePatch(r.body, patch) as JsonObject;
      // Identity is not the caller's to change: a drift test changes what the resource looks like, not which it is.
      r.body = { ...patched, id: r.body['id'], name: r.body['name'], type: r.body['type'] };
      const style = engine.def(r.type)?.etag;
      if (style) r.body['etag'] = newEtag(style);
      engine.store.changed();
      return renderResource(engine, r);
    },
    operations: () => structuredClone(engine.ops.all()),
    reset() {
      engine.store.clear();
      engine.ops.clear();
      engine.faults.clear();
      engine.log.clear();
      engine.throttler.reset();
    },
  };
}
