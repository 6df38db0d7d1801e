/**
 * Figures for the runtime, printed, never asserted (timing goals do not belong in tests): no-op reconcile latency
 * (a label change → the reconcile that finds nothing to write), and informer memory per cached object. Failover
 * times are printed by leader-election.test.ts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { Informer } from '../../../src/runtime/informer.ts';
import { KubeHttp } from '../../../src/runtime/kube-http.ts';
import { Manager, createLogger } from '../../../src/runtime/index.ts';
import type { KubeObject } from '../../../src/runtime/index.ts';
import { ensureWidgetCrd, widgetApi, widgetController } from '../../support/example-controller.ts';
import { createTestNamespace, kubeConfig } from '../../support/kube.ts';

let http: KubeHttp;
let widgets: ReturnType<typeof widgetApi>;

beforeAll(async () => {
  await ensureWidgetCrd(kubeConfig());
  http = new KubeHttp(kubeConfig());
  widgets = widgetApi(kubeConfig());
});

afterAll(async () => {
  await http?.close();
  await widgets?.close();
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe('runtime measurements', () => {
  it('no-op reconcile latency: label change → reconcile that writes nothing', { timeout: 180_000 }, async () => {
    const ns = await createTestNamespace('runtime-latency');
    const config = loadConfig([`--namespaces=${ns}`, '--leader-elect=false', '--metrics-bind-address=0', '--health-probe-bind-address=0', '--log-level=silent'], {});
    const manager = new Manager({ kubeConfig: kubeConfig(), config, logger: createLogger('silent') });
    const spec = widgetController(manager);
    const finished = new Map<string, number>();
    const durations: number[] = [];
    const inner = spec.reconciler;
    spec.reconciler = {
      async reconcile(req, ctx) {
        const started = performance.now();
        const result = await inner.reconcile(req, ctx);
        durations.push(performance.now() - started);
        finished.set(req.name, performance.now());
        return result;
      },
    };
    manager.addController(spec);
    await manager.start();
    try {
      const count = 20;
      for (let i = 0; i < count; i++) await widgets.create(ns, `w${i}`, { size: i });
      await vi.waitFor(async () => {
        for (let i = 0; i < count; i++) expect((await widgets.get(ns, `w${i}`)).status?.observedGeneration).toBe(1);
      }, { timeout: 60_000, interval: 200 });

      durations.length = 0;
      const latencies: number[] = [];
      for (let round = 0; round < 10; round++) {
        for (let i = 0; i < count; i++) {
          const name = `w${i}`;
          finished.delete(name);
          // From sending the write: the watch event often reaches the operator before the PATCH response does.
          const patched = performance.now();
          await http.json('PATCH', `/apis/test.secureml.io/v1/namespaces/${ns}/widgets/${name}`, { body: { metadata: { labels: { round: String(round) } } }, patchType: 'merge' });
          await vi.waitFor(() => expect(finished.get(name)).toBeDefined(), { timeout: 10_000, interval: 1 });
          latencies.push(finished.get(name)! - patched);
        }
      }
      latencies.sort((a, b) => a - b);
      durations.sort((a, b) => a - b);
      console.log(
        `no-op reconcile (${latencies.length} samples): label PATCH sent → reconcile done p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
          `p99 ${percentile(latencies, 99).toFixed(1)} ms; reconcile body alone p50 ${percentile(durations, 50).toFixed(2)} ms, p99 ${percentile(durations, 99).toFixed(2)} ms`,
      );
      expect(latencies).toHaveLength(200);
    } finally {
      await manager.stop();
    }
  });

  it('informer memory with 1,000 cached objects', { timeout: 300_000 }, async () => {
    const ns = await createTestNamespace('runtime-memory');
    // About 2 kB per object: a mid-sized custom resource (spec, a few conditions, an inventory).
    const payload = 'x'.repeat(2000);
    const total = 1000;
    for (let start = 0; start < total; start += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          http.json('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { metadata: { name: `cm-${start + i}`, labels: { batch: String(start) } }, data: { payload } } }),
        ),
      );
    }
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = (): number => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const informerHttp = new KubeHttp(kubeConfig());
    const before = heap();
    const informer = new Informer<KubeObject>({
      http: informerHttp,
      kind: { group: '', version: 'v1', plural: 'configmaps' },
      namespaces: [ns],
      settings: { timeoutSecondsMin: 300, timeoutSecondsMax: 600, idleTimeoutMs: 180_000 },
      log: createLogger('silent'),
    });
    informer.addIndex('batch', (o) => [o.metadata.labels?.['batch'] ?? '']);
    const listStarted = performance.now();
    informer.start();
    try {
      await vi.waitFor(() => expect(informer.hasSynced()).toBe(true), { timeout: 60_000, interval: 10 });
      const listMs = performance.now() - listStarted;
      const after = heap();
      expect(informer.list(ns)).toHaveLength(total);
      const jsonBytes = JSON.stringify(informer.list(ns)).length;
      console.log(
        `informer with ${total} objects (${(jsonBytes / total / 1024).toFixed(1)} kB JSON each, one index): heap +${((after - before) / 1024 / 1024).toFixed(1)} MiB ` +
          `(${((after - before) / total / 1024).toFixed(1)} kB per object); initial list in ${listMs.toFixed(0)} ms (pages of 500)`,
      );
    } finally {
      await informer.stop();
      await informerHttp.close();
    }
  });
});
