// ARM misbehaving: transient faults (5xx, 429 with Retry-After, a failed long-running operation, a reset
// connection) end in Ready without anyone's help; a terminal error (403) stalls with ARM's message, stops calling
// ARM, and recovers once the spec changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { condition, createSecureWorkspace, patchSpec, reconcileOnce, TUTORIAL_NETWORK, waitForCondition } from './helpers.ts';

let ns: string;
let t: TestOperator;

beforeAll(async () => {
  ns = await createTestNamespace('sws-faults');
  t = await startTestOperator({ namespace: ns });
});

afterAll(async () => t?.stop());

describe('transient ARM faults', () => {
  it('reach Ready without help, honouring Retry-After', async () => {
    const { admin } = t.emulator;
    admin.injectFault({ kind: 'http', status: 500, code: 'InternalServerError', message: 'boom', match: { method: 'PUT', type: 'Microsoft.Storage/storageAccounts' }, count: 2 });
    admin.injectFault({ kind: 'http', status: 503, code: 'ServiceUnavailable', message: 'busy', match: { method: 'PUT', type: 'Microsoft.Network/privateDnsZones' }, count: 3 });
    admin.injectFault({
      kind: 'http',
      status: 429,
      code: 'SubscriptionRequestsThrottled',
      message: "Number of 'write' requests exceeded. Please try again after '1' seconds.",
      retryAfter: 1,
      match: { method: 'PUT', type: 'Microsoft.Network/privateEndpoints' },
      count: 2,
    });
    admin.injectFault({ kind: 'lro-failed', code: 'InternalServerError', message: 'the workspace creation failed', match: { method: 'PUT', type: 'Microsoft.MachineLearningServices/workspaces' }, count: 1 });
    admin.injectFault({ kind: 'reset', match: { method: 'GET', type: 'Microsoft.KeyVault/vaults' }, count: 1 });
    admin.clearRequests();

    await createSecureWorkspace(t.kubeConfig, ns, 'flaky', { location: 'eastus', resourceGroup: 'rg-flaky', namePrefix: 'mlflaky', network: TUTORIAL_NETWORK });
    const ready = await waitForCondition(t.kubeConfig, ns, 'flaky', 'Ready');
    expect(ready.status?.progress).toBe('40/40');
    expect(admin.faults()).toEqual([]);

    const log = admin.requests();
    const statuses = new Set(log.map((r) => r.status));
    for (const s of [500, 503, 429]) expect(statuses.has(s), String(s)).toBe(true);
    // Every retry of a throttled call waited for the Retry-After (1 s) it was given.
    for (const [i, r] of log.entries()) {
      if (r.status !== 429) continue;
      const next = log.slice(i + 1).find((n) => n.method === r.method && n.path === r.path);
      expect(next, r.path).toBeDefined();
      expect(Date.parse(next!.time) - (Date.parse(r.time) + r.durationMs)).toBeGreaterThanOrEqual(950);
    }
  });
});

describe('a terminal ARM error', () => {
  const denied =
    "The client 'operator' with object id '7f0c' does not have authorization to perform action " +
    "'Microsoft.MachineLearningServices/workspaces/write' over scope '/subscriptions/x/resourceGroups/rg-denied'.";

  it('stalls with the ARM code and message, and stops calling ARM', async () => {
    const { admin } = t.emulator;
    admin.injectFault({ kind: 'http', status: 403, code: 'AuthorizationFailed', message: denied, match: { method: 'PUT', type: 'Microsoft.MachineLearningServices/workspaces' } });
    await createSecureWorkspace(t.kubeConfig, ns, 'denied', { location: 'eastus', resourceGroup: 'rg-denied', namePrefix: 'mldenied', network: TUTORIAL_NETWORK });
    const stalled = await waitForCondition(t.kubeConfig, ns, 'denied', 'Stalled');
    expect(condition(stalled, 'Stalled')).toMatchObject({ reason: 'AuthorizationFailed', message: expect.stringContaining(denied) });
    expect(condition(stalled, 'Ready')).toMatchObject({ status: 'False', reason: 'AuthorizationFailed' });
    expect(condition(stalled, 'Reconciling')).toBeUndefined();
    expect(condition(stalled, 'WorkspaceReady')).toMatchObject({ status: 'False', reason: 'AuthorizationFailed' });
    expect(stalled.status?.observedGeneration).toBe(stalled.metadata.generation);

    admin.clearRequests();
    await reconcileOnce(t.kubeConfig, ns, 'denied');
    expect(admin.requests()).toEqual([]);

    const { stdout } = await kubectl(['get', 'events.events.k8s.io', '-n', ns, '-o', 'json']);
    const warnings = (JSON.parse(stdout) as { items: { type: string; reason: string; regarding: { name: string } }[] }).items.filter(
      (e) => e.regarding.name === 'denied' && e.type === 'Warning',
    );
    expect(warnings.map((e) => e.reason)).toEqual(['AuthorizationFailed']);
  });

  it('recovers after the permission is granted and the spec changes', async () => {
    t.emulator.admin.clearFaults();
    await patchSpec(t.kubeConfig, ns, 'denied', { tags: { retry: '1' } });
    const ready = await waitForCondition(t.kubeConfig, ns, 'denied', 'Ready');
    expect(condition(ready, 'Stalled')).toBeUndefined();
    expect(ready.status?.progress).toBe('40/40');
  });
});
