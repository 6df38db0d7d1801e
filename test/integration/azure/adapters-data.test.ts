// Storage, Key Vault (with its soft-delete rules), Container Registry and App Insights adapters against the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationInsights, containerRegistries, keyVaults, resourceGroups, storageAccounts } from '../../../src/azure/index.ts';
import type { KeyVaultSpec } from '../../../src/azure/index.ts';
import { ctx, ensure, LOCATION, roundTrip, startHarness, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
let rg: string;

beforeAll(async () => {
  h = await startHarness();
  rg = uniqueName('rg');
  await ensure(h.adapter(resourceGroups), h.groupId(rg), { location: LOCATION });
});
afterAll(() => h?.stop());

describe('data adapters round-trip', () => {
  it('storage account (and its public access)', async () => {
    const id = h.id(rg, `Microsoft.Storage/storageAccounts/${uniqueName('st')}`);
    const spec = { location: LOCATION, sku: 'Standard_LRS' } as const;
    const { output } = await roundTrip(h.adapter(storageAccounts), id, spec, { ...spec, networkDefaultAction: 'Allow' });
    expect(output.primaryEndpoints.blob).toMatch(/^https:\/\/st[0-9a-f]+\.blob\./);
  });

  it('storage account resource access rules, for a workspace that does not exist yet', async () => {
    const id = h.id(rg, `Microsoft.Storage/storageAccounts/${uniqueName('st')}`);
    const tenantId = '00000000-0000-0000-0000-00000000a11e';
    const rule = (name: string) => ({ tenantId, resourceId: h.id(rg, `Microsoft.MachineLearningServices/workspaces/${name}`) });
    const spec = { location: LOCATION, sku: 'Standard_LRS', resourceAccessRules: [rule('mlw-not-yet')] } as const;
    await roundTrip(h.adapter(storageAccounts), id, spec, { ...spec, resourceAccessRules: [rule('mlw-not-yet'), rule('mlw-second')] });
    const sent = h.emu.admin.requests().filter((r) => r.method === 'PUT' && r.path.toLowerCase() === id.toLowerCase());
    expect(sent.map((r) => (r.body as { properties: { networkAcls: unknown } }).properties.networkAcls)).toEqual([
      expect.objectContaining({ resourceAccessRules: [rule('mlw-not-yet')] }),
      expect.objectContaining({ resourceAccessRules: [rule('mlw-not-yet'), rule('mlw-second')] }),
    ]);
  });

  it('container registry (and admin user)', async () => {
    const id = h.id(rg, `Microsoft.ContainerRegistry/registries/${uniqueName('cr')}`);
    const { output } = await roundTrip(h.adapter(containerRegistries), id, { location: LOCATION, sku: 'Premium' }, {
      location: LOCATION,
      sku: 'Premium',
      adminUserEnabled: true,
    });
    expect(output.loginServer).toMatch(/\.azurecr\.io$/);
  });

  it('application insights through the generic client at 2020-02-02', async () => {
    const id = h.id(rg, `Microsoft.Insights/components/${uniqueName('appi')}`);
    await roundTrip(h.adapter(applicationInsights), id, { location: LOCATION }, { location: LOCATION, tags: { a: 'b' } });
    expect(h.emu.admin.requests().filter((r) => r.path.toLowerCase().includes('microsoft.insights')).every((r) => r.apiVersion === '2020-02-02')).toBe(true);
  });
});

describe('key vault', () => {
  const spec = (softDeleted?: KeyVaultSpec['softDeleted'], enablePurgeProtection = false): KeyVaultSpec => ({
    location: LOCATION,
    tenantId: '00000000-0000-0000-0000-00000000a11e',
    softDeleteRetentionInDays: 7,
    enablePurgeProtection,
    ...(softDeleted ? { softDeleted } : {}),
  });

  it('round-trips (and opens its network rules)', async () => {
    const id = h.id(rg, `Microsoft.KeyVault/vaults/${uniqueName('kv')}`);
    const { output } = await roundTrip(h.adapter(keyVaults), id, spec(), { ...spec(), networkDefaultAction: 'Allow' });
    expect(output.vaultUri).toMatch(/^https:\/\/kv[0-9a-f]+\.vault\.azure\.net/);
  });

  it('recovers a soft-deleted vault of the same name by default, with the spec applied', async () => {
    const kv = h.adapter(keyVaults);
    const id = h.id(rg, `Microsoft.KeyVault/vaults/${uniqueName('kv')}`);
    await ensure(kv, id, spec());
    await kv.delete(id, ctx);
    const recovered = await kv.put(id, { ...spec('recover'), tags: { back: 'yes' } }, undefined, ctx);
    expect(recovered.tags).toEqual({ back: 'yes' });
    expect(kv.diff({ ...spec(), tags: { back: 'yes' } }, recovered, id)).toEqual([]);
    expect(h.emu.admin.requests().some((r) => r.method === 'PUT' && JSON.stringify(r.body ?? {}).includes('"recover"'))).toBe(true);
  });

  it('purges a soft-deleted vault first when asked to', async () => {
    const kv = h.adapter(keyVaults);
    const id = h.id(rg, `Microsoft.KeyVault/vaults/${uniqueName('kv')}`);
    await ensure(kv, id, spec());
    await kv.delete(id, ctx);
    await kv.put(id, spec('purge'), undefined, ctx);
    expect(h.emu.admin.requests().some((r) => r.method === 'POST' && r.path.toLowerCase().endsWith('/purge'))).toBe(true);
  });

  it("stops with a clear error under the 'fail' policy, and when purge protection forbids a purge", async () => {
    const kv = h.adapter(keyVaults);
    const name = uniqueName('kv');
    const id = h.id(rg, `Microsoft.KeyVault/vaults/${name}`);
    await ensure(kv, id, spec(undefined, true));
    await kv.delete(id, ctx);
    await expect(kv.put(id, spec('fail', true), undefined, ctx)).rejects.toMatchObject({ code: 'VaultSoftDeleted' });
    await expect(kv.put(id, spec('purge', true), undefined, ctx)).rejects.toMatchObject({ code: 'VaultPurgeProtected', kind: 'terminal' });
    // What ARM itself answers when the soft-deleted name is reused without recover: retrying cannot help.
    const raw = await h.clients.keyVault.vaults
      .createOrUpdate(rg, name, { location: LOCATION, properties: { tenantId: spec().tenantId, sku: { family: 'A', name: 'standard' } } })
      .catch((err: unknown) => err);
    expect(h.adapters.classifyError(raw)).toMatchObject({ kind: 'terminal', code: 'ConflictError' });
  });
});
