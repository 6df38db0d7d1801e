// Microsoft.Network/privateDnsZones through the real arm-privatedns 4 client: zones, VNet links, A record sets,
// ETag preconditions, and the delete guards between zones, links and VNets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, createResourceGroup, FAST, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createVnet } from './builders.ts';

let h: Harness;
let rg: string;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
});
afterAll(() => h?.stop());

const zoneName = () => `${uniqueName('z')}.example.internal`;

describe('private DNS zones', () => {
  it('create, get, update, delete round trip with a bare-GUID etag', async () => {
    const name = zoneName();
    const zone = await h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global', tags: { a: '1' } }, FAST);
    expect(zone).toMatchObject({ name, type: 'Microsoft.Network/privateDnsZones', location: 'global', provisioningState: 'Succeeded' });
    expect(zone.etag).toMatch(/^[0-9a-f-]{36}$/);
    expect(zone.numberOfVirtualNetworkLinks).toBe(0);

    const updated = await h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global', tags: { a: '2' } }, FAST);
    expect(updated.tags).toEqual({ a: '2' });
    expect(updated.etag).not.toBe(zone.etag);

    await h.clients.privateDns.privateZones.delete(rg, name, FAST);
    expect(await thrown(() => h.clients.privateDns.privateZones.get(rg, name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(h.clients.privateDns.privateZones.delete(rg, name, FAST)).resolves.toBeUndefined();
  });

  it('honours If-Match and If-None-Match (412 PreconditionFailed)', async () => {
    const name = zoneName();
    const created = await h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global' }, { ...FAST, ifNoneMatch: '*' });
    const stale = await thrown(() =>
      h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global' }, { ...FAST, ifMatch: '00000000-0000-0000-0000-000000000000' }),
    );
    expect(stale).toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    const exists = await thrown(() => h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global' }, { ...FAST, ifNoneMatch: '*' }));
    expect(exists).toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    const matching = await h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global', tags: { v: '2' } }, { ...FAST, ifMatch: created.etag ?? '' });
    expect(matching.tags).toEqual({ v: '2' });
    const missing = await thrown(() => h.clients.privateDns.privateZones.createOrUpdate(rg, zoneName(), { location: 'global' }, { ...FAST, ifMatch: '*' }));
    expect(missing).toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
  });

  it('lists the zones of a resource group', async () => {
    const group = await createResourceGroup(h);
    const names = [zoneName(), zoneName()];
    for (const name of names) await h.clients.privateDns.privateZones.createOrUpdate(group, name, { location: 'global' }, FAST);
    const listed = (await all(h.clients.privateDns.privateZones.listByResourceGroup(group))).map((z) => z.name).sort();
    expect(listed).toEqual(names.sort());
  });
});

describe('virtual network links', () => {
  it('link round trip; the zone with a link cannot be deleted (409 CannotDeleteResource) until the link goes', async () => {
    const name = zoneName();
    const layout = await createVnet(h, rg);
    await h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global' }, FAST);
    const linkName = uniqueName('link');
    const link = await h.clients.privateDns.virtualNetworkLinks.createOrUpdate(
      rg,
      name,
      linkName,
      { location: 'global', virtualNetwork: { id: layout.vnetId }, registrationEnabled: false },
      FAST,
    );
    expect(link).toMatchObject({ name: linkName, provisioningState: 'Succeeded', virtualNetworkLinkState: 'Completed' });
    expect(link.virtualNetwork?.id?.toLowerCase()).toBe(layout.vnetId.toLowerCase());
    expect((await h.clients.privateDns.privateZones.get(rg, name)).numberOfVirtualNetworkLinks).toBe(1);

    const blocked = await thrown(() => h.clients.privateDns.privateZones.delete(rg, name, FAST));
    expect(blocked).toMatchObject({ statusCode: 409, code: 'CannotDeleteResource' });

    await h.clients.privateDns.virtualNetworkLinks.delete(rg, name, linkName, FAST);
    expect(await thrown(() => h.clients.privateDns.virtualNetworkLinks.get(rg, name, linkName))).toMatchObject({ statusCode: 404 });
    await h.clients.privateDns.privateZones.delete(rg, name, FAST);
  });

  it('a VNet linked to a zone cannot be deleted while the link exists', async () => {
    const name = zoneName();
    const layout = await createVnet(h, rg, {});
    await h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global' }, FAST);
    const linkName = uniqueName('link');
    await h.clients.privateDns.virtualNetworkLinks.createOrUpdate(rg, name, linkName, { location: 'global', virtualNetwork: { id: layout.vnetId } }, FAST);

    const err = await thrown(() => h.clients.network.virtualNetworks.delete(rg, layout.vnetName, FAST));
    expect(err).toMatchObject({ statusCode: 400, code: 'InUseVirtualNetworkCannotBeDeleted' });

    await h.clients.privateDns.virtualNetworkLinks.delete(rg, name, linkName, FAST);
    await h.clients.network.virtualNetworks.delete(rg, layout.vnetName, FAST);
  });

  it('refuses a link to a missing VNet and a link under a missing zone', async () => {
    const name = zoneName();
    await h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global' }, FAST);
    const badVnet = await thrown(() =>
      h.clients.privateDns.virtualNetworkLinks.createOrUpdate(
        rg,
        name,
        uniqueName('link'),
        { location: 'global', virtualNetwork: { id: h.id(`resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/missing`) } },
        FAST,
      ),
    );
    expect(badVnet.statusCode).toBe(400);
    expect(['InvalidResourceReference', 'LinkedInvalidPropertyId']).toContain(badVnet.code);

    const noZone = await thrown(() =>
      h.clients.privateDns.virtualNetworkLinks.createOrUpdate(rg, zoneName(), uniqueName('link'), { location: 'global', virtualNetwork: { id: 'x' } }, FAST),
    );
    expect(noZone).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
  });
});

describe('A record sets', () => {
  it('create, get, list, update, delete', async () => {
    const name = zoneName();
    await h.clients.privateDns.privateZones.createOrUpdate(rg, name, { location: 'global' }, FAST);
    const created = await h.clients.privateDns.recordSets.createOrUpdate(rg, name, 'A', 'ws', { ttl: 10, aRecords: [{ ipv4Address: '10.20.0.5' }] });
    expect(created).toMatchObject({ name: 'ws', ttl: 10, type: 'Microsoft.Network/privateDnsZones/A' });
    expect(created.fqdn).toBe(`ws.${name}.`);

    await h.clients.privateDns.recordSets.createOrUpdate(rg, name, 'A', 'ws', { ttl: 10, aRecords: [{ ipv4Address: '10.20.0.6' }] });
    const got = await h.clients.privateDns.recordSets.get(rg, name, 'A', 'ws');
    expect(got.aRecords).toEqual([{ ipv4Address: '10.20.0.6' }]);
    expect((await all(h.clients.privateDns.recordSets.listByType(rg, name, 'A'))).map((r) => r.name)).toEqual(['ws']);
    expect((await h.clients.privateDns.privateZones.get(rg, name)).numberOfRecordSets).toBe(2); // SOA + ws

    await h.clients.privateDns.recordSets.delete(rg, name, 'A', 'ws');
    expect(await thrown(() => h.clients.privateDns.recordSets.get(rg, name, 'A', 'ws'))).toMatchObject({ statusCode: 404 });
  });

  it('needs the zone (ParentResourceNotFound)', async () => {
    const err = await thrown(() => h.clients.privateDns.recordSets.createOrUpdate(rg, zoneName(), 'A', 'x', { ttl: 10, aRecords: [] }));
    expect(err).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
  });
});
