// Microsoft.MachineLearningServices through the real arm-machinelearning 2.1.1 (HLC, api 2022-10-01) client:
// workspaces with their dependencies and computed identity/discovery outputs, computes, and the imageBuildCompute PATCH.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, FAST, LOCATION, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createVnet, createWorkspace, createWorkspaceDeps, workspaceBody } from './builders.ts';
import type { VnetLayout, WorkspaceDeps } from './builders.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let h: Harness;
let rg: string;
let deps: WorkspaceDeps;
let layout: VnetLayout;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
  [deps, layout] = await Promise.all([createWorkspaceDeps(h, rg), createVnet(h, rg)]);
});
afterAll(() => h?.stop());

function amlCompute(subnetId: string) {
  return {
    location: LOCATION,
    properties: {
      computeType: 'AmlCompute' as const,
      properties: {
        vmSize: 'Standard_DS3_v2',
        vmPriority: 'Dedicated' as const,
        scaleSettings: { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: 'PT120S' },
        subnet: { id: subnetId },
        enableNodePublicIp: false,
        remoteLoginPortPublicAccess: 'Disabled' as const,
      },
    },
  };
}

describe('workspaces', () => {
  it('create, get, update, delete round trip with computed identity and discovery outputs', async () => {
    const name = uniqueName('mlw');
    const ws = await h.clients.machineLearning.workspaces.beginCreateOrUpdateAndWait(rg, name, workspaceBody(deps), FAST);
    expect(ws).toMatchObject({ name, type: 'Microsoft.MachineLearningServices/workspaces', provisioningState: 'Succeeded' });
    expect(ws.identity?.principalId).toMatch(GUID);
    expect(ws.identity?.tenantId).toMatch(GUID);
    expect(ws.workspaceId).toMatch(GUID);
    expect(ws.discoveryUrl).toBe(`https://${LOCATION}.api.azureml.ms/discovery`);
    expect(ws.storageAccount?.toLowerCase()).toBe(deps.storageId.toLowerCase());

    const got = await h.clients.machineLearning.workspaces.get(rg, name);
    expect(got.identity?.principalId).toBe(ws.identity?.principalId);

    const updated = await h.clients.machineLearning.workspaces.beginUpdateAndWait(rg, name, { friendlyName: 'renamed' }, FAST);
    expect(updated.friendlyName).toBe('renamed');

    await h.clients.machineLearning.workspaces.beginDeleteAndWait(rg, name, FAST);
    expect(await thrown(() => h.clients.machineLearning.workspaces.get(rg, name))).toMatchObject({ statusCode: 404 });
    // Deleting what is already gone succeeds (204), so a retried delete is harmless.
    await h.clients.machineLearning.workspaces.beginDeleteAndWait(rg, name, FAST);
  });

  it('refuses a workspace whose dependencies do not exist', async () => {
    const missing = h.id(`resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/nosuchaccount`);
    const err = await thrown(() =>
      h.clients.machineLearning.workspaces.beginCreateOrUpdateAndWait(rg, uniqueName('mlw'), { ...workspaceBody(deps), storageAccount: missing }, FAST),
    );
    expect(err.statusCode).toBe(400);
    expect(['InvalidResourceReference', 'LinkedInvalidPropertyId']).toContain(err.code);
    expect(err.message).toContain('nosuchaccount');
  });

  it('refuses a malformed dependency id (LinkedInvalidPropertyId)', async () => {
    const err = await thrown(() =>
      h.clients.machineLearning.workspaces.beginCreateOrUpdateAndWait(rg, uniqueName('mlw'), { ...workspaceBody(deps), keyVault: 'not-a-resource-id' }, FAST),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'LinkedInvalidPropertyId' });
  });
});

describe('computes', () => {
  it('create, get, delete an AmlCompute cluster in the VNet, then point imageBuildCompute at it', async () => {
    const ws = await createWorkspace(h, rg, deps);
    const computeName = 'image-build';
    const compute = await h.clients.machineLearning.computeOperations.beginCreateOrUpdateAndWait(
      rg, ws.name, computeName, amlCompute(layout.subnets['training'] ?? ''), FAST,
    );
    expect(compute.properties).toMatchObject({ computeType: 'AmlCompute', provisioningState: 'Succeeded' });
    expect(compute.id).toBe(`${ws.id}/computes/${computeName}`);

    const patched = await h.clients.machineLearning.workspaces.beginUpdateAndWait(rg, ws.name, { imageBuildCompute: computeName }, FAST);
    expect(patched.imageBuildCompute).toBe(computeName);
    expect((await h.clients.machineLearning.workspaces.get(rg, ws.name)).imageBuildCompute).toBe(computeName);

    await h.clients.machineLearning.computeOperations.beginDeleteAndWait(rg, ws.name, computeName, 'Delete', FAST);
    expect(await thrown(() => h.clients.machineLearning.computeOperations.get(rg, ws.name, computeName))).toMatchObject({ statusCode: 404 });
  });

  it('needs its workspace (ParentResourceNotFound)', async () => {
    const err = await thrown(() =>
      h.clients.machineLearning.computeOperations.beginCreateOrUpdateAndWait(rg, 'no-such-ws', 'cpu', amlCompute(layout.subnets['training'] ?? ''), FAST),
    );
    expect(err).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
  });

  it('needs an existing subnet', async () => {
    const ws = await createWorkspace(h, rg, deps);
    const err = await thrown(() =>
      h.clients.machineLearning.computeOperations.beginCreateOrUpdateAndWait(rg, ws.name, 'cpu', amlCompute(`${layout.vnetId}/subnets/missing`), FAST),
    );
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('missing');
  });
});
