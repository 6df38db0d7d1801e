// The tutorial (seed 002) end to end: one SecureWorkspace → every Azure resource, private DNS that resolves, status
// a user can read; delete → nothing left; re-create the same object → Ready again (soft-deleted key vault).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../../../src/emulator/index.ts';
import { kubectl, createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import {
  countByType,
  createSecureWorkspace,
  deleteSecureWorkspace,
  dnsProblems,
  inGroup,
  inventory,
  ownedBy,
  props,
  TUTORIAL_NETWORK,
  waitForCondition,
  waitForGone,
} from './helpers.ts';
import type { Resource, SecureWorkspaceObject } from './helpers.ts';

const NAME = 'tutorial';
const GROUP = 'rg-tutorial';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

/** What seed 002 builds, by type (subnets, NICs and SOA records are made by Azure alongside). */
const EXPECTED = {
  'Microsoft.Network/networkSecurityGroups': 1,
  'Microsoft.Network/virtualNetworks': 1,
  'Microsoft.Network/virtualNetworks/subnets': 3,
  'Microsoft.Storage/storageAccounts': 1,
  'Microsoft.KeyVault/vaults': 1,
  'Microsoft.ContainerRegistry/registries': 1,
  'microsoft.insights/components': 1,
  'Microsoft.MachineLearningServices/workspaces': 1,
  'Microsoft.Network/privateEndpoints': 5,
  'Microsoft.Network/networkInterfaces': 5,
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups': 5,
  'Microsoft.Network/privateDnsZones': 6,
  'Microsoft.Network/privateDnsZones/SOA': 6,
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks': 6,
  // blob, file, vault, registry (+ regional data endpoint), workspace (api, cert, notebooks)
  'Microsoft.Network/privateDnsZones/A': 8,
  'Microsoft.Authorization/roleAssignments': 2,
};

let ns: string;
let t: TestOperator;
let ready: SecureWorkspaceObject;

const ofType = (resources: Resource[], type: string) => resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
const one = (resources: Resource[], type: string): Resource => {
  const found = ofType(resources, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

beforeAll(async () => {
  ns = await createTestNamespace('sws-customer');
  t = await startTestOperator({ namespace: ns });
  await createSecureWorkspace(t.kubeConfig, ns, NAME, {
    location: 'eastus',
    resourceGroup: GROUP,
    namePrefix: 'mltut',
    tags: { env: 'test' },
    network: TUTORIAL_NETWORK,
    workspace: { friendlyName: 'Tutorial workspace' },
  });
  ready = await waitForCondition(t.kubeConfig, ns, NAME, 'Ready');
});

afterAll(async () => t?.stop());

describe('create', () => {
  it('builds exactly the tutorial resources in the resource group', () => {
    const all = inventory(t.emulator);
    expect(countByType(inGroup(all, t.emulator.subscriptionId, GROUP))).toEqual(EXPECTED);
    const group = all.find((r) => r.type === 'Microsoft.Resources/resourceGroups' && r.name === GROUP);
    expect(group && ownedBy(group, ns, NAME)).toBe(true);
  });

  it('stamps every taggable resource it created with its owner and the user tags', () => {
    const resources = inGroup(inventory(t.emulator), t.emulator.subscriptionId, GROUP);
    const taggable = resources.filter((r) => !/\/(subnets|privateDnsZoneGroups|A|SOA|roleAssignments|networkInterfaces)$/.test(r.type));
    expect(taggable.length).toBe(24);
    for (const r of taggable) {
      expect(ownedBy(r, ns, NAME), r.id).toBe(true);
      expect(r.tags?.['env'], r.id).toBe('test');
    }
  });

  it('sets the security properties of seeds 001/002', () => {
    const resources = inGroup(inventory(t.emulator), t.emulator.subscriptionId, GROUP);
    const rules = props(one(resources, 'Microsoft.Network/networkSecurityGroups'))['securityRules'] as Resource[];
    expect(rules.map((r) => [props(r)['sourceAddressPrefix'], props(r)['destinationPortRange'], props(r)['protocol']])).toEqual([
      ['BatchNodeManagement', '29876-29877', 'Tcp'],
      ['AzureMachineLearning', '44224', 'Tcp'],
    ]);
    const training = ofType(resources, 'Microsoft.Network/virtualNetworks/subnets').find((s) => s.name === 'Training');
    expect(props(training)).toMatchObject({ addressPrefix: '172.16.0.0/24', privateEndpointNetworkPolicies: 'Disabled' });
    expect((props(training)['networkSecurityGroup'] as { id: string }).id).toMatch(/networkSecurityGroups\/mltut-training-nsg$/);

    const storage = one(resources, 'Microsoft.Storage/storageAccounts');
    const workspace = one(resources, 'Microsoft.MachineLearningServices/workspaces');
    expect(storage.kind).toBe('StorageV2');
    expect(props(storage)).toMatchObject({
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      // Seed 003, "Resource instances": the workspace is admitted through the storage firewall.
      networkAcls: expect.objectContaining({
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        resourceAccessRules: [{ tenantId: DEFAULT_TENANT_ID, resourceId: workspace.id }],
      }),
    });
    expect(props(one(resources, 'Microsoft.KeyVault/vaults'))).toMatchObject({
      enablePurgeProtection: true,
      enableSoftDelete: true,
      networkAcls: expect.objectContaining({ defaultAction: 'Deny', bypass: 'AzureServices' }),
    });
    const registry = one(resources, 'Microsoft.ContainerRegistry/registries');
    expect((registry['sku'] as { name: string }).name).toBe('Premium');
    expect(props(registry)).toMatchObject({ adminUserEnabled: true, publicNetworkAccess: 'Disabled', networkRuleBypassOptions: 'AzureServices' });

    expect((workspace['identity'] as { type: string }).type).toBe('SystemAssigned');
    expect(props(workspace)).toMatchObject({ publicNetworkAccess: 'Disabled', friendlyName: 'Tutorial workspace' });
    for (const link of ['storageAccount', 'keyVault', 'containerRegistry', 'applicationInsights']) {
      expect(resources.some((r) => r.id.toLowerCase() === String(props(workspace)[link]).toLowerCase()), link).toBe(true);
    }
  });

  it('grants the workspace identity Reader on the blob and file endpoints (Enable studio)', () => {
    const resources = inGroup(inventory(t.emulator), t.emulator.subscriptionId, GROUP);
    const principal = (one(resources, 'Microsoft.MachineLearningServices/workspaces')['identity'] as { principalId: string }).principalId;
    const assignments = ofType(resources, 'Microsoft.Authorization/roleAssignments');
    expect(assignments.map((a) => a.id.split('/providers/Microsoft.Authorization')[0]!.split('/').at(-1)).sort()).toEqual(['mltut-pe-blob', 'mltut-pe-file']);
    for (const a of assignments) {
      expect(props(a)['principalId']).toBe(principal);
      expect(String(props(a)['roleDefinitionId'])).toMatch(new RegExp(`/roleDefinitions/${READER}$`));
    }
  });

  it('resolves every private endpoint host name to its IP through the linked privatelink zones', () => {
    expect(dnsProblems(inventory(t.emulator), ready.status?.network?.vnetId ?? '')).toEqual([]);
  });

  it('reports status a user can act on: conditions, progress, inventory, FQDN → IP table, workspace identity', () => {
    const s = ready.status!;
    expect(s.observedGeneration).toBe(ready.metadata.generation);
    expect(s.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['Ready', 'True'],
      ['NetworkReady', 'True'],
      ['StorageReady', 'True'],
      ['KeyVaultReady', 'True'],
      ['RegistryReady', 'True'],
      ['WorkspaceReady', 'True'],
      ['PrivateEndpointsReady', 'True'],
      ['PrivateDnsReady', 'True'],
    ]);
    expect(s.progress).toBe('40/40');
    expect(s.resources).toHaveLength(40);
    expect(s.resources?.every((r) => r.state === 'Succeeded')).toBe(true);
    const endpoints = ofType(inventory(t.emulator), 'Microsoft.Network/privateEndpoints');
    const table = endpoints.flatMap((pe) =>
      ((props(pe)['customDnsConfigs'] ?? []) as { fqdn: string; ipAddresses: string[] }[]).map((c) => ({ name: pe.name, fqdn: c.fqdn, ip: c.ipAddresses[0] })),
    );
    expect([...(s.privateEndpoints ?? [])].sort((a, b) => a.fqdn.localeCompare(b.fqdn))).toEqual(table.sort((a, b) => a.fqdn.localeCompare(b.fqdn)));
    const ws = one(inventory(t.emulator), 'Microsoft.MachineLearningServices/workspaces');
    expect(s.workspace).toEqual({
      id: ws.id,
      discoveryUrl: props(ws)['discoveryUrl'],
      principalId: (ws['identity'] as { principalId: string }).principalId,
    });
    expect(Object.keys(s.network?.subnetIds ?? {}).sort()).toEqual(['bastion', 'scoring', 'training']);
  });

  it('records one Event per stage that became ready, and Ready', async () => {
    const { stdout } = await kubectl(['get', 'events.events.k8s.io', '-n', ns, '-o', 'json']);
    const events = (JSON.parse(stdout) as { items: { reason: string; regarding: { name: string } }[] }).items.filter((e) => e.regarding.name === NAME);
    const reasons = events.map((e) => e.reason);
    for (const r of ['NetworkReady', 'StorageReady', 'KeyVaultReady', 'RegistryReady', 'WorkspaceReady', 'PrivateEndpointsReady', 'PrivateDnsReady', 'Ready']) {
      expect(reasons.filter((x) => x === r), r).toHaveLength(1);
    }
  });
});

describe('delete and re-create', () => {
  it('deletes everything it created, including the resource group, then lets the object go', async () => {
    await deleteSecureWorkspace(t.kubeConfig, ns, NAME);
    await waitForGone(t.kubeConfig, ns, NAME);
    const left = inventory(t.emulator).filter((r) => r.id.toLowerCase().includes(`/resourcegroups/${GROUP}`));
    expect(left).toEqual([]);
  });

  it('comes back Ready with the same names: the soft-deleted key vault is recovered', async () => {
    await createSecureWorkspace(t.kubeConfig, ns, NAME, { location: 'eastus', resourceGroup: GROUP, namePrefix: 'mltut', network: TUTORIAL_NETWORK });
    const again = await waitForCondition(t.kubeConfig, ns, NAME, 'Ready');
    const vaults = ofType(inGroup(inventory(t.emulator), t.emulator.subscriptionId, GROUP), 'Microsoft.KeyVault/vaults');
    expect(vaults.map((v) => v.name)).toEqual(ready.status?.resources?.filter((r) => r.type === 'Microsoft.KeyVault/vaults').map((r) => r.name));
    expect(again.status?.progress).toBe('40/40');
    await deleteSecureWorkspace(t.kubeConfig, ns, NAME);
    await waitForGone(t.kubeConfig, ns, NAME);
  });
});
