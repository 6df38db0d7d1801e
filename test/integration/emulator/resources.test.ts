// Microsoft.Resources through the real arm-resources 8 client: resource groups (cascade delete), generic lists,
// and generic by-id calls at api-versions newer than the typed SDKs (App Insights 2020-02-02, ML 2024-04-01).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, createResourceGroup, FAST, LOCATION, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { APP_INSIGHTS_API_VERSION, createVnet, createWorkspaceDeps, workspaceBody } from './builders.ts';

const ML_MANAGED_NETWORK_API_VERSION = '2024-04-01';

let h: Harness;
let rg: string;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
});
afterAll(() => h?.stop());

describe('resource groups', () => {
  it('create, get, delete; deleting a group deletes what is in it', async () => {
    const name = uniqueName('rg');
    const created = await h.clients.resources.resourceGroups.createOrUpdate(name, { location: LOCATION, tags: { owner: 'fidelity' } });
    expect(created).toMatchObject({ name, location: LOCATION, tags: { owner: 'fidelity' }, id: h.id(`resourceGroups/${name}`) });
    expect(created.properties?.provisioningState).toBe('Succeeded');
    const layout = await createVnet(h, name);

    await h.clients.resources.resourceGroups.delete(name, FAST);
    expect(await thrown(() => h.clients.resources.resourceGroups.get(name))).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    expect(await thrown(() => h.clients.network.virtualNetworks.get(name, layout.vnetName))).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    const inventory = JSON.stringify(await h.emu.admin.inventory()).toLowerCase();
    expect(inventory).not.toContain(layout.vnetId.toLowerCase());
  });

  it('lists the resources of one type in a group (generic list with a resourceType filter)', async () => {
    const group = await createResourceGroup(h);
    const a = await createVnet(h, group, {}, ['10.60.0.0/16']);
    const b = await createVnet(h, group, {}, ['10.61.0.0/16']);
    await h.clients.network.networkSecurityGroups.createOrUpdate(group, uniqueName('nsg'), { location: LOCATION }, FAST);
    const vnets = await all(h.clients.resources.resources.listByResourceGroup(group, { filter: "resourceType eq 'Microsoft.Network/virtualNetworks'" }));
    expect(vnets.map((r) => r.name).sort()).toEqual([a.vnetName, b.vnetName].sort());
    expect(vnets.every((r) => r.type === 'Microsoft.Network/virtualNetworks')).toBe(true);
    expect((await all(h.clients.resources.resources.listByResourceGroup(group))).length).toBe(3);
  });
});

describe('generic by-id calls', () => {
  it('Application Insights component at 2020-02-02: create, get, delete', async () => {
    const id = h.id(`resourceGroups/${rg}/providers/Microsoft.Insights/components/${uniqueName('appi')}`);
    const created = await h.clients.resources.resources.createOrUpdateById(
      id,
      APP_INSIGHTS_API_VERSION,
      { location: LOCATION, kind: 'web', properties: { Application_Type: 'web' } },
      FAST,
    );
    expect(created).toMatchObject({ id, kind: 'web' });
    // App Insights answers its type in lower case, unlike most providers.
    expect(created.type?.toLowerCase()).toBe('microsoft.insights/components');
    const got = await h.clients.resources.resources.getById(id, APP_INSIGHTS_API_VERSION);
    expect(got.properties).toMatchObject({ Application_Type: 'web', provisioningState: 'Succeeded' });
    await h.clients.resources.resources.deleteById(id, APP_INSIGHTS_API_VERSION, FAST);
    expect(await thrown(() => h.clients.resources.resources.getById(id, APP_INSIGHTS_API_VERSION))).toMatchObject({ statusCode: 404 });
  });

  it('ML workspace with managedNetwork at 2024-04-01, still readable by the 2022-10-01 client', async () => {
    const deps = await createWorkspaceDeps(h, rg);
    const name = uniqueName('mlw');
    const id = h.id(`resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`);
    const { location, identity, ...properties } = workspaceBody(deps);
    await h.clients.resources.resources.createOrUpdateById(
      id,
      ML_MANAGED_NETWORK_API_VERSION,
      { location, identity, properties: { ...properties, managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } },
      FAST,
    );
    const generic = await h.clients.resources.resources.getById(id, ML_MANAGED_NETWORK_API_VERSION);
    expect(generic.properties).toMatchObject({ managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' }, provisioningState: 'Succeeded' });
    const typed = await h.clients.machineLearning.workspaces.get(rg, name);
    expect(typed.identity?.principalId).toBeTruthy();
    expect(typed.storageAccount?.toLowerCase()).toBe(deps.storageId.toLowerCase());
  });
});
