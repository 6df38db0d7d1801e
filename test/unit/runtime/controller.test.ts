import { afterEach, describe, expect, it, vi } from 'vitest';
import { Controller } from '../../../src/runtime/controller.ts';
import type { ObjectSource, ReconcileContext, Reconciler, Result } from '../../../src/runtime/controller.ts';
import { TerminalError, abortReason } from '../../../src/runtime/errors.ts';
import type { InformerHandler } from '../../../src/runtime/informer.ts';
import { createLogger } from '../../../src/runtime/logger.ts';
import { terminalReconcileErrors } from '../../../src/runtime/metrics.ts';
import { keyOf } from '../../../src/runtime/resource.ts';
import type { KubeObject, Request } from '../../../src/runtime/resource.ts';

/** An in-memory stand-in for an informer: the controller's input, not the Kubernetes client. */
class MemorySource implements ObjectSource<KubeObject> {
  readonly #objects = new Map<string, KubeObject>();
  readonly #handlers: InformerHandler<KubeObject>[] = [];
  #rv = 0;

  addHandler(handler: InformerHandler<KubeObject>): void {
    this.#handlers.push(handler);
    for (const obj of this.#objects.values()) handler.onAdd?.(obj);
  }
  get(namespace: string, name: string): KubeObject | undefined {
    return this.#objects.get(`${namespace}/${name}`);
  }
  list(): KubeObject[] {
    return [...this.#objects.values()];
  }
  put(name: string, changes: { generation?: number; status?: unknown; deleting?: boolean } = {}): KubeObject {
    const old = this.#objects.get(`ns/${name}`);
    const obj: KubeObject = {
      metadata: {
        namespace: 'ns',
        name,
        resourceVersion: String(++this.#rv),
        generation: changes.generation ?? old?.metadata.generation ?? 1,
        ...(changes.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      },
      status: changes.status ?? old?.['status'],
    };
    this.#objects.set(keyOf(obj), obj);
    for (const h of this.#handlers) {
      if (old) h.onUpdate?.(old, obj);
      else h.onAdd?.(obj);
    }
    return obj;
  }
  remove(name: string): void {
    const obj = this.#objects.get(`ns/${name}`)!;
    this.#objects.delete(`ns/${name}`);
    for (const h of this.#handlers) h.onDelete?.(obj);
  }
}

const log = createLogger('silent');
const controllers: Controller<KubeObject>[] = [];
let counter = 0;

function controller(
  source: ObjectSource<KubeObject>,
  reconcile: (req: Request, ctx: ReconcileContext) => Promise<Result | void>,
  options: { workers?: number; resyncPeriodMs?: number; reconcileTimeoutMs?: number; related?: { source: ObjectSource<KubeObject>; map: (o: KubeObject) => Request[] }[] } = {},
): Controller<KubeObject> {
  const reconciler: Reconciler = { reconcile };
  const c = new Controller<KubeObject>({
    name: `unit-${++counter}`,
    primary: source,
    related: (options.related ?? []).map((r) => ({ informer: r.source, map: r.map })),
    reconciler,
    maxConcurrentReconciles: options.workers ?? 2,
    resyncPeriodMs: options.resyncPeriodMs ?? 0,
    reconcileTimeoutMs: options.reconcileTimeoutMs ?? 0,
    backoff: { baseMs: 5, maxMs: 50, jitter: 0 },
    log,
  });
  controllers.push(c);
  c.start();
  return c;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

afterEach(async () => {
  await Promise.all(controllers.splice(0).map((c) => c.stop('shutdown', 1000)));
});

describe('Controller', () => {
  it('reconciles every object, and exactly once more for changes made while it ran', async () => {
    const source = new MemorySource();
    source.put('a');
    source.put('b');
    const gate = deferred();
    const calls: string[] = [];
    controller(source, async (req) => {
      calls.push(req.name);
      if (calls.length === 1) await gate.promise;
    });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    // Five spec changes to `a` while its first reconcile is blocked: one more run, not five.
    for (let g = 2; g <= 6; g++) source.put('a', { generation: g });
    gate.resolve();
    await vi.waitFor(() => expect(calls.filter((n) => n === 'a')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.filter((n) => n === 'a')).toHaveLength(2);
  });

  it('never runs two reconciles of one key at once, even with many workers and events', async () => {
    const source = new MemorySource();
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    controller(
      source,
      async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
      { workers: 4 },
    );
    for (let g = 1; g <= 40; g++) {
      source.put('x', { generation: g });
      await new Promise((r) => setTimeout(r, 1));
    }
    await vi.waitFor(() => expect(running).toBe(0));
    expect(maxRunning).toBe(1);
    expect(runs).toBeGreaterThan(1);
    expect(runs).toBeLessThan(40);
  });

  it('retries failures with growing delays and resets the count after a success', async () => {
    const source = new MemorySource();
    const times: number[] = [];
    const c = controller(source, async () => {
      times.push(performance.now());
      if (times.length <= 4) throw new Error('transient');
    });
    source.put('a');
    await vi.waitFor(() => expect(times).toHaveLength(5));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // 5, 10, 20, 40 ms (± timer slack): each wait at least the backoff, and growing.
    expect(gaps[0]).toBeGreaterThanOrEqual(4);
    expect(gaps[3]).toBeGreaterThanOrEqual(39);
    expect(gaps[3]!).toBeGreaterThan(gaps[0]!);
    expect(c.queue.numRequeues('ns/a')).toBe(0);
  });

  it('does not retry a TerminalError, and counts it', async () => {
    const source = new MemorySource();
    let calls = 0;
    const c = controller(source, async () => {
      calls++;
      throw new Error('wrapped', { cause: new TerminalError('invalid spec') });
    });
    source.put('a');
    await vi.waitFor(() => expect(calls).toBe(1));
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(1);
    const metric = await terminalReconcileErrors.get();
    expect(metric.values.find((v) => v.labels['controller'] === c.name)?.value).toBe(1);
  });

  it('honours requeueAfter', async () => {
    const source = new MemorySource();
    const times: number[] = [];
    controller(source, async () => {
      times.push(performance.now());
      return times.length === 1 ? { requeueAfter: 80 } : {};
    });
    source.put('a');
    await vi.waitFor(() => expect(times).toHaveLength(2));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(75);
  });

  it('aborts a running reconcile when a new generation arrives, not on status-only updates', async () => {
    const source = new MemorySource();
    const reasons: (string | undefined)[] = [];
    const seen: number[] = [];
    let statusUpdateSeen = false;
    controller(source, async (req, ctx) => {
      const generation = source.get(req.namespace, req.name)!.metadata.generation!;
      seen.push(generation);
      if (generation !== 1) return;
      // A status write by ourselves arrives while we work: no abort.
      source.put('a', { status: { phase: 'Working' } });
      await new Promise((r) => setTimeout(r, 30));
      statusUpdateSeen = !ctx.signal.aborted;
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      reasons.push(abortReason(ctx.signal));
      throw ctx.signal.reason;
    });
    source.put('a');
    await vi.waitFor(() => expect(statusUpdateSeen).toBe(true));
    source.put('a', { generation: 2 });
    await vi.waitFor(() => expect(seen).toEqual([1, 2]));
    expect(reasons).toEqual(['generation-changed']);
  });

  it('aborts a running reconcile when deletion starts or the object disappears', async () => {
    const source = new MemorySource();
    const reasons: (string | undefined)[] = [];
    controller(source, async (req, ctx) => {
      if (!source.get(req.namespace, req.name) || source.get(req.namespace, req.name)!.metadata.deletionTimestamp) return;
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      reasons.push(abortReason(ctx.signal));
    });
    source.put('a');
    source.put('b');
    await new Promise((r) => setTimeout(r, 20));
    source.put('a', { deleting: true });
    source.remove('b');
    await vi.waitFor(() => expect(reasons.sort()).toEqual(['deleted', 'generation-changed']));
  });

  it('enqueues primaries mapped from related objects', async () => {
    const primary = new MemorySource();
    const related = new MemorySource();
    primary.put('ibc-1');
    const calls: string[] = [];
    controller(
      primary,
      async (req) => {
        calls.push(req.name);
      },
      { related: [{ source: related, map: (o) => [{ namespace: 'ns', name: `ibc-${o.metadata.name}` }] }] },
    );
    await vi.waitFor(() => expect(calls).toEqual(['ibc-1']));
    related.put('1', { status: { ready: true } });
    await vi.waitFor(() => expect(calls).toEqual(['ibc-1', 'ibc-1']));
  });

  it('re-queues every object each resync period', async () => {
    const source = new MemorySource();
    source.put('a');
    source.put('b');
    let calls = 0;
    controller(source, async () => void calls++, { resyncPeriodMs: 40 });
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(6), { timeout: 2000 });
  });

  it('aborts a reconcile that exceeds the timeout and retries it', async () => {
    const source = new MemorySource();
    const reasons: (string | undefined)[] = [];
    controller(
      source,
      async (_req, ctx) => {
        if (reasons.length > 0) return;
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        reasons.push(abortReason(ctx.signal));
        throw ctx.signal.reason;
      },
      { reconcileTimeoutMs: 30 },
    );
    source.put('a');
    await vi.waitFor(() => expect(reasons).toEqual(['timeout']));
  });

  it('stop aborts running reconciles with "shutdown", waits for them and takes no new work', async () => {
    const source = new MemorySource();
    const reasons: (string | undefined)[] = [];
    let finished = false;
    const c = controller(source, async (_req, ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      reasons.push(abortReason(ctx.signal));
      await new Promise((r) => setTimeout(r, 20));
      finished = true;
    });
    source.put('a');
    await new Promise((r) => setTimeout(r, 20));
    expect(await c.stop('shutdown', 1000)).toBe(true);
    expect(reasons).toEqual(['shutdown']);
    expect(finished).toBe(true);
    source.put('b');
    expect(c.queue.len()).toBe(0);
  });

  it('survives a reconciler that throws synchronously or rejects with a non-Error', async () => {
    const source = new MemorySource();
    let calls = 0;
    controller(source, (() => {
      calls++;
      if (calls === 1) throw new Error('sync throw');
      if (calls === 2) return Promise.reject('a string');
      return Promise.resolve();
    }) as Reconciler['reconcile']);
    source.put('a');
    await vi.waitFor(() => expect(calls).toBe(3));
  });
});
