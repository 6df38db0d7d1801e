// Microsoft.Network VNets, subnets and NSGs through the real arm-network 39 client: round trips and the address
// rules Azure enforces (codes as real ARM returns them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, createResourceGroup, FAST, LOCATION, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createPrivateEndpoint, createStorageAccount, createVnet } from './builders.ts';

let h: Harness;
let rg: string;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
});
afterAll(() => h?.stop());

describe('virtual networks', () => {
  it('create, get, update, delete round trip with 404 after delete and idempotent delete', async () => {
    const name = uniqueName('vnet');
    const created = await h.clients.network.virtualNetworks.createOrUpdate(
      rg,
      name,
      { location: LOCATION, addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'a', addressPrefix: '10.1.0.0/24' }] },
      FAST,
    );
    expect(created).toMatchObject({
      name,
      type: 'Microsoft.Network/virtualNetworks',
      location: LOCATION,
      provisioningState: 'Succeeded',
      id: h.id(`resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`),
    });
    expect(created.etag).toMatch(/^W\/".+"$/);

    const got = await h.clients.network.virtualNetworks.get(rg, name);
    expect(got.subnets?.map((s) => [s.name, s.addressPrefix])).toEqual([['a', '10.1.0.0/24']]);
    expect(got.subnets?.[0]?.id).toBe(`${created.id}/subnets/a`);

    const updated = await h.clients.network.virtualNetworks.createOrUpdate(
      rg,
      name,
      {
        location: LOCATION,
        tags: { owner: 'fidelity' },
        addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
        subnets: [{ name: 'a', addressPrefix: '10.1.0.0/24' }, { name: 'b', addressPrefix: '10.1.1.0/24' }],
      },
      FAST,
    );
    expect(updated.tags).toEqual({ owner: 'fidelity' });
    expect(updated.etag).not.toBe(created.etag);
    expect((await all(h.clients.network.subnets.list(rg, name))).map((s) => s.name).sort()).toEqual(['a', 'b']);

    await h.clients.network.virtualNetworks.delete(rg, name, FAST);
    const gone = await thrown(() => h.clients.network.virtualNetworks.get(rg, name));
    expect(gone).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(h.clients.network.virtualNetworks.delete(rg, name, FAST)).resolves.toBeUndefined();
  });

  it('keeps the caller casing while matching names case-insensitively', async () => {
    const name = uniqueName('MixedCaseVnet');
    await h.clients.network.virtualNetworks.createOrUpdate(rg, name, { location: LOCATION, addressSpace: { addressPrefixes: ['10.2.0.0/16'] } }, FAST);
    const got = await h.clients.network.virtualNetworks.get(rg.toUpperCase(), name.toLowerCase());
    expect(got.name).toBe(name);
  });

  it('lists VNets of a resource group', async () => {
    const group = await createResourceGroup(h);
    const a = await createVnet(h, group, {}, ['10.3.0.0/16']);
    const b = await createVnet(h, group, {}, ['10.4.0.0/16']);
    const names = (await all(h.clients.network.virtualNetworks.list(group))).map((v) => v.name).sort();
    expect(names).toEqual([a.vnetName, b.vnetName].sort());
  });
});

describe('subnets', () => {
  it('child subnet PUT/DELETE stays consistent with the inline subnets of the VNet', async () => {
    const layout = await createVnet(h, rg, { first: '10.20.0.0/24' });
    const subnet = await h.clients.network.subnets.createOrUpdate(rg, layout.vnetName, 'second', { addressPrefix: '10.20.5.0/24' }, FAST);
    expect(subnet).toMatchObject({ name: 'second', addressPrefix: '10.20.5.0/24', provisioningState: 'Succeeded' });
    let vnet = await h.clients.network.virtualNetworks.get(rg, layout.vnetName);
    expect(vnet.subnets?.map((s) => s.name).sort()).toEqual(['first', 'second']);

    await h.clients.network.subnets.delete(rg, layout.vnetName, 'second', FAST);
    vnet = await h.clients.network.virtualNetworks.get(rg, layout.vnetName);
    expect(vnet.subnets?.map((s) => s.name)).toEqual(['first']);
    expect(await thrown(() => h.clients.network.subnets.get(rg, layout.vnetName, 'second'))).toMatchObject({ statusCode: 404 });
  });

  it('refuses a subnet outside the VNet address space (NetcfgSubnetRangeOutsideVnet)', async () => {
    const layout = await createVnet(h, rg, { first: '10.20.0.0/24' });
    const err = await thrown(() => h.clients.network.subnets.createOrUpdate(rg, layout.vnetName, 'outside', { addressPrefix: '192.168.0.0/24' }, FAST));
    expect(err).toMatchObject({ statusCode: 400, code: 'NetcfgSubnetRangeOutsideVnet' });
  });

  it('refuses overlapping subnets (NetcfgSubnetRangesOverlap), inline or as a child', async () => {
    const layout = await createVnet(h, rg, { first: '10.20.0.0/24' });
    const child = await thrown(() => h.clients.network.subnets.createOrUpdate(rg, layout.vnetName, 'overlap', { addressPrefix: '10.20.0.128/25' }, FAST));
    expect(child).toMatchObject({ statusCode: 400, code: 'NetcfgSubnetRangesOverlap' });

    const inline = await thrown(() =>
      h.clients.network.virtualNetworks.createOrUpdate(
        rg,
        uniqueName('vnet'),
        {
          location: LOCATION,
          addressSpace: { addressPrefixes: ['10.30.0.0/16'] },
          subnets: [{ name: 'x', addressPrefix: '10.30.0.0/23' }, { name: 'y', addressPrefix: '10.30.1.0/24' }],
        },
        FAST,
      ),
    );
    expect(inline).toMatchObject({ statusCode: 400, code: 'NetcfgSubnetRangesOverlap' });
  });

  it('refuses deleting a subnet that holds a private endpoint (InUseSubnetCannotBeDeleted), also via a VNet PUT that drops it', async () => {
    const group = await createResourceGroup(h);
    const layout = await createVnet(h, group, { pe: '10.20.0.0/24', other: '10.20.1.0/24' });
    const storage = await createStorageAccount(h, group);
    await createPrivateEndpoint(h, group, layout.subnets['pe'] ?? '', storage.id, 'blob');

    const direct = await thrown(() => h.clients.network.subnets.delete(group, layout.vnetName, 'pe', FAST));
    expect(direct).toMatchObject({ statusCode: 400, code: 'InUseSubnetCannotBeDeleted' });

    const viaVnet = await thrown(() =>
      h.clients.network.virtualNetworks.createOrUpdate(
        group,
        layout.vnetName,
        { location: LOCATION, addressSpace: { addressPrefixes: ['10.20.0.0/16'] }, subnets: [{ name: 'other', addressPrefix: '10.20.1.0/24' }] },
        FAST,
      ),
    );
    expect(viaVnet).toMatchObject({ statusCode: 400, code: 'InUseSubnetCannotBeDeleted' });
    expect((await h.clients.network.subnets.get(group, layout.vnetName, 'pe')).name).toBe('pe');
  });
});

describe('network security groups', () => {
  it('round trip with inline security rules', async () => {
    const name = uniqueName('nsg');
    const nsg = await h.clients.network.networkSecurityGroups.createOrUpdate(
      rg,
      name,
      {
        location: LOCATION,
        securityRules: [{
          name: 'deny-internet-out',
          priority: 4000,
          direction: 'Outbound',
          access: 'Deny',
          protocol: '*',
          sourceAddressPrefix: '*',
          sourcePortRange: '*',
          destinationAddressPrefix: 'Internet',
          destinationPortRange: '*',
        }],
      },
      FAST,
    );
    expect(nsg).toMatchObject({ name, provisioningState: 'Succeeded', type: 'Microsoft.Network/networkSecurityGroups' });
    expect(nsg.securityRules?.map((r) => [r.name, r.access])).toEqual([['deny-internet-out', 'Deny']]);
    await h.clients.network.networkSecurityGroups.delete(rg, name, FAST);
    expect(await thrown(() => h.clients.network.networkSecurityGroups.get(rg, name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('refuses deleting an NSG attached to a subnet (InUseNetworkSecurityGroupCannotBeDeleted)', async () => {
    const nsgName = uniqueName('nsg');
    const nsg = await h.clients.network.networkSecurityGroups.createOrUpdate(rg, nsgName, { location: LOCATION }, FAST);
    const vnetName = uniqueName('vnet');
    const vnet = await h.clients.network.virtualNetworks.createOrUpdate(
      rg,
      vnetName,
      {
        location: LOCATION,
        addressSpace: { addressPrefixes: ['10.40.0.0/16'] },
        subnets: [{ name: 'training', addressPrefix: '10.40.0.0/24', networkSecurityGroup: { id: nsg.id ?? '' } }],
      },
      FAST,
    );
    expect(vnet.subnets?.[0]?.networkSecurityGroup?.id?.toLowerCase()).toBe(nsg.id?.toLowerCase());
    const err = await thrown(() => h.clients.network.networkSecurityGroups.delete(rg, nsgName, FAST));
    expect(err).toMatchObject({ statusCode: 400, code: 'InUseNetworkSecurityGroupCannotBeDeleted' });
  });

  it('refuses a subnet that references a missing NSG', async () => {
    const err = await thrown(() =>
      h.clients.network.virtualNetworks.createOrUpdate(
        rg,
        uniqueName('vnet'),
        {
          location: LOCATION,
          addressSpace: { addressPrefixes: ['10.50.0.0/16'] },
          subnets: [{
            name: 'training',
            addressPrefix: '10.50.0.0/24',
            networkSecurityGroup: { id: h.id(`resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/missing`) },
          }],
        },
        FAST,
      ),
    );
    expect(err.statusCode).toBe(400);
    expect(['InvalidResourceReference', 'LinkedInvalidPropertyId']).toContain(err.code);
  });
});
