import type { AcceptedCase, RejectedCase } from './case.ts';

/** Rows on top of bases.customerManagedSpec (spec under `spec`), unless the patch switches to Managed mode. */

const managed = (network: Record<string, unknown>) => ({
  spec: { network: { mode: 'Managed', addressSpace: null, subnets: null, ...network } },
});
const approved = (rules: unknown[]) => managed({ isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: rules });
const subnets = (s: Record<string, unknown>) => ({ spec: { network: { subnets: s } } });
const SUBNET_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub/subnets/clients';

export const secureWorkspaceRejected: RejectedCase[] = [
  // identity and placement
  { name: 'location is required', patch: { spec: { location: null } }, expect: ['spec.location: Required value'] },
  { name: 'location is an Azure region name', patch: { spec: { location: 'East US' } }, expect: ['spec.location', 'should match'] },
  { name: 'resourceGroup is required', patch: { spec: { resourceGroup: null } }, expect: ['spec.resourceGroup: Required value'] },
  { name: 'resourceGroup cannot end in a period', patch: { spec: { resourceGroup: 'rg-ml.' } }, expect: ['spec.resourceGroup', 'should match'] },
  { name: 'resourceGroup refuses a slash', patch: { spec: { resourceGroup: 'rg/ml' } }, expect: ['spec.resourceGroup', 'should match'] },
  { name: 'resourceGroup is at most 90 characters', patch: { spec: { resourceGroup: 'r'.repeat(91) } }, expect: ['spec.resourceGroup', 'Too long'] },
  { name: 'namePrefix is required', patch: { spec: { namePrefix: null } }, expect: ['spec.namePrefix: Required value'] },
  { name: 'namePrefix is lowercase', patch: { spec: { namePrefix: 'MLprod' } }, expect: ['spec.namePrefix', 'should match'] },
  { name: 'namePrefix starts with a letter', patch: { spec: { namePrefix: '1ml' } }, expect: ['spec.namePrefix', 'should match'] },
  { name: 'namePrefix is at most 10 characters', patch: { spec: { namePrefix: 'mlproduction' } }, expect: ['spec.namePrefix', 'Too long'] },
  { name: 'tag values are at most 256 characters', patch: { spec: { tags: { owner: 'x'.repeat(257) } } }, expect: ['spec.tags.owner', 'Too long'] },
  { name: 'network is required', patch: { spec: { network: null } }, expect: ['spec.network: Required value'] },
  { name: 'network.mode is an enum', patch: { spec: { network: { mode: 'Hybrid' } } }, expect: ['spec.network.mode: Unsupported value: "Hybrid"'] },

  // CIDR syntax
  { name: 'addressSpace must be a CIDR', patch: { spec: { network: { addressSpace: '172.16.0.0' } } }, expect: ['spec.network.addressSpace', 'must be an IPv4 CIDR network address'] },
  { name: 'addressSpace must have no host bits', patch: { spec: { network: { addressSpace: '172.16.0.1/16' } } }, expect: ['spec.network.addressSpace', 'no host bits set'] },
  { name: 'addressSpace must be IPv4', patch: { spec: { network: { addressSpace: 'fd00::/8' } } }, expect: ['spec.network.addressSpace', 'must be an IPv4 CIDR'] },
  { name: 'training subnet must be a CIDR', patch: subnets({ training: 'training' }), expect: ['spec.network.subnets.training', 'must be an IPv4 CIDR'] },
  { name: 'scoring subnet must have no host bits', patch: subnets({ scoring: '172.16.1.7/24' }), expect: ['spec.network.subnets.scoring', 'no host bits set'] },
  { name: 'bastion subnet must be a CIDR', patch: subnets({ bastion: '172.16.2.0/33' }), expect: ['spec.network.subnets.bastion', 'must be an IPv4 CIDR'] },

  // Docker bridge
  { name: 'addressSpace containing 172.17.0.0/16 is refused', patch: { spec: { network: { addressSpace: '172.16.0.0/12' } } }, expect: ['spec.network.addressSpace', 'must not overlap 172.17.0.0/16'] },
  { name: 'addressSpace inside 172.17.0.0/16 is refused', patch: { spec: { network: { addressSpace: '172.17.0.0/20', subnets: { training: '172.17.0.0/24', scoring: '172.17.1.0/24', bastion: '172.17.2.0/26' } } } }, expect: ['spec.network.addressSpace', 'must not overlap 172.17.0.0/16'] },
  { name: 'subnet overlapping 172.17.0.0/16 is refused', patch: subnets({ training: '172.17.0.0/24' }), expect: ['spec.network.subnets.training', 'must not overlap 172.17.0.0/16'] },

  // subnets inside the address space
  { name: 'training subnet outside addressSpace', patch: subnets({ training: '10.0.0.0/24' }), expect: ['spec.network.subnets.training', 'must lie inside network.addressSpace'] },
  { name: 'scoring subnet outside addressSpace', patch: subnets({ scoring: '172.18.1.0/24' }), expect: ['spec.network.subnets.scoring', 'must lie inside network.addressSpace'] },
  { name: 'bastion subnet outside addressSpace', patch: subnets({ bastion: '192.168.0.0/26' }), expect: ['spec.network.subnets.bastion', 'must lie inside network.addressSpace'] },
  { name: 'subnet larger than addressSpace', patch: { spec: { network: { addressSpace: '172.16.0.0/24', subnets: { training: '172.16.0.0/23', scoring: '172.16.2.0/24', bastion: null } } } }, expect: ['spec.network.subnets.training', 'must lie inside network.addressSpace'] },

  // subnets pairwise disjoint
  { name: 'training and scoring overlap', patch: subnets({ scoring: '172.16.0.128/25' }), expect: ['spec.network.subnets.scoring', 'network.subnets.training and network.subnets.scoring must not overlap'] },
  { name: 'identical training and scoring', patch: subnets({ scoring: '172.16.0.0/24' }), expect: ['spec.network.subnets.scoring', 'must not overlap'] },
  { name: 'training and bastion overlap', patch: subnets({ bastion: '172.16.0.64/26' }), expect: ['spec.network.subnets.bastion', 'network.subnets.training and network.subnets.bastion must not overlap'] },
  { name: 'scoring contains bastion', patch: subnets({ scoring: '172.16.2.0/23', bastion: '172.16.3.0/26' }), expect: ['spec.network.subnets.bastion', 'network.subnets.scoring and network.subnets.bastion must not overlap'] },

  // subnet sizes
  { name: 'bastion subnet /27 is refused', patch: subnets({ bastion: '172.16.2.0/27' }), expect: ['spec.network.subnets.bastion', 'must be a /26 or larger range'] },
  { name: 'training subnet /30 is refused', patch: subnets({ training: '172.16.0.0/30' }), expect: ['spec.network.subnets.training', 'must be a /29 or larger range'] },

  // mode-dependent fields
  { name: 'CustomerManaged needs addressSpace', patch: { spec: { network: { addressSpace: null } } }, expect: ['spec.network', 'network.addressSpace and network.subnets (training, scoring) are required in CustomerManaged mode'] },
  { name: 'CustomerManaged needs subnets', patch: { spec: { network: { subnets: null } } }, expect: ['spec.network', 'are required in CustomerManaged mode'] },
  { name: 'subnets need scoring', patch: subnets({ scoring: null }), expect: ['spec.network.subnets.scoring: Required value'] },
  { name: 'CustomerManaged takes no isolationMode', patch: { spec: { network: { isolationMode: 'AllowInternetOutbound' } } }, expect: ['spec.network', 'apply only to Managed mode'] },
  { name: 'CustomerManaged takes no workspaceEndpointSubnetId', patch: { spec: { network: { workspaceEndpointSubnetId: SUBNET_ID } } }, expect: ['spec.network', 'apply only to Managed mode'] },
  { name: 'Managed takes no addressSpace', patch: { spec: { network: { mode: 'Managed', isolationMode: 'AllowInternetOutbound', subnets: null } } }, expect: ['spec.network', 'must not be set in Managed mode'] },
  { name: 'Managed needs isolationMode', patch: managed({}), expect: ['spec.network', 'network.isolationMode is required in Managed mode'] },
  { name: 'isolationMode is an enum', patch: managed({ isolationMode: 'AllowAll' }), expect: ['spec.network.isolationMode: Unsupported value'] },
  { name: 'outboundRules need AllowOnlyApprovedOutbound', patch: managed({ isolationMode: 'AllowInternetOutbound', outboundRules: [{ name: 'pypi', type: 'FQDN', destination: 'pypi.org' }] }), expect: ['spec.network.outboundRules', 'allowed only with isolationMode AllowOnlyApprovedOutbound'] },
  { name: 'workspaceEndpointSubnetId must be a subnet id', patch: managed({ isolationMode: 'AllowInternetOutbound', workspaceEndpointSubnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub' }), expect: ['spec.network.workspaceEndpointSubnetId', 'must be an ARM subnet id'] },

  // outbound rules
  { name: 'FQDN rule destination must be a host name', patch: approved([{ name: 'pypi', type: 'FQDN', destination: 'https://pypi.org/simple' }]), expect: ['spec.network.outboundRules[0].destination', 'must be a host name'] },
  { name: 'ServiceTag rule destination must be a tag', patch: approved([{ name: 'aad', type: 'ServiceTag', destination: 'Azure Active Directory' }]), expect: ['spec.network.outboundRules[0].destination', 'must be a service tag'] },
  { name: 'PrivateEndpoint rule destination must be a resource id', patch: approved([{ name: 'st', type: 'PrivateEndpoint', destination: 'mystorage.blob.core.windows.net', subresourceTarget: 'blob' }]), expect: ['spec.network.outboundRules[0].destination', 'must be the ARM id'] },
  { name: 'PrivateEndpoint rule needs subresourceTarget', patch: approved([{ name: 'st', type: 'PrivateEndpoint', destination: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st' }]), expect: ['spec.network.outboundRules[0]', 'subresourceTarget is required for PrivateEndpoint rules'] },
  { name: 'FQDN rule takes no subresourceTarget', patch: approved([{ name: 'pypi', type: 'FQDN', destination: 'pypi.org', subresourceTarget: 'blob' }]), expect: ['spec.network.outboundRules[0]', 'not allowed for the other types'] },
  { name: 'PrivateEndpoint rule takes no ports', patch: approved([{ name: 'st', type: 'PrivateEndpoint', destination: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st', subresourceTarget: 'blob', ports: '443' }]), expect: ['spec.network.outboundRules[0]', 'ports and protocol do not apply to PrivateEndpoint rules'] },
  { name: 'outbound rule type is an enum', patch: approved([{ name: 'x', type: 'IPRange', destination: '10.0.0.0/8' }]), expect: ['spec.network.outboundRules[0].type: Unsupported value'] },
  { name: 'outbound rule names are unique', patch: approved([{ name: 'pypi', type: 'FQDN', destination: 'pypi.org' }, { name: 'pypi', type: 'FQDN', destination: 'files.pythonhosted.org' }]), expect: ['.spec.network.outboundRules: duplicate entries for key [name="pypi"]'] },
  { name: 'outbound rule ports syntax', patch: approved([{ name: 'pypi', type: 'FQDN', destination: 'pypi.org', ports: '443;80' }]), expect: ['spec.network.outboundRules[0].ports', 'should match'] },

  // dependencies
  { name: 'containerRegistry.sku must be Premium', patch: { spec: { containerRegistry: { sku: 'Standard' } } }, expect: ['spec.containerRegistry.sku', 'must be Premium', 'private endpoints'] },
  { name: 'storage.sku is an enum', patch: { spec: { storage: { sku: 'Standard_GZRS' } } }, expect: ['spec.storage.sku: Unsupported value: "Standard_GZRS"'] },
  { name: 'extraPrivateEndpoints are queue or table', patch: { spec: { storage: { extraPrivateEndpoints: ['blob'] } } }, expect: ['spec.storage.extraPrivateEndpoints[0]: Unsupported value: "blob"'] },
  { name: 'extraPrivateEndpoints has no duplicates', patch: { spec: { storage: { extraPrivateEndpoints: ['queue', 'queue'] } } }, expect: ['.spec.storage.extraPrivateEndpoints: duplicate entries for key [="queue"]'] },
  { name: 'softDeleteRetentionDays at least 7', patch: { spec: { keyVault: { softDeleteRetentionDays: 6 } } }, expect: ['spec.keyVault.softDeleteRetentionDays', 'greater than or equal to 7'] },
  { name: 'softDeleteRetentionDays at most 90', patch: { spec: { keyVault: { softDeleteRetentionDays: 91 } } }, expect: ['spec.keyVault.softDeleteRetentionDays', 'less than or equal to 90'] },
  { name: 'publicNetworkAccess is an enum', patch: { spec: { workspace: { publicNetworkAccess: 'Private' } } }, expect: ['spec.workspace.publicNetworkAccess: Unsupported value'] },
  { name: 'privateDns.mode is an enum', patch: { spec: { privateDns: { mode: 'Manual' } } }, expect: ['spec.privateDns.mode: Unsupported value'] },
  { name: 'privateDns.zonesResourceGroup follows resource group rules', patch: { spec: { privateDns: { zonesResourceGroup: 'rg hub' } } }, expect: ['spec.privateDns.zonesResourceGroup', 'should match'] },
  { name: 'deletionPolicy is Delete or Retain', patch: { spec: { deletionPolicy: 'Orphan' } }, expect: ['spec.deletionPolicy: Unsupported value: "Orphan"'] },
];

export const secureWorkspaceAccepted: AcceptedCase[] = [
  { name: 'the base CustomerManaged workspace (bastion exactly /26)', patch: {} },
  { name: 'bastion /25 (larger than /26)', patch: subnets({ bastion: '172.16.2.0/25' }) },
  { name: 'adjacent non-overlapping subnets', patch: subnets({ training: '172.16.0.0/25', scoring: '172.16.0.128/25', bastion: '172.16.1.0/26' }) },
  { name: 'no bastion subnet', patch: subnets({ bastion: null }) },
  { name: 'addressSpace right after 172.17.0.0/16', patch: { spec: { network: { addressSpace: '172.18.0.0/16', subnets: { training: '172.18.0.0/24', scoring: '172.18.1.0/24', bastion: '172.18.2.0/26' } } } } },
  { name: 'subnets of /29, the smallest Azure allows', patch: subnets({ training: '172.16.0.0/29', scoring: '172.16.0.8/29' }) },
  { name: 'Managed with AllowInternetOutbound and an inbound endpoint subnet', patch: managed({ isolationMode: 'AllowInternetOutbound', workspaceEndpointSubnetId: SUBNET_ID }) },
  { name: 'Managed with every outbound rule type', patch: approved([
    { name: 'pypi', type: 'FQDN', destination: 'pypi.org', ports: '443', protocol: 'TCP' },
    { name: 'pythonhosted', type: 'FQDN', destination: '*.pythonhosted.org' },
    { name: 'aad', type: 'ServiceTag', destination: 'AzureActiveDirectory', ports: '80,443', protocol: 'TCP' },
    { name: 'storage-eastus', type: 'ServiceTag', destination: 'Storage.EastUS' },
    { name: 'hub-blob', type: 'PrivateEndpoint', destination: '/subscriptions/x/resourceGroups/rg-hub/providers/Microsoft.Storage/storageAccounts/hubdata', subresourceTarget: 'blob' },
  ]) },
  { name: 'every optional field set', patch: { spec: {
    tags: { env: 'prod', owner: 'ml-platform' },
    storage: { sku: 'Standard_ZRS', extraPrivateEndpoints: ['queue', 'table'] },
    keyVault: { softDeleteRetentionDays: 7, purgeProtection: false },
    workspace: { friendlyName: 'ML (prod)', description: 'Production workspace', publicNetworkAccess: 'Enabled' },
    privateDns: { mode: 'Records', zonesResourceGroup: 'rg-hub-dns' },
    deletionPolicy: 'Retain',
  } } },
];
