import { describe, expect, it } from 'vitest';
import { KEYS } from '../../../../src/controllers/secureworkspace/plan-kit.ts';
import { planSecureWorkspace } from '../../../../src/controllers/secureworkspace/plan.ts';
import { azureNames } from '../../../../src/controllers/secureworkspace/names.ts';
import { appliedStatus, knownHostNames } from '../../../../src/controllers/secureworkspace/status.ts';
import { createPlanGraph } from '../../../../src/plan/index.ts';
import type { ApplyResult, NodeResult, NodeState, PlanGraph } from '../../../../src/plan/index.ts';
import { customerSpec, IDENTITY, input, managedSpec } from './fixtures.ts';

const NOW = new Date('2026-01-02T03:04:05Z');
const LATER = new Date('2026-01-02T04:00:00Z');

const blobPe = {
  id: '/pe/blob',
  name: 'mlsecure-pe-blob',
  networkInterfaceIds: [],
  ipAddresses: ['172.16.0.4'],
  customDnsConfigs: [{ fqdn: 'acct.blob.core.windows.net', ipAddresses: ['172.16.0.4'] }],
  connectionStatus: 'Approved',
};
const OUTPUTS: Record<string, unknown> = {
  [KEYS.privateEndpoint('blob')]: blobPe,
  [KEYS.workspace]: { id: '/ws', name: 'mlsecure-mlw', workspaceId: 'w', principalId: 'p', tenantId: 't', discoveryUrl: 'https://d' },
  [KEYS.virtualNetwork]: { id: '/vnet', name: 'v', subnetIds: { Training: '/vnet/subnets/Training', Scoring: '/vnet/subnets/Scoring', Other: '/x' } },
};

/** A run where every node has `state` except those in `overrides`. */
function run(graph: PlanGraph, state: NodeState, overrides: Record<string, Partial<NodeResult>> = {}, extra: Partial<ApplyResult> = {}): ApplyResult {
  const nodes = new Map<string, NodeResult>();
  for (const key of graph.order) {
    const node = graph.nodes.get(key)!;
    const output = OUTPUTS[key];
    nodes.set(key, {
      key,
      type: node.type,
      id: node.id,
      stage: node.stage,
      state,
      reason: state === 'Succeeded' ? 'UpToDate' : node.waitReason,
      message: `${key} ${state}`,
      operation: 'none',
      durationMs: 1,
      ...(state === 'Succeeded' && output ? { output } : {}),
      ...overrides[key],
    });
  }
  const done = [...nodes.values()].filter((r) => r.state === 'Succeeded').length;
  return { ready: done === nodes.size, nodes, progress: { done, total: nodes.size }, writes: 0, aborted: false, ...extra };
}

const graph = createPlanGraph(planSecureWorkspace(input(customerSpec())));

describe('appliedStatus', () => {
  it('Ready: every condition True for this generation, in the documented order, with the inventory and tables', () => {
    const status = appliedStatus({ previous: undefined, graph, result: run(graph, 'Succeeded'), generation: 3, adopted: new Set(), now: NOW });
    expect(status.observedGeneration).toBe(3);
    expect(status.conditions?.map((c) => [c.type, c.status, c.observedGeneration])).toEqual(
      ['Ready', 'NetworkReady', 'StorageReady', 'KeyVaultReady', 'RegistryReady', 'WorkspaceReady', 'PrivateEndpointsReady', 'PrivateDnsReady'].map((t) => [t, 'True', 3]),
    );
    expect(status.progress).toBe(`${graph.nodes.size}/${graph.nodes.size}`);
    expect(status.resources).toHaveLength(graph.nodes.size);
    expect(status.resources?.[0]).toEqual({ type: 'Microsoft.Resources/resourceGroups', name: 'rg-ml', id: graph.nodes.get(KEYS.resourceGroup)!.id, state: 'Succeeded' });
    expect(status.privateEndpoints).toEqual([{ name: 'mlsecure-pe-blob', fqdn: 'acct.blob.core.windows.net', ip: '172.16.0.4' }]);
    expect(status.workspace).toEqual({ id: '/ws', discoveryUrl: 'https://d', principalId: 'p' });
    expect(status.network).toEqual({ vnetId: '/vnet', subnetIds: { training: '/vnet/subnets/Training', scoring: '/vnet/subnets/Scoring' } });
  });

  it('is identical for an identical run later, so a no-op resync writes nothing', () => {
    const first = appliedStatus({ previous: undefined, graph, result: run(graph, 'Succeeded'), generation: 3, adopted: new Set(), now: NOW });
    const again = appliedStatus({ previous: first, graph, result: run(graph, 'Succeeded'), generation: 3, adopted: new Set(), now: LATER });
    expect(again).toEqual(first);
  });

  it('Stalled on a terminal error: the ARM code and message, the failing stage False, the generation observed', () => {
    const failed = run(graph, 'Succeeded', {
      [KEYS.workspace]: { state: 'Failed', reason: 'AuthorizationFailed', message: 'no write permission', armCode: 'AuthorizationFailed' },
      [KEYS.privateEndpoint('amlworkspace')]: { state: 'Waiting', reason: 'WaitingForWorkspace', message: 'waiting for workspace' },
    }, { stalled: { nodeKey: KEYS.workspace, code: 'AuthorizationFailed', message: 'no write permission' } });
    const status = appliedStatus({ previous: undefined, graph, result: failed, generation: 4, adopted: new Set(), now: NOW });
    const get = (t: string) => status.conditions?.find((c) => c.type === t);
    expect(get('Stalled')).toMatchObject({ status: 'True', reason: 'AuthorizationFailed', message: expect.stringContaining('no write permission') });
    expect(get('Stalled')?.message).toContain('Microsoft.MachineLearningServices/workspaces');
    expect(get('Ready')).toMatchObject({ status: 'False', reason: 'AuthorizationFailed' });
    expect(get('WorkspaceReady')).toMatchObject({ status: 'False', reason: 'AuthorizationFailed' });
    expect(get('PrivateEndpointsReady')).toMatchObject({ status: 'False', reason: 'WaitingForWorkspace' });
    expect(get('Reconciling')).toBeUndefined();
    expect(status.observedGeneration).toBe(4);
  });

  it('Reconciling while waiting: the blocker as reason, the previous observedGeneration kept', () => {
    const waiting = run(graph, 'Waiting', { [KEYS.resourceGroup]: { state: 'Succeeded' } }, {
      waitingOn: { nodeKey: KEYS.virtualNetwork, reason: 'WaitingForNetworkSecurityGroup', message: 'virtualNetwork: waiting' },
    });
    const previous = { observedGeneration: 1 };
    const status = appliedStatus({ previous, graph, result: waiting, generation: 2, adopted: new Set(), now: NOW });
    expect(status.conditions?.find((c) => c.type === 'Reconciling')).toMatchObject({ status: 'True', reason: 'WaitingForNetworkSecurityGroup' });
    expect(status.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(/^1\/\d+ Azure resources ready; virtualNetwork: waiting$/);
    expect(status.observedGeneration).toBe(1);
    expect(status.progress).toBe(`1/${graph.nodes.size}`);
  });

  it('marks adopted and external resources in the inventory, and keeps endpoint rows of endpoints not observed', () => {
    const hub = createPlanGraph(planSecureWorkspace(input(customerSpec({ privateDns: { mode: 'ZoneGroups', zonesResourceGroup: 'rg-hub' } }))));
    const rgId = hub.nodes.get(KEYS.resourceGroup)!.id;
    const previousRow = { name: 'mlsecure-pe-file', fqdn: 'acct.file.core.windows.net', ip: '172.16.0.5' };
    const result = run(hub, 'Succeeded', { [KEYS.privateEndpoint('file')]: { state: 'Waiting' } });
    const status = appliedStatus({ previous: { privateEndpoints: [previousRow] }, graph: hub, result, generation: 1, adopted: new Set([rgId.toLowerCase()]), now: NOW });
    const state = (key: string) => status.resources?.find((r) => r.id === hub.nodes.get(key)!.id)?.state;
    expect(state(KEYS.resourceGroup)).toBe('Adopted');
    expect(state(KEYS.privateDnsZone('privatelink.blob.core.windows.net'))).toBe('External');
    expect(state(KEYS.privateEndpoint('file'))).toBe('Waiting');
    expect(status.privateEndpoints).toEqual([{ name: 'mlsecure-pe-blob', fqdn: 'acct.blob.core.windows.net', ip: '172.16.0.4' }, previousRow]);
  });

  it('says NotRequired for stages without resources (a managed network without inbound endpoint)', () => {
    const managed = createPlanGraph(planSecureWorkspace(input(managedSpec())));
    const status = appliedStatus({ previous: undefined, graph: managed, result: run(managed, 'Succeeded'), generation: 1, adopted: new Set(), now: NOW });
    expect(status.conditions?.find((c) => c.type === 'PrivateEndpointsReady')).toMatchObject({ status: 'True', reason: 'NotRequired' });
    expect(status.conditions?.find((c) => c.type === 'PrivateDnsReady')).toMatchObject({ status: 'True', reason: 'NotRequired' });
  });
});

describe('knownHostNames', () => {
  const names = azureNames('mlsecure', 'rg-ml', IDENTITY);

  it('reads an earlier run from the status table, by group', () => {
    const rows = [
      { name: 'mlsecure-pe-registry', fqdn: 'acr.azurecr.io', ip: '1' },
      { name: 'mlsecure-pe-registry', fqdn: 'acr.eastus.data.azurecr.io', ip: '2' },
      { name: 'someone-else', fqdn: 'x.blob.core.windows.net', ip: '3' },
    ];
    expect(knownHostNames(names, rows)).toEqual(new Map([['registry', ['acr.azurecr.io', 'acr.eastus.data.azurecr.io']]]));
  });

  it('prefers what the endpoints serve now over the table', () => {
    const rows = [{ name: 'mlsecure-pe-blob', fqdn: 'old.blob.core.windows.net', ip: '1' }];
    expect(knownHostNames(names, rows, run(graph, 'Succeeded')).get('blob')).toEqual(['acct.blob.core.windows.net']);
  });
});
