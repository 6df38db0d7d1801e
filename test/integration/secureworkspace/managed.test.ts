// Seed 000: a workspace in an Azure-managed VNet with approved outbound rules, the managed network provisioned up
// front, and an inbound private endpoint into a user's VNet with its DNS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { createUserVnet, sdk } from './byo.ts';
import {
  countByType,
  createSecureWorkspace,
  deleteSecureWorkspace,
  dnsProblems,
  inGroup,
  inventory,
  props,
  waitForCondition,
  waitForGone,
} from './helpers.ts';
import type { SecureWorkspaceObject } from './helpers.ts';

const NAME = 'managed';
const GROUP = 'rg-managed';
const USER_GROUP = 'rg-jumpbox';

let ns: string;
let t: TestOperator;
let subnetId: string;
let ready: SecureWorkspaceObject;

beforeAll(async () => {
  ns = await createTestNamespace('sws-managed');
  t = await startTestOperator({ namespace: ns });
  subnetId = await createUserVnet(sdk(t.emulator), USER_GROUP, 'jumpbox-vnet');
  await createSecureWorkspace(t.kubeConfig, ns, NAME, {
    location: 'eastus',
    resourceGroup: GROUP,
    namePrefix: 'mlman',
    network: {
      mode: 'Managed',
      isolationMode: 'AllowOnlyApprovedOutbound',
      outboundRules: [
        { name: 'pypi', type: 'FQDN', destination: 'pypi.org' },
        { name: 'aad', type: 'ServiceTag', destination: 'AzureActiveDirectory', protocol: 'TCP', ports: '443' },
      ],
      workspaceEndpointSubnetId: subnetId,
    },
  });
  ready = await waitForCondition(t.kubeConfig, ns, NAME, 'Ready');
});

afterAll(async () => t?.stop());

describe('Managed network mode', () => {
  it('creates the dependencies and the workspace, no VNet of its own, and the inbound endpoint with its DNS', () => {
    expect(countByType(inGroup(inventory(t.emulator), t.emulator.subscriptionId, GROUP))).toEqual({
      'Microsoft.Storage/storageAccounts': 1,
      'Microsoft.KeyVault/vaults': 1,
      'Microsoft.ContainerRegistry/registries': 1,
      'microsoft.insights/components': 1,
      'Microsoft.MachineLearningServices/workspaces': 1,
      // The outbound rules, also listed as the workspace's child resources.
      'Microsoft.MachineLearningServices/workspaces/outboundRules': 2,
      'Microsoft.Network/privateEndpoints': 1,
      'Microsoft.Network/networkInterfaces': 1,
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups': 1,
      'Microsoft.Network/privateDnsZones': 2,
      'Microsoft.Network/privateDnsZones/SOA': 2,
      'Microsoft.Network/privateDnsZones/virtualNetworkLinks': 2,
      'Microsoft.Network/privateDnsZones/A': 3,
    });
    const pe = inventory(t.emulator).find((r) => r.type === 'Microsoft.Network/privateEndpoints');
    expect((props(pe)['subnet'] as { id: string }).id.toLowerCase()).toBe(subnetId.toLowerCase());
    expect(dnsProblems(inventory(t.emulator), subnetId.replace(/\/subnets\/default$/, ''))).toEqual([]);
  });

  it('configures and provisions the managed network with the approved outbound rules', () => {
    const ws = inventory(t.emulator).find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces');
    const network = props(ws)['managedNetwork'] as { isolationMode: string; outboundRules: Record<string, { type: string }>; status?: { status: string } };
    expect(network.isolationMode).toBe('AllowOnlyApprovedOutbound');
    expect(network.outboundRules['pypi']).toMatchObject({ type: 'FQDN', destination: 'pypi.org' });
    expect(network.outboundRules['aad']).toMatchObject({ type: 'ServiceTag', destination: { serviceTag: 'AzureActiveDirectory', portRanges: '443' } });
    expect(network.status?.status).toBe('Active');
    expect(ready.status?.conditions?.find((c) => c.type === 'NetworkReady')?.status).toBe('True');
  });

  it('on delete keeps the user VNet and removes everything of its own', async () => {
    await deleteSecureWorkspace(t.kubeConfig, ns, NAME);
    await waitForGone(t.kubeConfig, ns, NAME);
    const all = inventory(t.emulator);
    expect(all.filter((r) => r.id.toLowerCase().includes(`/resourcegroups/${GROUP}`))).toEqual([]);
    expect(countByType(inGroup(all, t.emulator.subscriptionId, USER_GROUP))).toEqual({
      'Microsoft.Network/virtualNetworks': 1,
      'Microsoft.Network/virtualNetworks/subnets': 1,
    });
  });
});
