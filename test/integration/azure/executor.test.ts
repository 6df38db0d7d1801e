// The generic executor driving the production adapters against the emulator: a small private-endpoint graph
// (RG → VNet + storage → PE → zone + link + zone group) applied, re-applied without writes, drifted, failed,
// interrupted, resumed, and destroyed in reverse order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  armExternal,
  armResource,
  createArmAdapters,
  createArmClients,
  createArmMetricsPolicy,
  privateDnsZoneGroups,
  privateDnsZones,
  privateEndpoints,
  resourceGroups,
  storageAccounts,
  virtualNetworkLinks,
  virtualNetworks,
} from '../../../src/azure/index.ts';
import type { ArmRequestMetric } from '../../../src/azure/index.ts';
import { emulatorCredential } from '../../../src/azure/credentials.ts';
import { apply, createPlanGraph, destroy, summarizeStages } from '../../../src/plan/index.ts';
import type { PlanNode, ProgressEvent } from '../../../src/plan/index.ts';
import { LOCATION, QUICK, startHarness, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
afterAll(() => h?.stop());
beforeAll(async () => {
  h = await startHarness();
});

/** The private-endpoint slice of a SecureWorkspace graph, in its own resource group. */
function graphFor(rg: string, opts: { storageName?: string; hubZoneId?: string } = {}) {
  const storageName = opts.storageName ?? uniqueName('st');
  const group = armResource(resourceGroups, { key: 'rg', id: h.groupId(rg), stage: 'Network', desired: { location: LOCATION } });
  const vnet = armResource(virtualNetworks, {
    key: 'vnet',
    id: h.id(rg, 'Microsoft.Network/virtualNetworks/vnet'),
    stage: 'Network',
    dependsOn: [group],
    desired: { location: LOCATION, addressPrefixes: ['172.16.0.0/16'], subnets: [{ name: 'training', addressPrefix: '172.16.0.0/24' }] },
  });
  const storage = armResource(storageAccounts, {
    key: 'storage',
    id: h.id(rg, `Microsoft.Storage/storageAccounts/${storageName}`),
    stage: 'Storage',
    dependsOn: [group],
    desired: { location: LOCATION, sku: 'Standard_LRS' },
  });
  const pe = armResource(privateEndpoints, {
    key: 'pe-blob',
    id: h.id(rg, 'Microsoft.Network/privateEndpoints/pe-blob'),
    stage: 'PrivateEndpoints',
    dependsOn: [vnet, storage],
    desired: (o) => ({
      location: LOCATION,
      subnetId: o.get(vnet).subnetIds['training'] ?? '',
      privateLinkServiceId: o.get(storage).id,
      groupIds: ['blob'],
    }),
  });
  const zoneId = opts.hubZoneId ?? h.id(rg, 'Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net');
  const zone = opts.hubZoneId
    ? armExternal(privateDnsZones, { key: 'zone', id: zoneId, stage: 'PrivateDns' })
    : armResource(privateDnsZones, { key: 'zone', id: zoneId, stage: 'PrivateDns', dependsOn: [group], desired: {} });
  const link = armResource(virtualNetworkLinks, {
    key: 'link',
    id: `${zoneId}/virtualNetworkLinks/${rg}-vnet`,
    stage: 'PrivateDns',
    dependsOn: [zone, vnet],
    desired: (o) => ({ virtualNetworkId: o.get(vnet).id }),
  });
  const zoneGroup = armResource(privateDnsZoneGroups, {
    key: 'zone-group',
    id: `${pe.id}/privateDnsZoneGroups/default`,
    stage: 'PrivateDns',
    dependsOn: [pe, zone],
    desired: (o) => ({ zones: [{ privateDnsZoneId: o.get(zone).id }] }),
  });
  const nodes: PlanNode[] = [group, vnet, storage, pe, zone, link, zoneGroup];
  return { graph: createPlanGraph(nodes), ids: { group: group.id, vnet: vnet.id, storage: storage.id, pe: pe.id, zone: zoneId, link: link.id } };
}

const writes = () => h.emu.admin.requests().filter((r) => r.method !== 'GET');

describe('apply and destroy a private-endpoint graph', () => {
  it('converges, then costs zero writes, fixes drift with one write, and tears down in reverse order', async () => {
    const rg = uniqueName('rg');
    const { graph, ids } = graphFor(rg);
    const events: ProgressEvent[] = [];

    const first = await apply(graph, h.adapters, { ...QUICK, onProgress: (e) => events.push(e) });
    expect(first.stalled).toBeUndefined();
    expect(first.ready).toBe(true);
    expect(first.progress).toEqual({ done: 7, total: 7 });
    expect(first.writes).toBe(7);
    expect(summarizeStages(graph, first).map((s) => [s.stage, s.state])).toEqual([
      ['Network', 'Succeeded'],
      ['Storage', 'Succeeded'],
      ['PrivateDns', 'Succeeded'],
      ['PrivateEndpoints', 'Succeeded'],
    ]);
    expect(events.filter((e) => e.kind === 'stage')).toHaveLength(4);
    const records = h.emu.admin.inventory().filter((r) => String(r['id']).toLowerCase().startsWith(`${ids.zone.toLowerCase()}/a/`));
    expect(records).toHaveLength(1);

    h.emu.admin.clearRequests();
    const second = await apply(graph, h.adapters, QUICK);
    expect(second.ready).toBe(true);
    expect(second.writes).toBe(0);
    expect(writes()).toEqual([]);
    expect(h.emu.admin.requests()).toHaveLength(7);

    h.emu.admin.mutate(ids.storage, { properties: { publicNetworkAccess: 'Enabled' } });
    h.emu.admin.clearRequests();
    const third = await apply(graph, h.adapters, QUICK);
    expect(third.writes).toBe(1);
    expect(third.nodes.get('storage')).toMatchObject({ operation: 'update', changedFields: ['publicNetworkAccess'] });
    expect(writes().map((r) => r.method)).toEqual(['PUT']);

    h.emu.admin.clearRequests();
    const gone = await destroy(graph, h.adapters, QUICK);
    expect(gone.stalled).toBeUndefined();
    expect(gone.done).toBe(true);
    expect(gone.writes).toBe(7);
    const deletes = writes().map((r) => r.path.toLowerCase());
    const at = (id: string) => deletes.indexOf(id.toLowerCase());
    expect(at(`${ids.pe}/privateDnsZoneGroups/default`)).toBeLessThan(at(ids.pe));
    expect(at(ids.pe)).toBeLessThan(at(ids.vnet));
    expect(at(ids.link)).toBeLessThan(at(ids.zone));
    expect(at(ids.vnet)).toBeLessThan(at(ids.group));
    expect(h.emu.admin.inventory().filter((r) => String(r['id']).toLowerCase().includes(`/resourcegroups/${rg.toLowerCase()}`))).toEqual([]);
  });

  it('references an external hub zone without ever writing or deleting it', async () => {
    const hubRg = uniqueName('hub');
    const hubZoneId = h.id(hubRg, 'Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net');
    await h.clients.resources.resourceGroups.createOrUpdate(hubRg, { location: LOCATION });
    await h.clients.privateDns.privateZones.createOrUpdate(hubRg, 'privatelink.blob.core.windows.net', { location: 'global' }, { updateIntervalInMs: 10 });
    const { graph } = graphFor(uniqueName('rg'), { hubZoneId });
    h.emu.admin.clearRequests();
    expect((await apply(graph, h.adapters, QUICK)).ready).toBe(true);
    expect((await destroy(graph, h.adapters, QUICK)).done).toBe(true);
    const hubWrites = writes().filter((r) => r.path.toLowerCase() === hubZoneId.toLowerCase());
    expect(hubWrites).toEqual([]);
    expect(await h.clients.privateDns.privateZones.get(hubRg, 'privatelink.blob.core.windows.net')).toMatchObject({ name: 'privatelink.blob.core.windows.net' });
  });
});

describe('resource group teardown', () => {
  it('never deletes a group that still holds resources the graph does not know', async () => {
    const rg = uniqueName('rg');
    const graph = createPlanGraph([armResource(resourceGroups, { key: 'rg', id: h.groupId(rg), stage: 'Network', desired: { location: LOCATION } })]);
    expect((await apply(graph, h.adapters, QUICK)).ready).toBe(true);
    await h.clients.network.networkSecurityGroups.createOrUpdate(rg, 'someone-elses-nsg', { location: LOCATION }, { updateIntervalInMs: 10 });
    const result = await destroy(graph, h.adapters, { ...QUICK, retry: { maxRetryTimeMs: 200, minDelayMs: 20, maxDelayMs: 50 } });
    expect(result.done).toBe(false);
    expect(result.stalled).toBeUndefined();
    expect(result.nodes.get('rg')).toMatchObject({ state: 'Waiting', reason: 'ResourceGroupNotEmpty' });
    expect(result.nodes.get('rg')?.message).toContain('someone-elses-nsg');
    expect(await h.clients.resources.resourceGroups.get(rg)).toMatchObject({ name: rg });
  });
});

describe('errors and interruptions', () => {
  it('retries injected 500s and throttling, and stalls on a terminal ARM error with its code', async () => {
    const rg = uniqueName('rg');
    const { graph } = graphFor(rg);
    h.emu.admin.injectFault({ match: { method: 'PUT', type: 'Microsoft.Network/virtualNetworks' }, count: 2, kind: 'http', status: 503, code: 'ServiceUnavailable' });
    h.emu.admin.injectFault({ match: { method: 'GET', type: 'Microsoft.Storage/storageAccounts' }, count: 2, kind: 'http', status: 429, code: 'SubscriptionRequestsThrottled', retryAfter: 0 });
    h.emu.admin.injectFault({ match: { method: 'PUT', type: 'Microsoft.Network/privateEndpoints' }, count: 1, kind: 'http', status: 403, code: 'AuthorizationFailed', message: 'no write on privateEndpoints' });
    const result = await apply(graph, h.adapters, QUICK);
    h.emu.admin.clearFaults();
    expect(result.nodes.get('vnet')?.state).toBe('Succeeded');
    expect(result.nodes.get('storage')?.state).toBe('Succeeded');
    expect(result.stalled).toEqual({ nodeKey: 'pe-blob', code: 'AuthorizationFailed', message: 'no write on privateEndpoints' });
    expect(result.nodes.get('zone-group')).toMatchObject({ state: 'Waiting', reason: 'WaitingForPrivateEndpoint' });
    expect(result.nodes.get('link')?.state).toBe('Succeeded');

    const retried = await apply(graph, h.adapters, QUICK);
    expect(retried.ready).toBe(true);
    await destroy(graph, h.adapters, QUICK);
  });

  it('reports a failed long-running operation with the ARM code from its status', async () => {
    const { graph } = graphFor(uniqueName('rg'));
    h.emu.admin.injectFault({ match: { method: 'PUT', type: 'Microsoft.Network/privateEndpoints' }, count: 1, kind: 'lro-failed', code: 'PrivateEndpointCreationNotAllowed', message: 'policy forbids it' });
    const result = await apply(graph, h.adapters, QUICK);
    h.emu.admin.clearFaults();
    expect(result.stalled).toMatchObject({ nodeKey: 'pe-blob', code: 'PrivateEndpointCreationNotAllowed' });
    expect(result.stalled?.message).toContain('policy forbids it');
    await destroy(graph, h.adapters, QUICK);
  });

  it('stops promptly on abort, then a new run finds the operation in flight and waits for it instead of writing', async () => {
    const rg = uniqueName('rg');
    const { graph, ids } = graphFor(rg);
    h.emu.admin.setLatency('realistic', 0.05);
    try {
      const controller = new AbortController();
      const running = apply(graph, h.adapters, { ...QUICK, signal: controller.signal });
      // The private endpoint takes 30 s × 0.05 = 1.5 s: abort while it is being created.
      await waitFor(() => writes().some((r) => r.method === 'PUT' && r.path.toLowerCase() === ids.pe.toLowerCase()));
      const t0 = performance.now();
      controller.abort();
      const interrupted = await running;
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(interrupted.aborted).toBe(true);
      expect(interrupted.nodes.get('pe-blob')?.state).toBe('InProgress');

      h.emu.admin.clearRequests();
      const resumed = await apply(graph, h.adapters, QUICK);
      expect(resumed.ready).toBe(true);
      expect(writes().filter((r) => r.path.toLowerCase() === ids.pe.toLowerCase())).toEqual([]);
      expect(resumed.nodes.get('pe-blob')?.operation).toBe('none');
    } finally {
      h.emu.admin.setLatency('instant');
    }
    await destroy(graph, h.adapters, QUICK);
  });
});

describe('metrics', () => {
  it('reports every ARM call with its resource type and status through the pipeline policy', async () => {
    const seen: ArmRequestMetric[] = [];
    const clients = createArmClients({
      subscriptionId: h.subscriptionId,
      endpoint: h.emu.endpoint,
      caPem: h.emu.caPem,
      credential: emulatorCredential(),
      additionalPolicies: [createArmMetricsPolicy((m) => seen.push(m))],
    });
    const adapters = createArmAdapters(clients, { endpoint: h.emu.endpoint, updateIntervalInMs: 10 });
    const rg = uniqueName('rg');
    const graph = createPlanGraph([armResource(resourceGroups, { key: 'rg', id: h.groupId(rg), stage: 'Network', desired: { location: LOCATION } })]);
    await apply(graph, adapters, QUICK);
    expect(seen.map((m) => [m.resourceType, m.method, m.statusCode])).toEqual([
      ['Microsoft.Resources/resourceGroups', 'GET', 404],
      ['Microsoft.Resources/resourceGroups', 'PUT', 201],
    ]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
