import type { VirtualNetwork } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import { applyJumpBoxDefaults } from '../../../../src/api/index.ts';
import type { JumpBoxSpecInput } from '../../../../src/api/index.ts';
import { resolveTarget } from '../../../../src/controllers/jumpbox/target.ts';
import type { TargetDeps, TargetResolution } from '../../../../src/controllers/jumpbox/target.ts';
import type { SecureWorkspace } from '../../../../src/controllers/secureworkspace/index.ts';

const RG = '/subscriptions/sub/resourceGroups/rg-hub';
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/hub`;
const WS_VNET = '/subscriptions/sub/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/ml-vnet';

function workspace(subnetIds: Record<string, string>, vnetId: string | undefined = WS_VNET, mode = 'CustomerManaged'): SecureWorkspace {
  return {
    metadata: { name: 'ws', namespace: 'ns', generation: 1 },
    spec: { location: 'westeurope', resourceGroup: 'rg-ml', namePrefix: 'ml', network: { mode } } as SecureWorkspace['spec'],
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: '', lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: 1 }],
      workspace: { id: 'ws-id' },
      network: { ...(vnetId ? { vnetId } : {}), subnetIds },
    },
  };
}

function deps(ws: SecureWorkspace | undefined, vnet?: VirtualNetwork): TargetDeps {
  return {
    workspaces: { get: () => ws, list: () => (ws ? [ws] : []), byIndex: () => [], hasSynced: () => true },
    subscriptionId: 'sub',
    getVirtualNetwork: async () => vnet,
  };
}

const resolve = (spec: JumpBoxSpecInput, d: TargetDeps): Promise<TargetResolution> => resolveTarget(applyJumpBoxDefaults(spec), 'ns', d);
const blocked = (r: TargetResolution) => ('blocked' in r ? r.blocked : undefined);

describe('JumpBox target from workspaceRef', () => {
  const byRef = { workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' } };

  it('is the training subnet of the workspace VNet, in its group and region', async () => {
    const ws = workspace({ training: `${WS_VNET}/subnets/Training`, bastion: `${WS_VNET}/subnets/AzureBastionSubnet` });
    expect(await resolve(byRef, deps(ws))).toEqual({
      target: {
        subscriptionId: 'sub',
        resourceGroup: 'rg-ml',
        location: 'westeurope',
        subnetId: `${WS_VNET}/subnets/Training`,
        vnetId: WS_VNET,
        vnetName: 'ml-vnet',
        bastionSubnetId: `${WS_VNET}/subnets/AzureBastionSubnet`,
      },
    });
  });

  it('waits, watched, while the workspace is missing', async () => {
    expect(blocked(await resolve(byRef, deps(undefined)))).toMatchObject({ reason: 'WaitingForWorkspace', stalled: false, watched: true });
  });

  it('stalls when a Bastion is wanted and the workspace has no AzureBastionSubnet', async () => {
    const b = blocked(await resolve(byRef, deps(workspace({ training: `${WS_VNET}/subnets/Training` }))));
    expect(b).toMatchObject({ reason: 'BastionSubnetMissing', stalled: true });
    expect(b?.message).toContain('bastion.enabled: false');
    const without = await resolve({ ...byRef, bastion: { enabled: false } }, deps(workspace({ training: `${WS_VNET}/subnets/Training` })));
    expect('target' in without).toBe(true);
  });

  it('stalls for a managed-network workspace, pointing at subnetId', async () => {
    const b = blocked(await resolve(byRef, deps(workspace({}, undefined, 'Managed'))));
    expect(b).toMatchObject({ reason: 'NoWorkspaceSubnet', stalled: true });
    expect(b?.message).toContain('subnetId');
  });
});

describe('JumpBox target from subnetId', () => {
  const bySubnet = { subnetId: `${VNET}/subnets/jump`, adminPasswordSecretRef: { name: 'pw' } };
  const hub: VirtualNetwork = {
    location: 'northeurope',
    subnets: [{ name: 'jump', id: `${VNET}/subnets/jump` }, { name: 'AzureBastionSubnet', id: `${VNET}/subnets/AzureBastionSubnet` }],
  };

  it("takes the VNet's group and region, and its AzureBastionSubnet", async () => {
    expect(await resolve(bySubnet, deps(undefined, hub))).toEqual({
      target: {
        subscriptionId: 'sub',
        resourceGroup: 'rg-hub',
        location: 'northeurope',
        subnetId: `${VNET}/subnets/jump`,
        vnetId: VNET,
        vnetName: 'hub',
        bastionSubnetId: `${VNET}/subnets/AzureBastionSubnet`,
      },
    });
  });

  it('waits, polling, while the VNet or the subnet does not exist', async () => {
    expect(blocked(await resolve(bySubnet, deps(undefined, undefined)))).toMatchObject({ reason: 'WaitingForSubnet', stalled: false, watched: false });
    expect(blocked(await resolve(bySubnet, deps(undefined, { location: 'x', subnets: [] })))?.reason).toBe('WaitingForSubnet');
  });

  it('stalls on a subnet of another subscription than the operator manages', async () => {
    const other = { ...bySubnet, subnetId: bySubnet.subnetId.replace('/sub/', '/other/') };
    expect(blocked(await resolve(other, deps(undefined, hub)))).toMatchObject({ reason: 'SubnetInOtherSubscription', stalled: true });
  });
});
