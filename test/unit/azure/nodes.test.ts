import { describe, expect, it } from 'vitest';
import type { ArmClients } from '../../../src/azure/clients.ts';
import {
  ACTION_ADAPTERS,
  armAction,
  armExternal,
  armResource,
  BUILTIN_ROLES,
  createArmAdapters,
  managedNetworkWorkspaces,
  privateDnsZones,
  privateEndpoints,
  RESOURCE_ADAPTERS,
  roleAssignmentId,
  roleAssignmentName,
  startVirtualMachine,
  virtualNetworks,
} from '../../../src/azure/index.ts';
import { createPlanGraph } from '../../../src/plan/index.ts';
import type { NodeOutputs } from '../../../src/plan/index.ts';

const RG = '/subscriptions/s/resourceGroups/rg';

describe('typed node builders', () => {
  const vnet = armResource(virtualNetworks, {
    key: 'vnet',
    id: `${RG}/providers/Microsoft.Network/virtualNetworks/v`,
    stage: 'Network',
    desired: { location: 'eastus', addressPrefixes: ['10.0.0.0/16'], subnets: [{ name: 'training', addressPrefix: '10.0.0.0/24' }] },
  });
  const zone = armExternal(privateDnsZones, { key: 'zone', id: `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`, stage: 'Dns' });
  const pe = armResource(privateEndpoints, {
    key: 'pe',
    id: `${RG}/providers/Microsoft.Network/privateEndpoints/pe`,
    stage: 'PrivateEndpoints',
    dependsOn: [vnet, zone],
    desired: (o) => ({ location: 'eastus', subnetId: o.get(vnet).subnetIds.training ?? '', privateLinkServiceId: o.get(zone).id, groupIds: ['blob'] }),
  });

  it('fill in type, ownership, keys of dependencies and a default wait reason', () => {
    expect(vnet).toMatchObject({ kind: 'resource', type: 'Microsoft.Network/virtualNetworks', ownership: 'managed', dependsOn: [], waitReason: 'WaitingForVirtualNetwork' });
    expect(vnet.adapter).toBeUndefined();
    expect(zone).toMatchObject({ ownership: 'external', waitReason: 'WaitingForPrivateDnsZone' });
    expect(pe.dependsOn).toEqual(['vnet', 'zone']);
    expect(createPlanGraph([vnet, zone, pe]).order).toEqual(['vnet', 'zone', 'pe']);
  });

  it('pass typed outputs to desired()', () => {
    const outputs: NodeOutputs = {
      get: <O>(dep: { key: string } | string) =>
        ({ vnet: { id: 'v', name: 'v', subnetIds: { training: 'subnet-id' } }, zone: { id: 'zone-id', name: 'z' } })[
          typeof dep === 'string' ? dep : (dep.key as 'vnet' | 'zone')
        ] as O,
    };
    expect(pe.desired(outputs)).toMatchObject({ subnetId: 'subnet-id', privateLinkServiceId: 'zone-id' });
  });

  it('use the ARM type for an adapter at another api-version, keeping the adapter key', () => {
    const ws = armResource(managedNetworkWorkspaces, {
      key: 'ws',
      id: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/w`,
      stage: 'Workspace',
      desired: {
        location: 'eastus',
        storageAccountId: 's',
        keyVaultId: 'k',
        applicationInsightsId: 'a',
        containerRegistryId: 'c',
        managedNetwork: { isolationMode: 'AllowInternetOutbound' },
      },
    });
    expect(ws).toMatchObject({ type: 'Microsoft.MachineLearningServices/workspaces', adapter: 'Microsoft.MachineLearningServices/workspaces@2024-04-01' });
  });

  it('build action nodes', () => {
    const start = armAction(startVirtualMachine, { key: 'start', id: `${RG}/providers/Microsoft.Compute/virtualMachines/vm`, stage: 'Power', params: {} });
    expect(start).toMatchObject({ kind: 'action', type: 'Microsoft.Compute/virtualMachines/start', waitReason: 'WaitingForVirtualMachineStart' });
  });

  it('refuse to compute a desired state for an external node', () => {
    expect(() => zone.desired({ get: () => undefined as never })).toThrow("external node 'zone' has no desired state");
  });
});

describe('adapter registry', () => {
  const set = createArmAdapters({} as ArmClients);

  it('registers every adapter under a unique key, found case-insensitively', () => {
    const keys = [...RESOURCE_ADAPTERS, ...ACTION_ADAPTERS].map((a) => a.key.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
    for (const a of RESOURCE_ADAPTERS) expect(set.resource(a.key.toUpperCase()), a.key).toBeDefined();
    for (const a of ACTION_ADAPTERS) expect(set.action(a.key), a.key).toBeDefined();
    expect(set.resource('Microsoft.Nope/things')).toBeUndefined();
  });

  it('covers the types the controllers need', () => {
    expect(RESOURCE_ADAPTERS.map((a) => a.key)).toEqual(
      expect.arrayContaining([
        'Microsoft.Resources/resourceGroups',
        'Microsoft.Network/virtualNetworks/subnets',
        'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
        'Microsoft.Network/privateDnsZones/A',
        'Microsoft.Insights/components',
        'Microsoft.MachineLearningServices/workspaces/computes',
        'Microsoft.Authorization/roleAssignments',
        'Microsoft.DevTestLab/schedules',
      ]),
    );
  });
});

describe('role assignment names', () => {
  const scope = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-blob`;
  const ws = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/w`;

  it('are stable GUIDs of scope, principal and role, insensitive to casing', () => {
    const name = roleAssignmentName(scope, ws, BUILTIN_ROLES.Reader);
    expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(roleAssignmentName(scope.toUpperCase(), ws, BUILTIN_ROLES.Reader)).toBe(name);
    expect(roleAssignmentName(scope, `${ws}2`, BUILTIN_ROLES.Reader)).not.toBe(name);
    expect(roleAssignmentName(scope, ws, BUILTIN_ROLES.Contributor)).not.toBe(name);
    expect(roleAssignmentId(scope, ws, BUILTIN_ROLES.Reader)).toBe(`${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`);
  });
});
