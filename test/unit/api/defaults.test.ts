import { describe, expect, it } from 'vitest';
import {
  applyImageBuildComputeDefaults,
  applyJumpBoxDefaults,
  applySecureWorkspaceDefaults,
} from '../../../src/api/index.ts';
import type { JumpBoxSpecInput, SecureWorkspaceSpecInput } from '../../../src/api/index.ts';

const minimalWorkspace: SecureWorkspaceSpecInput = {
  location: 'eastus',
  resourceGroup: 'rg-ml',
  namePrefix: 'mlprod',
  network: { addressSpace: '172.16.0.0/16', subnets: { training: '172.16.0.0/24', scoring: '172.16.1.0/24' } },
};

describe('applySecureWorkspaceDefaults', () => {
  it('fills every defaulted field, nested ones included, as the apiserver does', () => {
    expect(applySecureWorkspaceDefaults(minimalWorkspace)).toEqual({
      ...minimalWorkspace,
      network: { ...minimalWorkspace.network, mode: 'CustomerManaged' },
      storage: { sku: 'Standard_LRS', extraPrivateEndpoints: [] },
      keyVault: { softDeleteRetentionDays: 90, purgeProtection: true },
      containerRegistry: { sku: 'Premium' },
      workspace: { publicNetworkAccess: 'Disabled' },
      privateDns: { mode: 'ZoneGroups' },
      deletionPolicy: 'Delete',
    });
  });

  it('keeps values the user set and completes partially given objects', () => {
    const spec = applySecureWorkspaceDefaults({
      ...minimalWorkspace,
      keyVault: { softDeleteRetentionDays: 7 },
      deletionPolicy: 'Retain',
    });
    expect(spec.keyVault).toEqual({ softDeleteRetentionDays: 7, purgeProtection: true });
    expect(spec.deletionPolicy).toBe('Retain');
  });

  it('does not modify its input', () => {
    const input = structuredClone(minimalWorkspace);
    applySecureWorkspaceDefaults(input);
    expect(input).toEqual(minimalWorkspace);
  });
});

describe('applyImageBuildComputeDefaults', () => {
  it('fills size, scale and network defaults', () => {
    expect(applyImageBuildComputeDefaults({ workspaceRef: { name: 'ws' }, computeName: 'imagebuild' })).toEqual({
      workspaceRef: { name: 'ws' },
      computeName: 'imagebuild',
      vmSize: 'Standard_DS3_v2',
      minNodes: 0,
      maxNodes: 2,
      idleTimeBeforeScaleDown: 'PT120S',
      subnet: 'training',
      vmPriority: 'Dedicated',
      nodePublicIp: false,
      deletionPolicy: 'Delete',
    });
  });
});

describe('applyJumpBoxDefaults', () => {
  const base: JumpBoxSpecInput = { workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'jb-admin' } };

  it('fills defaults, including inside the optional Secret reference', () => {
    expect(applyJumpBoxDefaults(base)).toEqual({
      workspaceRef: { name: 'ws' },
      adminPasswordSecretRef: { name: 'jb-admin', key: 'password' },
      vmSize: 'Standard_DS3_v2',
      os: 'Windows11',
      adminUsername: 'azureuser',
      bastion: { enabled: true, sku: 'Standard' },
      powerState: 'Running',
      deletionPolicy: 'Delete',
    });
  });

  it('leaves optional objects absent, and defaults inside them only when given', () => {
    expect(applyJumpBoxDefaults(base).autoShutdown).toBeUndefined();
    expect(applyJumpBoxDefaults({ ...base, autoShutdown: { time: '19:00' } }).autoShutdown).toEqual({
      time: '19:00',
      timeZone: 'UTC',
    });
  });
});
