// Machine Learning adapters (arm-machinelearning 2.1.1 at 2022-10-01, and the generic client at 2024-04-01 for the
// managed network), the image-build binding, and role assignments, against the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  amlComputes,
  applicationInsights,
  BUILTIN_ROLES,
  containerRegistries,
  imageBuildComputeId,
  imageBuildComputes,
  keyVaults,
  managedNetworkWorkspaces,
  MANAGED_NETWORK_API_VERSION,
  provisionManagedNetwork,
  resourceGroups,
  roleAssignmentId,
  roleAssignments,
  roleDefinitionId,
  storageAccounts,
  virtualNetworks,
  workspaces,
} from '../../../src/azure/index.ts';
import type { AmlComputeSpec, WorkspaceSpec } from '../../../src/azure/index.ts';
import { ctx, ensure, LOCATION, roundTrip, startHarness, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
let rg: string;
let deps: Omit<WorkspaceSpec, 'location'>;
let subnetId: string;

beforeAll(async () => {
  h = await startHarness();
  rg = uniqueName('rg');
  await ensure(h.adapter(resourceGroups), h.groupId(rg), { location: LOCATION });
  const storageAccountId = h.id(rg, `Microsoft.Storage/storageAccounts/${uniqueName('st')}`);
  const keyVaultId = h.id(rg, `Microsoft.KeyVault/vaults/${uniqueName('kv')}`);
  const containerRegistryId = h.id(rg, `Microsoft.ContainerRegistry/registries/${uniqueName('cr')}`);
  const applicationInsightsId = h.id(rg, `Microsoft.Insights/components/${uniqueName('appi')}`);
  const vnetId = h.id(rg, 'Microsoft.Network/virtualNetworks/vnet');
  await Promise.all([
    ensure(h.adapter(storageAccounts), storageAccountId, { location: LOCATION, sku: 'Standard_LRS' }),
    ensure(h.adapter(keyVaults), keyVaultId, { location: LOCATION, tenantId: '00000000-0000-0000-0000-00000000a11e', softDeleteRetentionInDays: 7, enablePurgeProtection: false }),
    ensure(h.adapter(containerRegistries), containerRegistryId, { location: LOCATION, sku: 'Premium' }),
    ensure(h.adapter(applicationInsights), applicationInsightsId, { location: LOCATION }),
    ensure(h.adapter(virtualNetworks), vnetId, { location: LOCATION, addressPrefixes: ['172.16.0.0/16'], subnets: [{ name: 'training', addressPrefix: '172.16.0.0/24' }] }),
  ]);
  deps = { storageAccountId, keyVaultId, containerRegistryId, applicationInsightsId };
  subnetId = `${vnetId}/subnets/training`;
});
afterAll(() => h?.stop());

describe('workspace', () => {
  it('round-trips at 2022-10-01 and outputs identity and discovery URL', async () => {
    const id = h.id(rg, `Microsoft.MachineLearningServices/workspaces/${uniqueName('mlw')}`);
    const spec = { location: LOCATION, ...deps, friendlyName: 'one' };
    const { output } = await roundTrip(h.adapter(workspaces), id, spec, { ...spec, friendlyName: 'two' });
    expect(output.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.discoveryUrl).toMatch(/^https:\/\//);
    expect(output.workspaceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps imageBuildCompute set by the ImageBuildCompute controller when it updates the workspace', async () => {
    const ws = h.adapter(workspaces);
    const id = h.id(rg, `Microsoft.MachineLearningServices/workspaces/${uniqueName('mlw')}`);
    const spec = { location: LOCATION, ...deps };
    await ensure(ws, id, spec);
    await ensure(h.adapter(imageBuildComputes), imageBuildComputeId(id, 'cpu'), {});
    await ws.put(id, { ...spec, description: 'changed' }, await ws.get(id, ctx), ctx);
    expect((await ws.get(id, ctx))?.imageBuildCompute).toBe('cpu');
  });

  it('with a managed network at 2024-04-01, provisioned by the action, once', async () => {
    const id = h.id(rg, `Microsoft.MachineLearningServices/workspaces/${uniqueName('mlw')}`);
    const spec = {
      location: LOCATION,
      ...deps,
      managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' as const, outboundRules: { pypi: { type: 'FQDN' as const, destination: 'pypi.org' } } },
    };
    const mws = h.adapter(managedNetworkWorkspaces);
    const created = await mws.put(id, spec, undefined, ctx);
    expect(mws.output(created, id)).toMatchObject({ managedNetworkStatus: 'Inactive' });
    expect(mws.diff(spec, (await mws.get(id, ctx))!, id)).toEqual([]);

    const action = h.adapters.action(provisionManagedNetwork.key);
    if (!action) throw new Error('provisionManagedNetwork adapter missing');
    expect(await action.check(id, {}, ctx)).toMatchObject({ done: false });
    await action.run(id, {}, ctx);
    expect(await action.check(id, {}, ctx)).toMatchObject({ done: true, output: { status: 'Active' } });
    const writes = h.emu.admin.requests().filter((r) => r.method !== 'GET' && r.path.toLowerCase().startsWith(id.toLowerCase()));
    expect(writes.every((r) => r.apiVersion === MANAGED_NETWORK_API_VERSION)).toBe(true);
    await mws.delete(id, ctx);
    expect(await mws.get(id, ctx)).toBeUndefined();
  });
});

describe('compute and image-build binding', () => {
  it('round-trips an AmlCompute cluster, scaling it in place', async () => {
    const wsId = h.id(rg, `Microsoft.MachineLearningServices/workspaces/${uniqueName('mlw')}`);
    await ensure(h.adapter(workspaces), wsId, { location: LOCATION, ...deps });
    const spec: AmlComputeSpec = { location: LOCATION, vmSize: 'Standard_DS3_v2', minNodes: 0, maxNodes: 2, idleTimeBeforeScaleDown: 'PT120S', subnetId };
    await roundTrip(h.adapter(amlComputes), `${wsId}/computes/cpu`, spec, { ...spec, maxNodes: 4 });
    expect(h.emu.admin.requests().some((r) => r.method === 'PATCH' && r.path.toLowerCase().endsWith('/computes/cpu'))).toBe(true);
  });

  it('binds and unbinds imageBuildCompute, never clearing a binding that is not ours', async () => {
    const ws = h.adapter(workspaces);
    const wsId = h.id(rg, `Microsoft.MachineLearningServices/workspaces/${uniqueName('mlw')}`);
    await ensure(ws, wsId, { location: LOCATION, ...deps });
    const { output } = await roundTrip(h.adapter(imageBuildComputes), imageBuildComputeId(wsId, 'cpu'), {});
    expect(output).toEqual({ workspaceId: wsId, computeName: 'cpu' });
    expect((await ws.get(wsId, ctx))?.imageBuildCompute ?? '').toBe('');

    await ensure(h.adapter(imageBuildComputes), imageBuildComputeId(wsId, 'theirs'), {});
    await h.adapter(imageBuildComputes).delete(imageBuildComputeId(wsId, 'cpu'), ctx);
    expect((await ws.get(wsId, ctx))?.imageBuildCompute).toBe('theirs');
  });
});

describe('role assignment', () => {
  it('round-trips at a resource scope, and re-creates it for a new principal', async () => {
    const scope = deps.storageAccountId;
    const id = roleAssignmentId(scope, '/the/workspace', BUILTIN_ROLES.Reader);
    const role = roleDefinitionId(h.subscriptionId, BUILTIN_ROLES.Reader);
    const spec = { roleDefinitionId: role, principalId: '11111111-2222-3333-4444-555555555555' };
    await roundTrip(h.adapter(roleAssignments), id, spec, { ...spec, principalId: '99999999-2222-3333-4444-555555555555' });
  });
});
