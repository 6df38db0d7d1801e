// Microsoft.Storage/storageAccounts through the real arm-storage 21 client (202 + Location LRO, sync PATCH and DELETE).
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

const body = { location: LOCATION, sku: { name: 'Standard_LRS' }, kind: 'StorageV2' } as const;

describe('storage accounts', () => {
  it('create, get, update, delete round trip', async () => {
    const name = uniqueName('st');
    const created = await h.clients.storage.storageAccounts.create(rg, name, { ...body, publicNetworkAccess: 'Disabled' }, FAST);
    expect(created).toMatchObject({
      name,
      type: 'Microsoft.Storage/storageAccounts',
      kind: 'StorageV2',
      provisioningState: 'Succeeded',
      primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/`, file: `https://${name}.file.core.windows.net/` },
    });
    expect(created.sku?.name).toBe('Standard_LRS');

    const got = await h.clients.storage.storageAccounts.getProperties(rg, name);
    expect(got.id).toBe(h.id(`resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${name}`));
    expect(got.publicNetworkAccess).toBe('Disabled');

    const patched = await h.clients.storage.storageAccounts.update(rg, name, { tags: { team: 'ml' }, allowBlobPublicAccess: false });
    expect(patched.tags).toEqual({ team: 'ml' });
    expect(patched.allowBlobPublicAccess).toBe(false);

    await h.clients.storage.storageAccounts.delete(rg, name);
    expect(await thrown(() => h.clients.storage.storageAccounts.getProperties(rg, name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(h.clients.storage.storageAccounts.delete(rg, name)).resolves.toBeUndefined();
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(25)],
    ['upper case', 'StorageUpper1'],
    ['hyphen', 'storage-acct'],
  ])('refuses an invalid name (%s) with AccountNameInvalid', async (_why, name) => {
    const err = await thrown(() => h.clients.storage.storageAccounts.create(rg, name, body, FAST));
    expect(err).toMatchObject({ statusCode: 400, code: 'AccountNameInvalid' });
  });

  it('refuses a name already used by an account elsewhere (global uniqueness)', async () => {
    const name = uniqueName('st');
    await h.clients.storage.storageAccounts.create(rg, name, body, FAST);
    const other = await createResourceGroup(h);
    const err = await thrown(() => h.clients.storage.storageAccounts.create(other, name, body, FAST));
    expect(err.statusCode).toBe(409);
    expect(['StorageAccountAlreadyTaken', 'StorageAccountInAnotherResourceGroup']).toContain(err.code);
  });

  it('creating again in the same group updates in place', async () => {
    const name = uniqueName('st');
    await h.clients.storage.storageAccounts.create(rg, name, body, FAST);
    const again = await h.clients.storage.storageAccounts.create(rg, name, { ...body, tags: { second: 'yes' } }, FAST);
    expect(again.tags).toEqual({ second: 'yes' });
  });
});
