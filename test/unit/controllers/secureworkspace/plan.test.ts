import { describe, expect, it } from 'vitest';
import { KEYS, STAGE_CONDITIONS } from '../../../../src/controllers/secureworkspace/plan-kit.ts';
import { planSecureWorkspace } from '../../../../src/controllers/secureworkspace/plan.ts';
import { createPlanGraph, NotReadyError } from '../../../../src/plan/index.ts';
import type { PlanNode } from '../../../../src/plan/index.ts';
import { byKey, customerSpec, input, outputs, resource, SUBSCRIPTION, TENANT } from './fixtures.ts';

const RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ml`;
const ZONES = [
  'privatelink.blob.core.windows.net',
  'privatelink.file.core.windows.net',
  'privatelink.vaultcore.azure.net',
  'privatelink.azurecr.io',
  'privatelink.api.azureml.ms',
  'privatelink.notebooks.azure.net',
];
const GROUPS = ['blob', 'file', 'vault', 'registry', 'amlworkspace'];

/** Every key a node can reach through dependsOn. */
function ancestors(nodes: readonly PlanNode[], key: string): Set<string> {
  const all = byKey(nodes);
  const seen = new Set<string>();
  const visit = (k: string): void => {
    for (const dep of all.get(k)?.dependsOn ?? []) if (!seen.has(dep)) visit((seen.add(dep), dep));
  };
  visit(key);
  return seen;
}

describe('CustomerManaged plan (seed 002)', () => {
  const nodes = planSecureWorkspace(input(customerSpec()));

  it('has exactly the tutorial resources, in a valid graph', () => {
    expect([...byKey(nodes).keys()].sort()).toEqual(
      [
        KEYS.resourceGroup,
        KEYS.networkSecurityGroup,
        KEYS.virtualNetwork,
        KEYS.storageAccount,
        KEYS.keyVault,
        KEYS.containerRegistry,
        KEYS.applicationInsights,
        KEYS.workspace,
        ...GROUPS.map(KEYS.privateEndpoint),
        ...GROUPS.map(KEYS.zoneGroup),
        ...ZONES.map(KEYS.privateDnsZone),
        ...ZONES.map(KEYS.virtualNetworkLink),
        KEYS.roleAssignment('blob'),
        KEYS.roleAssignment('file'),
      ].sort(),
    );
    expect(() => createPlanGraph(nodes)).not.toThrow();
  });

  it('is deterministic: the same spec gives the same ids', () => {
    const again = planSecureWorkspace(input(customerSpec()));
    expect(again.map((n) => [n.key, n.id])).toEqual(nodes.map((n) => [n.key, n.id]));
  });

  it('orders every managed resource after the resource group and maps every stage to a condition', () => {
    for (const node of nodes) {
      expect(Object.keys(STAGE_CONDITIONS)).toContain(node.stage);
      if (node.key !== KEYS.resourceGroup) expect(ancestors(nodes, node.key), node.key).toContain(KEYS.resourceGroup);
    }
  });

  it.each([
    [KEYS.virtualNetwork, [KEYS.networkSecurityGroup]],
    [KEYS.workspace, [KEYS.storageAccount, KEYS.keyVault, KEYS.containerRegistry, KEYS.applicationInsights]],
    [KEYS.privateEndpoint('blob'), [KEYS.virtualNetwork, KEYS.storageAccount]],
    [KEYS.privateEndpoint('vault'), [KEYS.virtualNetwork, KEYS.keyVault]],
    [KEYS.privateEndpoint('registry'), [KEYS.virtualNetwork, KEYS.containerRegistry]],
    [KEYS.privateEndpoint('amlworkspace'), [KEYS.virtualNetwork, KEYS.workspace]],
    [KEYS.zoneGroup('amlworkspace'), [KEYS.privateEndpoint('amlworkspace'), KEYS.privateDnsZone(ZONES[4]!), KEYS.privateDnsZone(ZONES[5]!)]],
    [KEYS.virtualNetworkLink(ZONES[0]!), [KEYS.privateDnsZone(ZONES[0]!), KEYS.virtualNetwork]],
    [KEYS.roleAssignment('blob'), [KEYS.workspace, KEYS.privateEndpoint('blob')]],
  ])('%s waits for %j', (key, deps) => {
    expect(resource(nodes, key).dependsOn).toEqual(expect.arrayContaining(deps));
  });

  it('gives the training NSG the compute rules of seed 001', () => {
    const nsg = resource(nodes, KEYS.networkSecurityGroup);
    expect(nsg.id).toBe(`${RG}/providers/Microsoft.Network/networkSecurityGroups/mlsecure-training-nsg`);
    expect(nsg.desired(outputs({})).securityRules).toEqual([
      expect.objectContaining({ sourceAddressPrefix: 'BatchNodeManagement', destinationPortRange: '29876-29877', protocol: 'Tcp', direction: 'Inbound', access: 'Allow' }),
      expect.objectContaining({ sourceAddressPrefix: 'AzureMachineLearning', destinationPortRange: '44224', protocol: 'Tcp', direction: 'Inbound', access: 'Allow' }),
    ]);
  });

  it('builds the VNet with Training (NSG, endpoint policies off), Scoring and AzureBastionSubnet', () => {
    const nsgId = `${RG}/providers/Microsoft.Network/networkSecurityGroups/mlsecure-training-nsg`;
    const vnet = resource(nodes, KEYS.virtualNetwork).desired(outputs({ [KEYS.networkSecurityGroup]: { id: nsgId } }));
    expect(vnet).toMatchObject({ location: 'eastus', addressPrefixes: ['172.16.0.0/16'] });
    expect(vnet.subnets).toEqual([
      { name: 'Training', addressPrefix: '172.16.0.0/24', networkSecurityGroupId: nsgId, privateEndpointNetworkPolicies: 'Disabled' },
      { name: 'Scoring', addressPrefix: '172.16.1.0/24', privateEndpointNetworkPolicies: 'Disabled' },
      { name: 'AzureBastionSubnet', addressPrefix: '172.16.2.0/26' },
    ]);
  });

  it('leaves out AzureBastionSubnet when no bastion range is given', () => {
    const spec = customerSpec({ network: { mode: 'CustomerManaged', addressSpace: '10.0.0.0/16', subnets: { training: '10.0.0.0/24', scoring: '10.0.1.0/24' } } });
    const vnet = resource(planSecureWorkspace(input(spec)), KEYS.virtualNetwork).desired(outputs({ [KEYS.networkSecurityGroup]: { id: 'nsg' } }));
    expect(vnet.subnets.map((s: { name: string }) => s.name)).toEqual(['Training', 'Scoring']);
  });

  it('keeps storage, key vault and registry private with trusted-service bypass', () => {
    const none = outputs({});
    expect(resource(nodes, KEYS.storageAccount).desired(none)).toMatchObject({
      kind: 'StorageV2',
      sku: 'Standard_LRS',
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      networkDefaultAction: 'Deny',
      networkBypass: 'AzureServices',
    });
    expect(resource(nodes, KEYS.keyVault).desired(none)).toMatchObject({
      tenantId: TENANT,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      softDeleted: 'recover',
      networkDefaultAction: 'Deny',
      networkBypass: 'AzureServices',
    });
    expect(resource(nodes, KEYS.containerRegistry).desired(none)).toMatchObject({
      sku: 'Premium',
      adminUserEnabled: true,
      publicNetworkAccess: 'Disabled',
      networkRuleBypassOptions: 'AzureServices',
    });
  });

  it('admits the workspace to the storage account as a resource instance, before the workspace exists', () => {
    const storage = resource(nodes, KEYS.storageAccount);
    expect(storage.desired(outputs({})).resourceAccessRules).toEqual([
      { tenantId: TENANT, resourceId: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlsecure-mlw` },
    ]);
    expect(storage.desired(outputs({})).resourceAccessRules[0].resourceId).toBe(resource(nodes, KEYS.workspace).id);
    expect(ancestors(nodes, KEYS.storageAccount)).not.toContain(KEYS.workspace);
  });

  it('purges a soft-deleted vault of the same name only when purge protection is off', () => {
    const spec = customerSpec({ keyVault: { purgeProtection: false, softDeleteRetentionDays: 7 } });
    const kv = resource(planSecureWorkspace(input(spec)), KEYS.keyVault).desired(outputs({}));
    expect(kv).toMatchObject({ softDeleted: 'purge', enablePurgeProtection: false, softDeleteRetentionInDays: 7 });
  });

  it('links the workspace to its dependencies by their deterministic ids', () => {
    const ws = resource(nodes, KEYS.workspace);
    expect(ws.type).toBe('Microsoft.MachineLearningServices/workspaces');
    expect(ws.desired(outputs({}))).toMatchObject({
      publicNetworkAccess: 'Disabled',
      storageAccountId: resource(nodes, KEYS.storageAccount).id,
      keyVaultId: resource(nodes, KEYS.keyVault).id,
      containerRegistryId: resource(nodes, KEYS.containerRegistry).id,
      applicationInsightsId: resource(nodes, KEYS.applicationInsights).id,
    });
  });

  it('puts every private endpoint in the Training subnet, targeting its sub-resource', () => {
    const trainingId = `${RG}/providers/Microsoft.Network/virtualNetworks/mlsecure-vnet/subnets/Training`;
    const vnetOut = outputs({ [KEYS.virtualNetwork]: { id: 'vnet', subnetIds: { Training: trainingId } } });
    const pe = resource(nodes, KEYS.privateEndpoint('blob'));
    expect(pe.id).toBe(`${RG}/providers/Microsoft.Network/privateEndpoints/mlsecure-pe-blob`);
    expect(pe.desired(vnetOut)).toMatchObject({
      subnetId: trainingId,
      privateLinkServiceId: resource(nodes, KEYS.storageAccount).id,
      groupIds: ['blob'],
    });
    expect(() => pe.desired(outputs({ [KEYS.virtualNetwork]: { id: 'vnet', subnetIds: {} } }))).toThrow(NotReadyError);
  });

  it('attaches zone groups naming every zone of the endpoint', () => {
    const group = resource(nodes, KEYS.zoneGroup('amlworkspace'));
    expect(group.id).toBe(`${RG}/providers/Microsoft.Network/privateEndpoints/mlsecure-pe-amlworkspace/privateDnsZoneGroups/default`);
    expect(group.desired(outputs({}))).toEqual({
      zones: [
        { privateDnsZoneId: `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms` },
        { privateDnsZoneId: `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.notebooks.azure.net` },
      ],
    });
  });

  it('grants the workspace identity Reader on each storage endpoint, once the identity exists', () => {
    const ra = resource(nodes, KEYS.roleAssignment('blob'));
    expect(ra.id).toMatch(new RegExp(`^${RG}/providers/Microsoft.Network/privateEndpoints/mlsecure-pe-blob/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`));
    expect(ra.desired(outputs({ [KEYS.workspace]: { principalId: 'p-1' } }))).toEqual({
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
      principalId: 'p-1',
      principalType: 'ServicePrincipal',
    });
    expect(() => ra.desired(outputs({ [KEYS.workspace]: {} }))).toThrow(NotReadyError);
    expect(resource(nodes, KEYS.roleAssignment('file')).id).not.toBe(ra.id);
  });

  it('adds queue and table endpoints, zones and role assignments when asked', () => {
    const keys = [...byKey(planSecureWorkspace(input(customerSpec({ storage: { extraPrivateEndpoints: ['queue', 'table'] } })))).keys()];
    for (const g of ['queue', 'table']) {
      expect(keys).toEqual(expect.arrayContaining([KEYS.privateEndpoint(g), KEYS.zoneGroup(g), KEYS.roleAssignment(g)]));
      expect(keys).toContain(KEYS.privateDnsZone(`privatelink.${g}.core.windows.net`));
    }
  });

  it('tags every taggable resource with the user tags, and nothing when none are set', () => {
    const tagged = planSecureWorkspace(input(customerSpec({ tags: { env: 'dev' } })));
    for (const key of [KEYS.resourceGroup, KEYS.virtualNetwork, KEYS.storageAccount, KEYS.workspace, KEYS.privateEndpoint('file')]) {
      const out = outputs({ [KEYS.networkSecurityGroup]: { id: 'n' }, [KEYS.virtualNetwork]: { id: 'v', subnetIds: { Training: 't' } } });
      expect(resource(tagged, key).desired(out).tags, key).toEqual({ env: 'dev' });
      expect(resource(nodes, key).desired(out), key).not.toHaveProperty('tags');
    }
  });
});

describe('private DNS modes', () => {
  const hosts = new Map([
    ['blob', ['mlsecurestab.blob.core.windows.net']],
    ['amlworkspace', ['wsid.workspace.eastus.api.azureml.ms', 'ml-mlsecure-mlw-eastus-wsid.eastus.notebooks.azure.net']],
  ]);
  const peOutput = {
    name: 'mlsecure-pe-amlworkspace',
    customDnsConfigs: [
      { fqdn: 'wsid.workspace.eastus.api.azureml.ms', ipAddresses: ['172.16.0.9'] },
      { fqdn: 'ml-mlsecure-mlw-eastus-wsid.eastus.notebooks.azure.net', ipAddresses: ['172.16.0.10'] },
    ],
  };

  it('Records: explicit A records for the known host names, at the endpoint IPs, and no zone groups', () => {
    const nodes = planSecureWorkspace(input(customerSpec({ privateDns: { mode: 'Records' } }), hosts));
    expect([...byKey(nodes).keys()].filter((k) => k.startsWith('privateDnsZoneGroup/'))).toEqual([]);
    const record = resource(nodes, KEYS.aRecord('privatelink.notebooks.azure.net', 'ml-mlsecure-mlw-eastus-wsid.eastus'));
    expect(record.id).toBe(`${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.notebooks.azure.net/A/ml-mlsecure-mlw-eastus-wsid.eastus`);
    expect(record.dependsOn).toEqual([KEYS.privateEndpoint('amlworkspace'), KEYS.privateDnsZone('privatelink.notebooks.azure.net')]);
    expect(record.desired(outputs({ [KEYS.privateEndpoint('amlworkspace')]: peOutput }))).toEqual({ ipv4Addresses: ['172.16.0.10'], ttl: 10 });
    expect(resource(nodes, KEYS.aRecord('privatelink.blob.core.windows.net', 'mlsecurestab'))).toBeDefined();
    expect(() => createPlanGraph(nodes)).not.toThrow();
  });

  it('a record whose host name the endpoint no longer serves waits instead of writing', () => {
    const nodes = planSecureWorkspace(input(customerSpec({ privateDns: { mode: 'Records' } }), hosts));
    const record = resource(nodes, KEYS.aRecord('privatelink.api.azureml.ms', 'wsid.workspace.eastus'));
    const gone = { ...peOutput, customDnsConfigs: [] };
    expect(() => record.desired(outputs({ [KEYS.privateEndpoint('amlworkspace')]: gone }))).toThrow(NotReadyError);
  });

  it('ZoneGroups: records are verified after the zone group wrote them', () => {
    const nodes = planSecureWorkspace(input(customerSpec(), hosts));
    expect(resource(nodes, KEYS.aRecord('privatelink.api.azureml.ms', 'wsid.workspace.eastus')).dependsOn).toContain(KEYS.zoneGroup('amlworkspace'));
  });

  it('zones in zonesResourceGroup are external: observed, never created, not waiting for our group', () => {
    const spec = customerSpec({ privateDns: { mode: 'Records', zonesResourceGroup: 'rg-hub-dns' } });
    const nodes = planSecureWorkspace(input(spec, hosts));
    const hub = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones`;
    for (const zone of ZONES) {
      const node = resource(nodes, KEYS.privateDnsZone(zone));
      expect(node).toMatchObject({ ownership: 'external', dependsOn: [], id: `${hub}/${zone}` });
      expect(() => node.desired(outputs({}))).toThrow(/external/);
      expect(resource(nodes, KEYS.virtualNetworkLink(zone))).toMatchObject({ ownership: 'managed' });
      expect(resource(nodes, KEYS.virtualNetworkLink(zone)).id.startsWith(`${hub}/${zone}/virtualNetworkLinks/`)).toBe(true);
    }
    expect(resource(nodes, KEYS.aRecord('privatelink.blob.core.windows.net', 'mlsecurestab')).id.startsWith(hub)).toBe(true);
  });
});
