import type { Patch } from './case.ts';

/** An update from a valid object of `kind` (the base of admission.test.ts, changed by `from`) by `to`. */
export interface UpdateCase {
  name: string;
  kind: 'SecureWorkspace' | 'ImageBuildCompute' | 'JumpBox';
  from?: Patch;
  to: Patch;
}

export interface RejectedUpdate extends UpdateCase {
  expect: string[];
}

const MANAGED: Patch = {
  spec: { network: { mode: 'Managed', addressSpace: null, subnets: null, isolationMode: 'AllowInternetOutbound' } },
};

export const rejectedUpdates: RejectedUpdate[] = [
  { name: 'location is immutable', kind: 'SecureWorkspace', to: { spec: { location: 'westeurope' } }, expect: ['spec.location', 'location is immutable'] },
  { name: 'resourceGroup is immutable', kind: 'SecureWorkspace', to: { spec: { resourceGroup: 'rg-other' } }, expect: ['spec.resourceGroup', 'resourceGroup is immutable'] },
  { name: 'namePrefix is immutable', kind: 'SecureWorkspace', to: { spec: { namePrefix: 'mlother' } }, expect: ['spec.namePrefix', 'namePrefix is immutable'] },
  { name: 'network.mode is immutable', kind: 'SecureWorkspace', to: MANAGED, expect: ['spec.network.mode', 'network.mode is immutable'] },
  { name: 'addressSpace is immutable', kind: 'SecureWorkspace', to: { spec: { network: { addressSpace: '172.16.0.0/17' } } }, expect: ['spec.network.addressSpace', 'network.addressSpace is immutable'] },
  { name: 'addressSpace cannot be removed', kind: 'SecureWorkspace', to: { spec: { network: { addressSpace: null } } }, expect: ['spec.network', 'network.addressSpace cannot be removed once set'] },
  { name: 'training subnet is immutable', kind: 'SecureWorkspace', to: { spec: { network: { subnets: { training: '172.16.4.0/24' } } } }, expect: ['spec.network.subnets.training', 'network.subnets.training is immutable'] },
  { name: 'scoring subnet is immutable', kind: 'SecureWorkspace', to: { spec: { network: { subnets: { scoring: '172.16.4.0/24' } } } }, expect: ['spec.network.subnets.scoring', 'network.subnets.scoring is immutable'] },
  { name: 'bastion subnet cannot change once set', kind: 'SecureWorkspace', to: { spec: { network: { subnets: { bastion: '172.16.3.0/26' } } } }, expect: ['spec.network.subnets.bastion', 'network.subnets.bastion is immutable'] },
  { name: 'isolationMode cannot be removed', kind: 'SecureWorkspace', from: MANAGED, to: { spec: { network: { isolationMode: null } } }, expect: ['spec.network', 'network.isolationMode cannot be removed once set'] },
  { name: 'softDeleteRetentionDays is immutable', kind: 'SecureWorkspace', to: { spec: { keyVault: { softDeleteRetentionDays: 30 } } }, expect: ['spec.keyVault.softDeleteRetentionDays', 'is immutable'] },
  { name: 'purgeProtection cannot be disabled', kind: 'SecureWorkspace', to: { spec: { keyVault: { purgeProtection: false } } }, expect: ['spec.keyVault.purgeProtection', 'cannot be disabled once enabled'] },
  { name: 'computeName is immutable', kind: 'ImageBuildCompute', to: { spec: { computeName: 'other' } }, expect: ['spec.computeName', 'computeName is immutable'] },
  { name: 'workspaceRef is immutable', kind: 'ImageBuildCompute', to: { spec: { workspaceRef: { name: 'other' } } }, expect: ['spec.workspaceRef', 'workspaceRef is immutable'] },
  { name: 'os is immutable', kind: 'JumpBox', to: { spec: { os: 'Ubuntu2204' } }, expect: ['spec.os', 'os is immutable'] },
  { name: 'adminUsername is immutable', kind: 'JumpBox', to: { spec: { adminUsername: 'mladmin' } }, expect: ['spec.adminUsername', 'adminUsername is immutable'] },
];

export const allowedUpdates: UpdateCase[] = [
  { name: 'tags change', kind: 'SecureWorkspace', to: { spec: { tags: { env: 'prod' } } } },
  { name: 'a bastion subnet is added later', kind: 'SecureWorkspace', from: { spec: { network: { subnets: { bastion: null } } } }, to: { spec: { network: { subnets: { bastion: '172.16.2.0/26' } } } } },
  { name: 'storage SKU and extra endpoints change', kind: 'SecureWorkspace', to: { spec: { storage: { sku: 'Standard_GRS', extraPrivateEndpoints: ['queue'] } } } },
  { name: 'purgeProtection is enabled later', kind: 'SecureWorkspace', from: { spec: { keyVault: { purgeProtection: false } } }, to: { spec: { keyVault: { purgeProtection: true } } } },
  { name: 'isolationMode tightens to AllowOnlyApprovedOutbound', kind: 'SecureWorkspace', from: MANAGED, to: { spec: { network: { isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: [{ name: 'pypi', type: 'FQDN', destination: 'pypi.org' }] } } } },
  { name: 'deletionPolicy changes', kind: 'SecureWorkspace', to: { spec: { deletionPolicy: 'Retain' } } },
  { name: 'compute scale and size change', kind: 'ImageBuildCompute', to: { spec: { vmSize: 'Standard_D4s_v5', maxNodes: 4 } } },
  { name: 'jump box is deallocated and gets a shutdown schedule', kind: 'JumpBox', to: { spec: { powerState: 'Deallocated', autoShutdown: { time: '19:00' } } } },
];
