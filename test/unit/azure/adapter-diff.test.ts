// Each adapter compares only the fields the operator owns: what Azure adds (defaults, read-only state, children
// and tags from others) is not drift; a changed owned field is, and an immutable one is refused before any call.
import type { VirtualMachine } from '@azure/arm-compute';
import { describe, expect, it } from 'vitest';
import type { ArmClients } from '../../../src/azure/clients.ts';
import {
  amlComputes,
  aRecordSets,
  containerRegistries,
  keyVaults,
  managedNetworkWorkspaces,
  privateDnsZoneGroups,
  privateEndpoints,
  roleAssignments,
  storageAccounts,
  virtualMachines,
  virtualNetworks,
  workspaces,
} from '../../../src/azure/index.ts';
import type { ArmResourceAdapter } from '../../../src/azure/index.ts';

const SUB = '00000000-0000-0000-0000-000000000000';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-ml`;
const NET = `${RG}/providers/Microsoft.Network`;
const ML = `${RG}/providers/Microsoft.MachineLearningServices`;
// The SDK is never reached in these tests: diff is pure and immutable changes are refused before any call.
const noClients = {} as ArmClients;

function built<S, O, Out>(adapter: ArmResourceAdapter<S, O, Out>) {
  return adapter.build({ clients: noClients, endpoint: 'https://management.azure.com' });
}

interface Case<S, O> {
  readonly id: string;
  readonly spec: S;
  /** As Azure returns it: defaults, read-only fields, things owned by others. */
  readonly observed: O;
  /** A change to an owned field, and the path it must be reported at. */
  readonly drift: (o: O) => O;
  readonly driftPath: string;
}

function check<S, O, Out>(name: string, adapter: ArmResourceAdapter<S, O, Out>, c: Case<S, O>) {
  describe(name, () => {
    const a = built(adapter);
    it('is up to date with what Azure returns', () => expect(a.diff(c.spec, c.observed, c.id)).toEqual([]));
    it(`reports drift at ${c.driftPath}`, () => expect(a.diff(c.spec, c.drift(structuredClone(c.observed)), c.id)).toContain(c.driftPath));
  });
}

const vnetId = `${NET}/virtualNetworks/vnet-ml`;
check('virtualNetworks', virtualNetworks, {
  id: vnetId,
  spec: {
    location: 'eastus',
    addressPrefixes: ['172.16.0.0/16'],
    subnets: [
      { name: 'training', addressPrefix: '172.16.0.0/24', networkSecurityGroupId: `${NET}/networkSecurityGroups/nsg` },
      { name: 'scoring', addressPrefix: '172.16.1.0/24' },
    ],
  },
  observed: {
    id: vnetId,
    name: 'vnet-ml',
    location: 'eastus',
    etag: 'W/"1"',
    provisioningState: 'Succeeded',
    addressSpace: { addressPrefixes: ['172.16.0.0/16'] },
    subnets: [
      { name: 'scoring', id: `${vnetId}/subnets/scoring`, addressPrefix: '172.16.1.0/24', privateEndpointNetworkPolicies: 'Disabled' },
      { name: 'Training', id: `${vnetId}/subnets/Training`, addressPrefix: '172.16.0.0/24', networkSecurityGroup: { id: `${NET.toLowerCase()}/networksecuritygroups/nsg` } },
      { name: 'someone-elses', addressPrefix: '172.16.9.0/24' },
    ],
  },
  drift: (o) => ({ ...o, subnets: o.subnets?.map((s) => (s.name === 'scoring' ? { ...s, addressPrefix: '172.16.5.0/24' } : s)) }),
  driftPath: 'subnets[scoring].addressPrefix',
});

const peId = `${NET}/privateEndpoints/pe-blob`;
const storageId = `${RG}/providers/Microsoft.Storage/storageAccounts/stml`;
check('privateEndpoints', privateEndpoints, {
  id: peId,
  spec: { location: 'eastus', subnetId: `${vnetId}/subnets/training`, privateLinkServiceId: storageId, groupIds: ['blob'] },
  observed: {
    id: peId,
    name: 'pe-blob',
    location: 'eastus',
    provisioningState: 'Succeeded',
    subnet: { id: `${vnetId}/subnets/training` },
    networkInterfaces: [{ id: `${NET}/networkInterfaces/pe-blob.nic.1` }],
    privateLinkServiceConnections: [
      {
        name: 'pe-blob-connection',
        privateLinkServiceId: storageId,
        groupIds: ['blob'],
        privateLinkServiceConnectionState: { status: 'Approved', actionsRequired: 'None' },
      },
    ],
    customDnsConfigs: [{ fqdn: 'stml.blob.core.windows.net', ipAddresses: ['172.16.0.4'] }],
  },
  drift: (o) => ({ ...o, subnet: { id: `${vnetId}/subnets/scoring` } }),
  driftPath: 'subnet.id',
});

check('privateDnsZoneGroups', privateDnsZoneGroups, {
  id: `${peId}/privateDnsZoneGroups/default`,
  spec: { zones: [{ privateDnsZoneId: `${NET}/privateDnsZones/privatelink.blob.core.windows.net` }] },
  observed: {
    name: 'default',
    provisioningState: 'Succeeded',
    privateDnsZoneConfigs: [
      {
        name: 'privatelink-blob-core-windows-net',
        privateDnsZoneId: `${NET}/privateDnsZones/privatelink.blob.core.windows.net`,
        recordSets: [{ fqdn: 'stml.privatelink.blob.core.windows.net', ipAddresses: ['172.16.0.4'] }],
      },
    ],
  },
  drift: (o) => ({ ...o, privateDnsZoneConfigs: [] }),
  driftPath: 'privateDnsZoneConfigs[privatelink-blob-core-windows-net]',
});

check('aRecordSets', aRecordSets, {
  id: `${NET}/privateDnsZones/privatelink.blob.core.windows.net/A/stml`,
  spec: { ipv4Addresses: ['172.16.0.5', '172.16.0.4'] },
  observed: { name: 'stml', fqdn: 'stml.privatelink.blob.core.windows.net.', ttl: 10, isAutoRegistered: false, aRecords: [{ ipv4Address: '172.16.0.4' }, { ipv4Address: '172.16.0.5' }] },
  drift: (o) => ({ ...o, aRecords: [{ ipv4Address: '172.16.0.4' }] }),
  driftPath: 'aRecords',
});

check('storageAccounts', storageAccounts, {
  id: storageId,
  spec: { location: 'East US', sku: 'Standard_LRS', tags: { app: 'ml' } },
  observed: {
    id: storageId,
    name: 'stml',
    location: 'eastus',
    tags: { app: 'ml', 'hidden-policy-tag': 'x' },
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    kind: 'StorageV2',
    provisioningState: 'Succeeded',
    enableHttpsTrafficOnly: true,
    publicNetworkAccess: 'Disabled',
    allowBlobPublicAccess: false,
    minimumTlsVersion: 'TLS1_2',
    networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
    primaryEndpoints: { blob: 'https://stml.blob.core.windows.net/' },
  },
  drift: (o) => ({ ...o, publicNetworkAccess: 'Enabled' }),
  driftPath: 'publicNetworkAccess',
});

const kvSpec = { location: 'eastus', tenantId: '11111111-1111-1111-1111-111111111111', softDeleteRetentionInDays: 7, enablePurgeProtection: true };
check('keyVaults', keyVaults, {
  id: `${RG}/providers/Microsoft.KeyVault/vaults/kv-ml`,
  spec: kvSpec,
  observed: {
    name: 'kv-ml',
    location: 'eastus',
    properties: {
      tenantId: '11111111-1111-1111-1111-111111111111',
      sku: { family: 'A', name: 'standard' },
      accessPolicies: [{ tenantId: 't', objectId: 'o', permissions: {} }],
      enableSoftDelete: true,
      softDeleteRetentionInDays: 7,
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [] },
      vaultUri: 'https://kv-ml.vault.azure.net/',
      provisioningState: 'Succeeded',
    },
  },
  drift: (o) => ({ ...o, properties: { ...o.properties, networkAcls: { defaultAction: 'Allow' } } }),
  driftPath: 'properties.networkAcls.defaultAction',
});

check('containerRegistries', containerRegistries, {
  id: `${RG}/providers/Microsoft.ContainerRegistry/registries/crml`,
  spec: { location: 'eastus', sku: 'Premium' },
  observed: {
    location: 'eastus',
    sku: { name: 'Premium', tier: 'Premium' },
    loginServer: 'crml.azurecr.io',
    adminUserEnabled: false,
    publicNetworkAccess: 'Disabled',
    networkRuleBypassOptions: 'AzureServices',
    zoneRedundancy: 'Disabled',
    provisioningState: 'Succeeded',
  },
  drift: (o) => ({ ...o, adminUserEnabled: true }),
  driftPath: 'adminUserEnabled',
});

const wsId = `${ML}/workspaces/mlw`;
const wsSpec = {
  location: 'eastus',
  storageAccountId: storageId,
  keyVaultId: `${RG}/providers/Microsoft.KeyVault/vaults/kv-ml`,
  applicationInsightsId: `${RG}/providers/Microsoft.Insights/components/appi-ml`,
  containerRegistryId: `${RG}/providers/Microsoft.ContainerRegistry/registries/crml`,
  friendlyName: 'ML',
};
check('workspaces', workspaces, {
  id: wsId,
  spec: wsSpec,
  observed: {
    id: wsId,
    name: 'mlw',
    location: 'eastus',
    identity: { type: 'SystemAssigned', principalId: '22222222-2222-2222-2222-222222222222', tenantId: 't' },
    sku: { name: 'Basic', tier: 'Basic' },
    storageAccount: wsSpec.storageAccountId,
    keyVault: wsSpec.keyVaultId,
    applicationInsights: wsSpec.applicationInsightsId,
    containerRegistry: wsSpec.containerRegistryId,
    publicNetworkAccess: 'Disabled',
    friendlyName: 'ML',
    imageBuildCompute: 'cpu-cluster',
    workspaceId: '33333333-3333-3333-3333-333333333333',
    discoveryUrl: 'https://eastus.api.azureml.ms/discovery',
    provisioningState: 'Succeeded',
  },
  drift: (o) => ({ ...o, publicNetworkAccess: 'Enabled' }),
  driftPath: 'publicNetworkAccess',
});

check('managedNetworkWorkspaces', managedNetworkWorkspaces, {
  id: wsId,
  spec: {
    ...wsSpec,
    managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: { pypi: { type: 'FQDN', destination: 'pypi.org' } } },
  },
  observed: {
    location: 'eastus',
    kind: 'Default',
    identity: { type: 'SystemAssigned', principalId: 'p' },
    sku: { name: 'Basic', tier: 'Basic' },
    properties: {
      storageAccount: wsSpec.storageAccountId,
      keyVault: wsSpec.keyVaultId,
      applicationInsights: wsSpec.applicationInsightsId,
      containerRegistry: wsSpec.containerRegistryId,
      publicNetworkAccess: 'Disabled',
      friendlyName: 'ML',
      managedNetwork: {
        isolationMode: 'AllowOnlyApprovedOutbound',
        status: { status: 'Active', sparkReady: false },
        outboundRules: {
          pypi: { type: 'FQDN', category: 'UserDefined', destination: 'pypi.org', status: 'Active' },
          '__SYS_ST_AzureMachineLearning': { type: 'ServiceTag', category: 'Required', destination: { serviceTag: 'AzureMachineLearning' } },
        },
      },
      provisioningState: 'Succeeded',
    },
  },
  drift: (o) => ({ ...o, properties: { ...o.properties, managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: {} } } }),
  driftPath: 'properties.managedNetwork.outboundRules.pypi',
});

const computeId = `${wsId}/computes/cpu-cluster`;
const computeSpec = {
  location: 'eastus',
  vmSize: 'Standard_DS3_v2',
  minNodes: 0,
  maxNodes: 2,
  idleTimeBeforeScaleDown: 'PT120S',
  subnetId: `${vnetId}/subnets/training`,
  tags: { only: 'at-create' },
};
check('amlComputes', amlComputes, {
  id: computeId,
  spec: computeSpec,
  observed: {
    location: 'eastus',
    properties: {
      computeType: 'AmlCompute',
      provisioningState: 'Succeeded',
      properties: {
        osType: 'Linux',
        vmSize: 'Standard_DS3_v2',
        vmPriority: 'Dedicated',
        scaleSettings: { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: 'PT120S' },
        subnet: { id: `${vnetId}/subnets/training` },
        enableNodePublicIp: false,
        remoteLoginPortPublicAccess: 'Disabled',
        allocationState: 'Steady',
        currentNodeCount: 0,
      },
    },
  },
  drift: (o) => ({ ...o, properties: { computeType: 'AmlCompute' as const, properties: { ...(o.properties as { properties: object }).properties, scaleSettings: { maxNodeCount: 4 } } } }),
  driftPath: 'properties.properties.scaleSettings.maxNodeCount',
});

const raId = `${peId}/providers/Microsoft.Authorization/roleAssignments/9b8f8a0c-5b7e-5c1a-8d2e-000000000000`;
check('roleAssignments', roleAssignments, {
  id: raId,
  spec: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, principalId: '22222222-2222-2222-2222-222222222222' },
  observed: {
    id: raId,
    scope: peId,
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/ACDD72A7-3385-48EF-BD42-F606FBA81AE7`,
    principalId: '22222222-2222-2222-2222-222222222222',
    principalType: 'ServicePrincipal',
  },
  drift: (o) => ({ ...o, principalId: '44444444-4444-4444-4444-444444444444' }),
  driftPath: 'principalId',
});

const vmSpec = {
  location: 'eastus',
  vmSize: 'Standard_DS3_v2',
  osType: 'Windows' as const,
  image: { publisher: 'microsoftwindowsdesktop', offer: 'windows-11', sku: 'win11-23h2-ent', version: 'latest' },
  computerName: 'jumpbox',
  adminUsername: 'azureuser',
  adminPassword: 'Sup3r-Secret!',
  networkInterfaceId: `${NET}/networkInterfaces/jumpbox-nic`,
};
const vmObserved: VirtualMachine = {
  location: 'eastus',
  provisioningState: 'Succeeded',
  vmId: 'v',
  hardwareProfile: { vmSize: 'Standard_DS3_v2' },
  storageProfile: {
    imageReference: { ...vmSpec.image, exactVersion: '22631.1.1' },
    osDisk: { osType: 'Windows' as const, name: 'jumpbox_OsDisk_1', createOption: 'FromImage', deleteOption: 'Delete', caching: 'ReadWrite', managedDisk: { storageAccountType: 'StandardSSD_LRS', id: 'disk' } },
    dataDisks: [],
  },
  osProfile: { computerName: 'jumpbox', adminUsername: 'azureuser', windowsConfiguration: { provisionVMAgent: true }, secrets: [] },
  networkProfile: { networkInterfaces: [{ id: `${NET}/networkInterfaces/jumpbox-nic`, primary: true }] },
};
check('virtualMachines', virtualMachines, {
  id: `${RG}/providers/Microsoft.Compute/virtualMachines/jumpbox`,
  spec: vmSpec,
  observed: vmObserved,
  drift: (o) => ({ ...o, hardwareProfile: { vmSize: 'Standard_B2s' } }),
  driftPath: 'hardwareProfile.vmSize',
});

describe('storageAccounts resource access rules', () => {
  const a = built(storageAccounts);
  const tenant = '11111111-1111-1111-1111-111111111111';
  const rule = (resourceId: string, tenantId = tenant) => ({ tenantId, resourceId });
  const spec = { location: 'eastus', sku: 'Standard_LRS' as const, resourceAccessRules: [rule(wsId), rule(`${ML}/workspaces/other`)] };
  const observedWith = (resourceAccessRules: { tenantId: string; resourceId: string }[]) => ({
    location: 'eastus',
    sku: { name: 'Standard_LRS' as const },
    kind: 'StorageV2' as const,
    enableHttpsTrafficOnly: true,
    publicNetworkAccess: 'Disabled' as const,
    allowBlobPublicAccess: false,
    minimumTlsVersion: 'TLS1_2' as const,
    networkRuleSet: { defaultAction: 'Deny' as const, bypass: 'AzureServices', resourceAccessRules },
  });
  const path = 'networkRuleSet.resourceAccessRules';

  it('compares them as a set, ids and tenant case-insensitively', () => {
    const echoed = [rule(`${ML}/workspaces/other`.toLowerCase()), rule(wsId.toUpperCase(), tenant.toUpperCase())];
    expect(a.diff(spec, observedWith(echoed), storageId)).toEqual([]);
  });

  it.each([
    ['a rule is missing', [rule(wsId)]],
    ['another resource is admitted instead', [rule(wsId), rule(`${ML}/workspaces/intruder`)]],
    ['a rule names another tenant', [rule(wsId), rule(`${ML}/workspaces/other`, '22222222-2222-2222-2222-222222222222')]],
    ['a rule was added by someone else', [rule(wsId), rule(`${ML}/workspaces/other`), rule(`${ML}/workspaces/third`)]],
  ])('reports drift when %s', (_name, observed) => {
    expect(a.diff(spec, observedWith(observed), storageId)).toContain(path);
  });

  it('leaves the rules alone when the spec names none', () => {
    const { resourceAccessRules: _, ...without } = spec;
    expect(a.diff(without, observedWith([rule(`${ML}/workspaces/someone-elses`)]), storageId)).toEqual([]);
  });
});

describe('immutable fields', () => {
  it.each([
    ['a VM image', virtualMachines, `${RG}/providers/Microsoft.Compute/virtualMachines/jumpbox`, vmSpec, { ...vmObserved, storageProfile: { ...vmObserved.storageProfile, imageReference: { ...vmSpec.image, sku: 'win10' } } }, 'storageProfile.imageReference.sku'],
    ['a VNet region', virtualNetworks, vnetId, { location: 'westus', addressPrefixes: ['172.16.0.0/16'], subnets: [] }, { location: 'eastus', addressSpace: { addressPrefixes: ['172.16.0.0/16'] } }, 'location'],
    ['a compute VM size', amlComputes, computeId, { ...computeSpec, vmSize: 'Standard_D4s_v3' }, { location: 'eastus', properties: { computeType: 'AmlCompute', properties: { vmSize: 'Standard_DS3_v2' } } }, 'properties.properties.vmSize'],
  ] as const)('refuses to change %s in place, before calling ARM', async (_name, adapter, id, spec, observed, path) => {
    const a = built(adapter as ArmResourceAdapter<unknown, unknown, unknown>);
    const write = a.put(id, spec, observed, { signal: new AbortController().signal });
    await expect(write).rejects.toMatchObject({ code: 'ImmutableFieldChanged' });
    await expect(write).rejects.toThrow(path);
  });
});

describe('secrets', () => {
  it('never compares or outputs the VM admin password', () => {
    const a = built(virtualMachines);
    const id = `${RG}/providers/Microsoft.Compute/virtualMachines/jumpbox`;
    expect(a.diff({ ...vmSpec, adminPassword: 'rotated' }, vmObserved, id)).toEqual([]);
    const withPassword: VirtualMachine = { ...vmObserved, osProfile: { ...vmObserved.osProfile, adminPassword: 'Sup3r-Secret!' } };
    expect(JSON.stringify(a.output(withPassword, id))).not.toContain('Sup3r');
  });
});

describe('outputs', () => {
  it('gives a private endpoint its IPs and FQDNs', () => {
    const a = built(privateEndpoints);
    const observed = {
      id: peId,
      customDnsConfigs: [
        { fqdn: 'crml.azurecr.io', ipAddresses: ['172.16.0.6'] },
        { fqdn: 'crml.eastus.data.azurecr.io', ipAddresses: ['172.16.0.7'] },
      ],
      privateLinkServiceConnections: [{ privateLinkServiceConnectionState: { status: 'Approved' } }],
    };
    expect(a.output(observed, peId)).toEqual({
      id: peId,
      name: 'pe-blob',
      networkInterfaceIds: [],
      ipAddresses: ['172.16.0.6', '172.16.0.7'],
      customDnsConfigs: observed.customDnsConfigs,
      connectionStatus: 'Approved',
    });
  });

  it('gives a workspace its identity and discovery URL from either api-version', () => {
    const ws = { id: wsId, name: 'mlw', workspaceId: 'w', discoveryUrl: 'd', identity: { type: 'SystemAssigned' as const, principalId: 'p', tenantId: 't' } };
    const expected = { id: wsId, name: 'mlw', workspaceId: 'w', principalId: 'p', tenantId: 't', discoveryUrl: 'd' };
    expect(built(workspaces).output(ws, wsId)).toEqual(expected);
    const generic = { id: wsId, name: 'mlw', identity: ws.identity, properties: { workspaceId: 'w', discoveryUrl: 'd', managedNetwork: { status: { status: 'Inactive' } } } };
    expect(built(managedNetworkWorkspaces).output(generic, wsId)).toEqual({ ...expected, managedNetworkStatus: 'Inactive' });
  });
});
