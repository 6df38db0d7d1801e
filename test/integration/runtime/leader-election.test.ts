/**
 * Two replicas of the example operator (child processes) with production leader-election timings (15 s lease,
 * 10 s renew deadline, 2 s retry): exactly one reconciles; SIGKILL of the leader hands over within the lease
 * duration plus retries; a leader frozen past its lease (SIGSTOP) never writes again when it wakes up, and exits 1;
 * SIGTERM releases the lease. Prints the failover times it measures.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { Manager, NotLeaderError, createLogger } from '../../../src/runtime/index.ts';
import type { AbortReason } from '../../../src/runtime/index.ts';
import { KubeHttp } from '../../../src/runtime/kube-http.ts';
import type { KubeList } from '../../../src/runtime/resource.ts';
import { streamWatch } from '../../../src/runtime/watch-stream.ts';
import { ensureWidgetCrd, widgetApi, widgetController } from '../../support/example-controller.ts';
import type { Widget } from '../../support/example-controller.ts';
import { createTestNamespace, kubeConfig } from '../../support/kube.ts';
import { OperatorProcess } from './helpers/operator-process.ts';
import { TcpProxy } from './helpers/tcp-proxy.ts';

const LEASE = 'widget-leader';
const LEASE_DURATION_MS = 15_000;
const RETRY_PERIOD_MS = 2_000;

interface Lease {
  spec?: { holderIdentity?: string; leaseTransitions?: number };
}

let ns: string;
let http: KubeHttp;
let widgets: ReturnType<typeof widgetApi>;
const replicas: OperatorProcess[] = [];
const watchStop = new AbortController();
/**
 * Status writes seen by an independent watch: every change of a Widget's status.reconciledBy names the replica
 * that wrote it (spec edits by the test leave it unchanged and are not counted).
 */
const writes: { at: number; name: string; by: string | undefined }[] = [];
const lastWriter = new Map<string, string | undefined>();

beforeAll(async () => {
  const kc = kubeConfig();
  await ensureWidgetCrd(kc);
  ns = await createTestNamespace('runtime-leader');
  http = new KubeHttp(kc);
  widgets = widgetApi(kc);
  const path = `/apis/test.secureml.io/v1/namespaces/${ns}/widgets`;
  const list = await http.get<KubeList<Widget>>(path);
  void streamWatch<Widget>(http, {
    path,
    query: { resourceVersion: list.metadata.resourceVersion, timeoutSeconds: 900 },
    idleTimeoutMs: 900_000,
    signal: watchStop.signal,
    onEvent: (e) => {
      const name = e.object.metadata.name!;
      const by = e.object.status?.reconciledBy;
      if (by !== lastWriter.get(name)) writes.push({ at: performance.now(), name, by });
      lastWriter.set(name, by);
    },
  });
});

afterAll(async () => {
  watchStop.abort();
  await Promise.all(replicas.map((r) => r.stop()));
  await http?.close();
  await widgets?.close();
});

function replica(name: string): OperatorProcess {
  const process = new OperatorProcess(name, [
    `--kubeconfig=${inject('kubeconfig')}`,
    `--namespaces=${ns}`,
    `--leader-election-namespace=${ns}`,
    `--leader-election-id=${LEASE}`,
    '--metrics-bind-address=0',
    '--health-probe-bind-address=0',
    '--log-level=info',
  ]);
  replicas.push(process);
  return process;
}

async function holder(): Promise<string | undefined> {
  try {
    const lease = await http.get<Lease>(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${LEASE}`);
    return lease.spec?.holderIdentity;
  } catch {
    return undefined;
  }
}

async function waitForHolder(identity: string | undefined, timeout: number): Promise<number> {
  await vi.waitFor(async () => expect(await holder()).toBe(identity), { timeout, interval: 100 });
  return performance.now();
}

async function waitReconciledBy(name: string, identity: string, timeout = 30_000): Promise<number> {
  await vi.waitFor(async () => expect((await widgets.get(ns, name)).status?.reconciledBy).toBe(identity), { timeout, interval: 100 });
  return performance.now();
}

describe('leader election across two operator processes', () => {
  it('one leader reconciles; SIGKILL hands over; a frozen leader never writes again; SIGTERM releases', { timeout: 240_000 }, async () => {
    const a = replica('replica-a');
    const b = replica('replica-b');
    await vi.waitFor(() => expect(a.identity && b.identity).toBeTruthy(), { timeout: 30_000 });
    await vi.waitFor(async () => expect([a.identity, b.identity]).toContain(await holder()), { timeout: 30_000 });
    const [leader, standby] = (await holder()) === a.identity ? [a, b] : [b, a];

    // Exactly one replica reconciles.
    for (const name of ['w1', 'w2', 'w3']) await widgets.create(ns, name, { size: 1 });
    for (const name of ['w1', 'w2', 'w3']) await waitReconciledBy(name, leader.identity!);
    expect(writes.filter((w) => w.by === standby.identity)).toEqual([]);

    // SIGKILL: the standby takes over once the lease expires.
    const killedAt = performance.now();
    leader.signal('SIGKILL');
    await widgets.create(ns, 'after-kill', { size: 1 });
    const acquiredAt = await waitForHolder(standby.identity, LEASE_DURATION_MS + 4 * RETRY_PERIOD_MS + 10_000);
    const reconciledAt = await waitReconciledBy('after-kill', standby.identity!);
    const takeoverMs = acquiredAt - killedAt;
    console.log(`failover after SIGKILL: lease taken over in ${(takeoverMs / 1000).toFixed(1)} s, first reconcile by the new leader after ${((reconciledAt - killedAt) / 1000).toFixed(1)} s (lease ${LEASE_DURATION_MS / 1000} s, retry ${RETRY_PERIOD_MS / 1000} s)`);
    expect(takeoverMs).toBeLessThan(LEASE_DURATION_MS + 2 * RETRY_PERIOD_MS + 3_000);
    expect(await leader.exited()).toBeNull();

    // A third replica joins as standby; then the leader freezes (SIGSTOP) past its lease.
    const c = replica('replica-c');
    await vi.waitFor(() => expect(c.identity).toBeTruthy(), { timeout: 30_000 });
    const frozen = standby;
    frozen.signal('SIGSTOP');
    const frozenAt = performance.now();
    const cAcquiredAt = await waitForHolder(c.identity, LEASE_DURATION_MS + 4 * RETRY_PERIOD_MS + 10_000);
    console.log(`failover after SIGSTOP: lease taken over in ${((cAcquiredAt - frozenAt) / 1000).toFixed(1)} s`);
    // Spec changes the frozen replica will see in its watch backlog when it wakes, and would like to act on.
    await widgets.patchSpec(ns, 'w1', { size: 2 });
    await widgets.patchSpec(ns, 'after-kill', { size: 2 });
    await waitReconciledBy('w1', c.identity!);
    await waitReconciledBy('after-kill', c.identity!);

    frozen.signal('SIGCONT');
    const code = await frozen.exited();
    expect(code).toBe(1);
    expect(frozen.loggedAt('failed to renew the lease within the renew deadline; leadership lost')).toBeDefined();
    expect(writes.filter((w) => w.by === frozen.identity && w.at > cAcquiredAt)).toEqual([]);
    expect(await holder()).toBe(c.identity);

    // SIGTERM: clean stop, lease released for the next replica at once.
    expect(await c.stop()).toBe(0);
    expect(await holder()).toBe('');
  });

  it('a leader that cannot renew stops at once: reconciles aborted, writes refused, lost within the renew deadline', async () => {
    const url = new URL(kubeConfig().getCurrentCluster()!.server);
    const proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port) });
    const config = loadConfig(
      [
        `--namespaces=${ns}`,
        `--leader-election-namespace=${ns}`,
        '--leader-election-id=in-process-leader',
        '--leader-election-lease-duration=4s',
        '--leader-election-renew-deadline=3s',
        '--leader-election-retry-period=500ms',
        '--metrics-bind-address=0',
        '--health-probe-bind-address=0',
        '--log-level=silent',
      ],
      {},
    );
    let lostAt: number | undefined;
    const aborts: (AbortReason | undefined)[] = [];
    const manager = new Manager({
      kubeConfig: proxy.kubeConfig(inject('kubeconfig')),
      config,
      logger: createLogger(config.logLevel),
      onLeadershipLost: () => (lostAt = performance.now()),
    });
    manager.addController(widgetController(manager, { onAbort: (_name, reason) => aborts.push(reason) }));
    try {
      await manager.start();
      await vi.waitFor(() => expect(manager.isLeader()).toBe(true), { timeout: 20_000 });
      await widgets.create(ns, 'in-flight', { mode: 'Slow' });
      await vi.waitFor(async () => expect((await widgets.get(ns, 'in-flight')).status?.conditions?.some((c) => c.type === 'Reconciling')).toBe(true));

      const cutAt = performance.now();
      proxy.refuse();
      await vi.waitFor(() => expect(lostAt).toBeDefined(), { timeout: 10_000 });
      console.log(`renewals cut: leadership lost after ${((lostAt! - cutAt) / 1000).toFixed(1)} s (renew deadline 3 s)`);
      expect(lostAt! - cutAt).toBeLessThan(3_000 + 1_500);
      expect(aborts).toEqual(['leadership-lost']);
      expect(manager.isLeader()).toBe(false);
      await expect(manager.http.json('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { metadata: { name: 'x' } } })).rejects.toBeInstanceOf(NotLeaderError);
    } finally {
      proxy.pass();
      await manager.stop();
      await proxy.close();
    }
  });
});
