/**
 * The informer against a real kube-apiserver, through a TCP proxy that breaks the network on demand. This file
 * starts its own control plane because it restarts the apiserver.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startControlPlane } from '../../../src/local/control-plane.ts';
import type { ControlPlane } from '../../../src/local/control-plane.ts';
import { loadConfig } from '../../../src/config.ts';
import { Manager } from '../../../src/runtime/manager.ts';
import { Informer } from '../../../src/runtime/informer.ts';
import { KubeHttp } from '../../../src/runtime/kube-http.ts';
import { createLogger } from '../../../src/runtime/logger.ts';
import type { KubeList, KubeObject, ResourceKind } from '../../../src/runtime/resource.ts';
import type { WatchSettings } from '../../../src/runtime/reflector.ts';
import { TcpProxy } from './helpers/tcp-proxy.ts';
import { KubeConfig } from '@kubernetes/client-node';

const CONFIGMAPS: ResourceKind = { group: '', version: 'v1', plural: 'configmaps' };
type ConfigMap = KubeObject & { data?: Record<string, string> };

const log = createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent');
let controlPlane: ControlPlane;
let proxy: TcpProxy;
let direct: KubeHttp;
const started: { informer: Informer<ConfigMap>; http: KubeHttp }[] = [];
let namespaceCounter = 0;

beforeAll(async () => {
  controlPlane = await startControlPlane();
  const url = new URL(controlPlane.host);
  proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port) });
  const kc = new KubeConfig();
  kc.loadFromFile(controlPlane.kubeconfigPath);
  direct = new KubeHttp(kc);
});

afterAll(async () => {
  for (const { informer, http } of started) {
    await informer.stop();
    await http.close();
  }
  await direct?.close();
  await proxy?.close();
  await controlPlane?.stop();
});

async function namespace(): Promise<string> {
  const name = `informer-${++namespaceCounter}`;
  await direct.json('POST', '/api/v1/namespaces', { body: { metadata: { name } } });
  return name;
}

const cmPath = (ns: string, name?: string): string => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
const createCm = (ns: string, name: string, value: string): Promise<ConfigMap> =>
  direct.json('POST', cmPath(ns), { body: { metadata: { name, labels: { app: value } }, data: { value } } });
const updateCm = (ns: string, name: string, value: string): Promise<ConfigMap> =>
  direct.json('PATCH', cmPath(ns, name), { body: { data: { value } }, patchType: 'merge' });
const deleteCm = (ns: string, name: string): Promise<unknown> => direct.json('DELETE', cmPath(ns, name));

/** An informer that reaches the apiserver through the proxy, recording its handler calls. */
function informerFor(ns: string | string[] | 'all', settings: Partial<WatchSettings> = {}) {
  const http = new KubeHttp(proxy.kubeConfig(controlPlane.kubeconfigPath));
  const informer = new Informer<ConfigMap>({
    http,
    kind: CONFIGMAPS,
    namespaces: typeof ns === 'string' && ns !== 'all' ? [ns] : ns,
    settings: { timeoutSecondsMin: 30, timeoutSecondsMax: 60, idleTimeoutMs: 60_000, backoff: { baseMs: 100, maxMs: 1000 }, ...settings },
    log,
  });
  const events: string[] = [];
  informer.addHandler({
    onAdd: (o) => events.push(`add ${o.metadata.name}`),
    onUpdate: (_old, o) => events.push(`update ${o.metadata.name}=${o.data?.['value']}`),
    onDelete: (o) => events.push(`delete ${o.metadata.name}`),
  });
  informer.addIndex('app', (o) => [o.metadata.labels?.['app'] ?? '']);
  informer.start();
  started.push({ informer, http });
  return { informer, events };
}

/** Waits until the cache holds exactly what the apiserver holds (names and resourceVersions). */
async function expectConverged(informer: Informer<ConfigMap>, ns: string): Promise<void> {
  const truth = await direct.get<KubeList<ConfigMap>>(cmPath(ns));
  const want = truth.items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  await vi.waitFor(
    () => expect(informer.list(ns).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort()).toEqual(want),
    { timeout: 30_000, interval: 50 },
  );
}

describe('Informer against a real apiserver', () => {
  it('lists, then follows adds, updates and deletes, with indexes', async () => {
    const ns = await namespace();
    await createCm(ns, 'before', 'a');
    const { informer, events } = informerFor(ns);
    await vi.waitFor(() => expect(informer.hasSynced()).toBe(true), { timeout: 10_000 });
    expect(informer.get(ns, 'before')?.data).toEqual({ value: 'a' });
    await createCm(ns, 'after', 'b');
    await updateCm(ns, 'before', 'b');
    await deleteCm(ns, 'after');
    await vi.waitFor(() => expect(events).toEqual(['add before', 'add after', 'update before=b', 'delete after']));
    expect(informer.byIndex('app', 'a').map((o) => o.metadata.name)).toEqual(['before']);
    // List items carry no apiVersion/kind; the informer fills them in for events and owner references.
    expect(informer.get(ns, 'before')).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
  });

  it('in metadata-only mode caches no object content, yet sees every change (the Secret watch relies on it)', async () => {
    const ns = await namespace();
    const informer = new Informer<ConfigMap>({
      http: direct,
      kind: CONFIGMAPS,
      namespaces: [ns],
      metadataOnly: true,
      settings: { timeoutSecondsMin: 30, timeoutSecondsMax: 60, idleTimeoutMs: 60_000, backoff: { baseMs: 100, maxMs: 1000 } },
      log,
    });
    const updates: string[] = [];
    informer.addHandler({ onUpdate: (_old, o) => updates.push(`${o.metadata.name}@${o.metadata.resourceVersion}`) });
    informer.start();
    try {
      // An empty metadata-only list answers `items: null`: the cache must still sync (or no controller starts).
      await vi.waitFor(() => expect(informer.hasSynced()).toBe(true), { timeout: 10_000 });
      await createCm(ns, 'meta', 'secret-value-1');
      await vi.waitFor(() => expect(informer.get(ns, 'meta')?.metadata.labels).toEqual({ app: 'secret-value-1' }), { timeout: 10_000 });
      const changed = await updateCm(ns, 'meta', 'secret-value-2');
      await vi.waitFor(() => expect(updates).toEqual([`meta@${changed.metadata.resourceVersion}`]), { timeout: 10_000 });
      const cached = JSON.stringify(informer.list(ns));
      expect(cached).not.toContain('secret-value-2');
      expect(informer.get(ns, 'meta')).not.toHaveProperty('data');
    } finally {
      await informer.stop();
    }
  });

  it('scopes to a list of namespaces, or all of them', async () => {
    const [a, b, other] = [await namespace(), await namespace(), await namespace()];
    for (const ns of [a, b, other]) await createCm(ns, 'cm', ns);
    const { informer: some } = informerFor([a, b]);
    const { informer: all } = informerFor('all');
    await vi.waitFor(() => expect(some.hasSynced() && all.hasSynced()).toBe(true), { timeout: 10_000 });
    await createCm(b, 'later', 'x');
    await vi.waitFor(() => expect(some.get(b, 'later')).toBeDefined());
    expect(some.list().map((o) => o.metadata.namespace).sort()).toEqual([a, b, b].sort());
    await vi.waitFor(() => expect(all.get(b, 'later')).toBeDefined());
    expect(all.get(other, 'cm')).toBeDefined();
    expect(some.get(other, 'cm')).toBeUndefined();
  });

  it('survives dropped connections and sees every change made while disconnected', async () => {
    const ns = await namespace();
    await createCm(ns, 'stays', '1');
    await createCm(ns, 'goes', '1');
    const { informer, events } = informerFor(ns);
    await vi.waitFor(() => expect(informer.hasSynced()).toBe(true), { timeout: 10_000 });
    proxy.drop();
    await updateCm(ns, 'stays', '2');
    await expectConverged(informer, ns);

    proxy.refuse();
    await updateCm(ns, 'stays', '3');
    await deleteCm(ns, 'goes');
    await createCm(ns, 'new', '1');
    await new Promise((r) => setTimeout(r, 500));
    proxy.pass();
    await expectConverged(informer, ns);
    expect(events).toContain('update stays=3');
    expect(events).toContain('delete goes');
    expect(events).toContain('add new');
    expect(informer.stats().errors).toBeGreaterThan(0);
  });

  it('restarts a half-open watch that went silent (watchdog)', async () => {
    const ns = await namespace();
    const { informer } = informerFor(ns, { idleTimeoutMs: 2000, timeoutSecondsMin: 120, timeoutSecondsMax: 180 });
    await vi.waitFor(() => expect(informer.hasSynced()).toBe(true), { timeout: 10_000 });
    // Seeing a change proves the watch connection is open, so the freeze catches it.
    await createCm(ns, 'probe', 'x');
    await vi.waitFor(() => expect(informer.get(ns, 'probe')).toBeDefined());
    const staleBefore = informer.stats().stale;
    proxy.freezeOpen();
    await createCm(ns, 'during-freeze', 'x');
    // Nothing on the frozen connection will ever tell the informer; only the watchdog gets it out.
    await vi.waitFor(() => expect(informer.get(ns, 'during-freeze')).toBeDefined(), { timeout: 15_000 });
    expect(informer.stats().stale).toBeGreaterThan(staleBefore);
    proxy.drop();
  });

  it('survives an apiserver restart, and relists after 410 Gone, emitting deletes for vanished objects', async () => {
    const ns = await namespace();
    await createCm(ns, 'keep', '1');
    await createCm(ns, 'vanish', '1');
    const { informer, events } = informerFor(ns);
    await vi.waitFor(() => expect(informer.hasSynced()).toBe(true), { timeout: 10_000 });

    await controlPlane.restartApiServer();
    await updateCm(ns, 'keep', '2');
    await expectConverged(informer, ns);

    // Disconnected, the informer's resourceVersion falls behind; writes elsewhere move etcd's revision on, and the
    // restarted apiserver's watch cache starts past it, so the informer's re-watch gets 410 Gone.
    proxy.refuse();
    await deleteCm(ns, 'vanish');
    await updateCm(ns, 'keep', '3');
    await direct.json('POST', `/api/v1/namespaces/${ns}/secrets`, { body: { metadata: { name: 'unrelated' } } });
    const goneBefore = informer.stats().gone;
    const listsBefore = informer.stats().lists;
    await controlPlane.restartApiServer();
    proxy.pass();
    await expectConverged(informer, ns);
    expect(informer.stats().gone).toBeGreaterThan(goneBefore);
    expect(informer.stats().lists).toBeGreaterThan(listsBefore);
    expect(events).toContain('delete vanish');
    expect(events).toContain('update keep=3');
    expect(informer.get(ns, 'vanish')).toBeUndefined();
  });

  it('/healthz fails while the watches cannot reach the apiserver, and recovers with them', { timeout: 120_000 }, async () => {
    const ns = await namespace();
    const config = loadConfig(
      [`--namespaces=${ns}`, '--leader-elect=false', '--watch-idle-timeout=1s', '--metrics-bind-address=0', '--health-probe-bind-address=127.0.0.1:0', '--log-level=silent'],
      {},
    );
    const manager = new Manager({ kubeConfig: proxy.kubeConfig(controlPlane.kubeconfigPath), config, logger: log, onLeadershipLost: () => undefined });
    manager.informer(CONFIGMAPS);
    await manager.start();
    const healthz = async (): Promise<{ status: number; text: string }> => {
      const res = await fetch(`http://127.0.0.1:${manager.endpoints!.healthPort}/healthz`);
      return { status: res.status, text: await res.text() };
    };
    try {
      await vi.waitFor(async () => expect((await healthz()).status).toBe(200), { timeout: 10_000 });
      proxy.refuse();
      // Stale after 2 × the idle timeout + 30 s of reconnect backoff without any progress.
      await vi.waitFor(async () => expect(await healthz()).toMatchObject({ status: 500, text: expect.stringContaining('[-]watches failed') }), { timeout: 60_000, interval: 1000 });
      proxy.pass();
      await vi.waitFor(async () => expect((await healthz()).status).toBe(200), { timeout: 45_000, interval: 500 });
    } finally {
      proxy.pass();
      await manager.stop();
    }
  });
});
