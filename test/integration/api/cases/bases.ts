import { API_VERSION } from '../../../../src/api/index.ts';
import type { ImageBuildComputeSpecInput, JumpBoxSpecInput, SecureWorkspaceSpecInput } from '../../../../src/api/index.ts';
import type { Manifest } from './case.ts';

/** Smallest valid objects of each kind; every corpus row changes exactly what its name says. */

export const customerManagedSpec: SecureWorkspaceSpecInput = {
  location: 'eastus',
  resourceGroup: 'rg-ml',
  namePrefix: 'mlprod',
  network: {
    addressSpace: '172.16.0.0/16',
    subnets: { training: '172.16.0.0/24', scoring: '172.16.1.0/24', bastion: '172.16.2.0/26' },
  },
};

export const managedSpec: SecureWorkspaceSpecInput = {
  location: 'eastus',
  resourceGroup: 'rg-ml',
  namePrefix: 'mlmanaged',
  network: {
    mode: 'Managed',
    isolationMode: 'AllowOnlyApprovedOutbound',
    outboundRules: [{ name: 'pypi', type: 'FQDN', destination: 'pypi.org' }],
  },
};

export const imageBuildComputeSpec: ImageBuildComputeSpecInput = {
  workspaceRef: { name: 'ml' },
  computeName: 'imagebuild',
};

export const jumpBoxSpec: JumpBoxSpecInput = {
  workspaceRef: { name: 'ml' },
  adminPasswordSecretRef: { name: 'jumpbox-admin' },
};

export function manifest(kind: string, name: string, spec: unknown): Manifest {
  return { apiVersion: API_VERSION, kind, metadata: { name }, spec };
}
