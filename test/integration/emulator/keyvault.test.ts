// Microsoft.KeyVault/vaults through the real arm-keyvault 5 client: Body-mode LRO (200 + non-terminal
// provisioningState), sync PATCH/DELETE, and soft delete (the name stays reserved until purged or recovered).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, FAST, LOCATION, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { TENANT_ID } from './builders.ts';

let h: Harness;
let rg: string;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
});
afterAll(() => h?.stop());

const vaultBody = (extra: Record<string, unknown> = {}) => ({
  location: LOCATION,
  properties: { tenantId: TENANT_ID, sku: { family: 'A' as const, name: 'standard' as const }, enableRbacAuthorization: true, softDeleteRetentionInDays: 7, ...extra },
});

describe('key vaults', () => {
  it('create, get, update, delete round trip', async () => {
    const name = uniqueName('kv');
    const created = await h.clients.keyVault.vaults.createOrUpdate(rg, name, vaultBody({ publicNetworkAccess: 'Disabled' }), FAST);
    expect(created).toMatchObject({ name, type: 'Microsoft.KeyVault/vaults', location: LOCATION });
    expect(created.properties).toMatchObject({ provisioningState: 'Succeeded', tenantId: TENANT_ID, enableRbacAuthorization: true });
    expect(created.properties.vaultUri).toMatch(new RegExp(`^https://${name}\\.vault\\.azure\\.net/?$`));

    const patched = await h.clients.keyVault.vaults.update(rg, name, { tags: { env: 'test' }, properties: { enablePurgeProtection: true } });
    expect(patched.tags).toEqual({ env: 'test' });
    expect(patched.properties.enablePurgeProtection).toBe(true);
    expect((await h.clients.keyVault.vaults.get(rg, name)).properties.enablePurgeProtection).toBe(true);

    await h.clients.keyVault.vaults.delete(rg, name);
    expect(await thrown(() => h.clients.keyVault.vaults.get(rg, name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(h.clients.keyVault.vaults.delete(rg, name)).resolves.toBeUndefined();
  });

  it('keeps a deleted vault soft-deleted: same name refused until purged', async () => {
    const name = uniqueName('kv');
    await h.clients.keyVault.vaults.createOrUpdate(rg, name, vaultBody(), FAST);
    await h.clients.keyVault.vaults.delete(rg, name);

    const deleted = await h.clients.keyVault.vaults.getDeleted(name, LOCATION);
    expect(deleted.properties?.vaultId?.toLowerCase()).toBe(h.id(`resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`).toLowerCase());

    const conflict = await thrown(() => h.clients.keyVault.vaults.createOrUpdate(rg, name, vaultBody(), FAST));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.message).toMatch(/deleted state|recover|purge/i);

    await h.clients.keyVault.vaults.purgeDeleted(name, LOCATION, FAST);
    expect(await thrown(() => h.clients.keyVault.vaults.getDeleted(name, LOCATION))).toMatchObject({ statusCode: 404 });
    const again = await h.clients.keyVault.vaults.createOrUpdate(rg, name, vaultBody(), FAST);
    expect(again.properties.provisioningState).toBe('Succeeded');
  });

  it('recovers a soft-deleted vault with createMode recover', async () => {
    const name = uniqueName('kv');
    await h.clients.keyVault.vaults.createOrUpdate(rg, name, vaultBody(), FAST);
    await h.clients.keyVault.vaults.delete(rg, name);
    const recovered = await h.clients.keyVault.vaults.createOrUpdate(rg, name, vaultBody({ createMode: 'recover' }), FAST);
    expect(recovered.name).toBe(name);
    expect(await thrown(() => h.clients.keyVault.vaults.getDeleted(name, LOCATION))).toMatchObject({ statusCode: 404 });
  });
});
