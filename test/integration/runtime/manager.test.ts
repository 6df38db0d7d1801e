/**
 * The Manager with the example Widget controller against the run's shared kube-apiserver: status, conditions,
 * kstatus, events, finalizers, related watches, abort on a new generation, probes and metrics.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { KubeHttp } from '../../../src/runtime/kube-http.ts';
import { Manager, REPORTING_CONTROLLER, createLogger } from '../../../src/runtime/index.ts';
import type { KubeList, KubeObject } from '../../../src/runtime/index.ts';
import { streamWatch } from '../../../src/runtime/watch-stream.ts';
import { WIDGET_FINALIZER, ensureWidgetCrd, widgetApi, widgetController } from '../../support/example-controller.ts';
import type { Widget } from '../../support/example-controller.ts';
import { createTestNamespace, kubeConfig } from '../../support/kube.ts';
import { computeKStatus } from '../../support/kstatus.ts';

interface EventObject extends KubeObject {
  regarding: { uid: string; name: string; kind: string };
  reason: string;
  type: string;
  action: string;
  note: string;
  reportingController: string;
  reportingInstance: string;
  series?: { count: number; lastObservedTime: string };
}

let ns: string;
let manager: Manager;
let http: KubeHttp;
let widgets: ReturnType<typeof widgetApi>;
const reconciles: string[] = [];
const aborts: { name: string; reason: string | undefined }[] = [];
const watchStop = new AbortController();
const modified: { name: string; resourceVersion: string; status: unknown; labels: unknown }[] = [];

beforeAll(async () => {
  const kc = kubeConfig();
  await ensureWidgetCrd(kc);
  ns = await createTestNamespace('runtime-manager');
  http = new KubeHttp(kc);
  widgets = widgetApi(kc);
  const config = loadConfig(
    [
      `--namespaces=${ns}`,
      `--leader-election-namespace=${ns}`,
      '--metrics-bind-address=127.0.0.1:0',
      '--health-probe-bind-address=127.0.0.1:0',
      '--pod-name=manager-test',
      '--log-level=silent',
    ],
    {},
  );
  manager = new Manager({ kubeConfig: kc, config, logger: createLogger(config.logLevel) });
  manager.addController(
    widgetController(manager, {
      onReconcile: (name) => reconciles.push(name),
      onAbort: (name, reason) => aborts.push({ name, reason }),
    }),
  );
  await manager.start();
  // An independent observer of every write to Widgets in the namespace.
  const list = await http.get<KubeList<Widget>>(`/apis/test.secureml.io/v1/namespaces/${ns}/widgets`);
  void streamWatch<Widget>(http, {
    path: `/apis/test.secureml.io/v1/namespaces/${ns}/widgets`,
    query: { resourceVersion: list.metadata.resourceVersion, timeoutSeconds: 600 },
    idleTimeoutMs: 600_000,
    signal: watchStop.signal,
    onEvent: (e) => {
      if (e.type === 'MODIFIED') {
        modified.push({ name: e.object.metadata.name!, resourceVersion: e.object.metadata.resourceVersion!, status: e.object.status, labels: e.object.metadata.labels });
      }
    },
  });
});

afterAll(async () => {
  watchStop.abort();
  await manager?.stop();
  await http?.close();
  await widgets?.close();
});

async function waitForWidget(name: string, check: (w: Widget) => boolean, timeout = 20_000): Promise<Widget> {
  let last: Widget | undefined;
  await vi.waitFor(
    async () => {
      last = await widgets.get(ns, name);
      expect(check(last)).toBe(true);
    },
    { timeout, interval: 100 },
  );
  return last!;
}

async function eventsFor(uid: string): Promise<EventObject[]> {
  const list = await http.get<KubeList<EventObject>>(`/apis/events.k8s.io/v1/namespaces/${ns}/events`);
  return list.items.filter((e) => e.regarding.uid === uid);
}

const ready = (w: Widget): boolean => w.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const settle = (ms = 1500): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Manager with the example controller', () => {
  it('becomes leader, and reconciles a new Widget to Ready with a finalizer, kstatus Current and one event', async () => {
    await vi.waitFor(() => expect(manager.isLeader()).toBe(true), { timeout: 20_000 });
    const created = await widgets.create(ns, 'ready', { size: 1 });
    const w = await waitForWidget('ready', ready);
    expect(w.metadata.finalizers).toEqual([WIDGET_FINALIZER]);
    expect(w.status?.observedGeneration).toBe(w.metadata.generation);
    expect(w.status?.conditions?.every((c) => c.observedGeneration === w.metadata.generation)).toBe(true);
    expect(computeKStatus(w).status).toBe('Current');
    await vi.waitFor(async () => {
      const events = await eventsFor(created.metadata.uid!);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'Normal',
        action: 'Reconcile',
        reason: 'Reconciled',
        reportingController: REPORTING_CONTROLLER,
        reportingInstance: 'manager-test',
        regarding: { kind: 'Widget', name: 'ready' },
      });
    });
  });

  it('writes status only when it changes, and keeps lastTransitionTime across no-op and same-status passes', async () => {
    await widgets.create(ns, 'quiet', { size: 1 });
    const first = await waitForWidget('quiet', ready);
    const transition = first.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime;
    await settle();
    const reconcilesBefore = reconciles.filter((n) => n === 'quiet').length;
    const writesBefore = modified.filter((m) => m.name === 'quiet').length;

    // A label change triggers a reconcile that computes the same status: the label write is the only write.
    await http.json('PATCH', `/apis/test.secureml.io/v1/namespaces/${ns}/widgets/quiet`, { body: { metadata: { labels: { touched: 'yes' } } }, patchType: 'merge' });
    await vi.waitFor(() => expect(reconciles.filter((n) => n === 'quiet').length).toBeGreaterThan(reconcilesBefore));
    await settle();
    expect(modified.filter((m) => m.name === 'quiet').length - writesBefore).toBe(1);

    // A spec change: the status is rewritten for generation 2, but Ready stays True, so its time does not move.
    await widgets.patchSpec(ns, 'quiet', { size: 2 });
    const second = await waitForWidget('quiet', (w) => w.status?.observedGeneration === 2);
    const readyCondition = second.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(readyCondition).toMatchObject({ status: 'True', message: 'size 2', observedGeneration: 2, lastTransitionTime: transition });
  });

  it('reports InProgress while working, aborts the work on a new generation, Stalled → Failed, then recovers', async () => {
    const created = await widgets.create(ns, 'slow', { mode: 'Slow' });
    const working = await waitForWidget('slow', (w) => w.status?.conditions?.some((c) => c.type === 'Reconciling') ?? false);
    expect(computeKStatus(working).status).toBe('InProgress');

    await widgets.patchSpec(ns, 'slow', { mode: 'Stalled' });
    await vi.waitFor(() => expect(aborts).toContainEqual({ name: 'slow', reason: 'generation-changed' }));
    const stalled = await waitForWidget('slow', (w) => computeKStatus(w).status === 'Failed');
    expect(stalled.status?.observedGeneration).toBe(2);
    // Events are recorded after the status write, asynchronously: wait for it rather than racing it.
    await vi.waitFor(async () => expect((await eventsFor(created.metadata.uid!)).map((e) => `${e.type}/${e.reason}`)).toContain('Warning/InvalidSpec'));
    // A TerminalError is not retried.
    const count = reconciles.filter((n) => n === 'slow').length;
    await settle();
    expect(reconciles.filter((n) => n === 'slow').length).toBe(count);

    await widgets.patchSpec(ns, 'slow', { mode: 'Ready' });
    const recovered = await waitForWidget('slow', ready);
    expect(computeKStatus(recovered).status).toBe('Current');
    expect(recovered.status?.conditions?.map((c) => c.type)).toEqual(['Ready']);
  });

  it('folds the events of a failing retry loop into one Event series', async () => {
    const created = await widgets.create(ns, 'failing', { mode: 'Failing' });
    // Retries come at 5, 10, 20, 40 … ms; wait for a few.
    await vi.waitFor(() => expect(reconciles.filter((n) => n === 'failing').length).toBeGreaterThanOrEqual(6), { timeout: 20_000 });
    await vi.waitFor(async () => {
      const events = (await eventsFor(created.metadata.uid!)).filter((e) => e.reason === 'ReconcileFailed');
      expect(events).toHaveLength(1);
      expect(events[0]!.series?.count).toBeGreaterThanOrEqual(3);
    });
    await widgets.patchSpec(ns, 'failing', { mode: 'Ready' });
    await waitForWidget('failing', ready);
  });

  it('rate-limits events per object: a burst of 25, then drops', async () => {
    const created = await widgets.create(ns, 'chatty', { size: 1 });
    await waitForWidget('chatty', ready);
    await vi.waitFor(async () => expect((await eventsFor(created.metadata.uid!)).map((e) => e.reason)).toEqual(['Reconciled']));
    const widget = await widgets.get(ns, 'chatty');
    // Distinct notes, so nothing is folded into a series; the Reconciled event already took one token.
    for (let i = 0; i < 40; i++) {
      await manager.events.record(widget, { type: 'Normal', action: 'Probe', reason: 'Burst', note: `event ${i}` });
    }
    const burst = (await eventsFor(created.metadata.uid!)).filter((e) => e.reason === 'Burst');
    expect(burst).toHaveLength(24);
  });

  it('reconciles Widgets when the ConfigMap they reference changes (index-mapped related watch)', async () => {
    const cmPath = `/api/v1/namespaces/${ns}/configmaps`;
    await http.json('POST', cmPath, { body: { metadata: { name: 'settings' }, data: { value: 'v1' } } });
    await widgets.create(ns, 'configured', { configMapRef: 'settings' });
    await waitForWidget('configured', (w) => w.status?.configValue === 'v1');
    await http.json('PATCH', `${cmPath}/settings`, { body: { data: { value: 'v2' } }, patchType: 'merge' });
    await waitForWidget('configured', (w) => w.status?.configValue === 'v2');
  });

  it('cleans up on deletion: event, finalizer removed, object gone', async () => {
    const created = await widgets.create(ns, 'doomed', {});
    await waitForWidget('doomed', (w) => (w.metadata.finalizers ?? []).includes(WIDGET_FINALIZER));
    await widgets.remove(ns, 'doomed');
    await vi.waitFor(async () => {
      await expect(widgets.get(ns, 'doomed')).rejects.toMatchObject({ statusCode: 404 });
    });
    await vi.waitFor(async () => expect((await eventsFor(created.metadata.uid!)).map((e) => e.reason)).toContain('Deleted'));
  });

  it('serves probes and controller-runtime metrics', async () => {
    const { healthPort, metricsPort } = manager.endpoints!;
    expect(await (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).text()).toContain('[+]caches ok');
    expect(await (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).text()).toBe('[+]ping ok\n[+]watches ok\nok\n');
    expect((await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/controller_runtime_reconcile_total\{controller="widget",result="success"\} [1-9]/);
    expect(metrics).toMatch(/controller_runtime_terminal_reconcile_errors_total\{controller="widget"\} [1-9]/);
    expect(metrics).toContain('leader_election_master_status{name="secureml-operator-leader"} 1');
  });
});
