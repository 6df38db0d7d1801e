// Microsoft.ContainerRegistry/registries through the real arm-containerregistry 12 client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, FAST, LOCATION, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
let rg: string;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
});
afterAll(() => h?.stop());

describe('container registries', () => {
  it('create, get, update, delete round trip', async () => {
    const name = uniqueName('acr');
    const created = await h.clients.registry.registries.create(rg, name, { location: LOCATION, sku: { name: 'Premium' }, adminUserEnabled: false }, FAST);
    expect(created).toMatchObject({ name, type: 'Microsoft.ContainerRegistry/registries', provisioningState: 'Succeeded', loginServer: `${name}.azurecr.io` });
    expect(created.sku.name).toBe('Premium');

    const updated = await h.clients.registry.registries.update(rg, name, { publicNetworkAccess: 'Disabled', tags: { a: 'b' } }, FAST);
    expect(updated).toMatchObject({ publicNetworkAccess: 'Disabled', tags: { a: 'b' } });
    expect((await h.clients.registry.registries.get(rg, name)).publicNetworkAccess).toBe('Disabled');

    await h.clients.registry.registries.delete(rg, name, FAST);
    expect(await thrown(() => h.clients.registry.registries.get(rg, name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(h.clients.registry.registries.delete(rg, name, FAST)).resolves.toBeUndefined();
  });
});
