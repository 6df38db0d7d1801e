// Private endpoints and DNS zone groups: the outputs Azure computes (NIC IP, customDnsConfigs, A records) that the
// operator reports to users, and the rules around them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, createResourceGroup, FAST, LOCATION, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createKeyVault, createPrivateEndpoint, createRegistry, createStorageAccount, createVnet } from './builders.ts';
import type { VnetLayout } from './builders.ts';

let h: Harness;
let rg: string;
let layout: VnetLayout;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
  layout = await createVnet(h, rg, { training: '10.20.0.0/24', scoring: '10.20.1.0/24' });
});
afterAll(() => h?.stop());

function ipInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** The private IP of the endpoint's NIC, read as a user would: PE -> networkInterfaces[0] -> NIC. */
async function nicIpOf(peName: string): Promise<string> {
  const pe = await h.clients.network.privateEndpoints.get(rg, peName);
  const nicId = pe.networkInterfaces?.[0]?.id;
  expect(nicId, 'private endpoint has a NIC').toBeTruthy();
  const nicName = nicId?.split('/').pop() ?? '';
  const nic = await h.clients.network.networkInterfaces.get(rg, nicName);
  expect(nic.ipConfigurations?.[0]?.subnet?.id?.toLowerCase()).toBe(pe.subnet?.id?.toLowerCase());
  return nic.ipConfigurations?.[0]?.privateIPAddress ?? '';
}

describe('private endpoint computed outputs', () => {
  it('allocates distinct NIC IPs inside the subnet, past the 4 addresses Azure reserves', async () => {
    const storage = await createStorageAccount(h, rg);
    const blob = await createPrivateEndpoint(h, rg, layout.subnets['scoring'] ?? '', storage.id, 'blob');
    const file = await createPrivateEndpoint(h, rg, layout.subnets['scoring'] ?? '', storage.id, 'file');
    expect(blob.pe.provisioningState).toBe('Succeeded');
    const ips = [await nicIpOf(blob.name), await nicIpOf(file.name)];
    for (const ip of ips) {
      expect(ipInt(ip)).toBeGreaterThanOrEqual(ipInt('10.20.1.4'));
      expect(ipInt(ip)).toBeLessThanOrEqual(ipInt('10.20.1.254'));
    }
    expect(new Set(ips).size).toBe(2);
  });

  it('publishes customDnsConfigs per group id with the NIC IP', async () => {
    const storage = await createStorageAccount(h, rg);
    const vault = await createKeyVault(h, rg);
    const registry = await createRegistry(h, rg, 'Premium');
    const cases: [string, string, (ip: string) => { fqdn: string; ipAddresses: string[] }[]][] = [
      [storage.id, 'blob', (ip) => [{ fqdn: `${storage.name}.blob.core.windows.net`, ipAddresses: [ip] }]],
      [storage.id, 'file', (ip) => [{ fqdn: `${storage.name}.file.core.windows.net`, ipAddresses: [ip] }]],
      [vault.id, 'vault', (ip) => [{ fqdn: `${vault.name}.vault.azure.net`, ipAddresses: [ip] }]],
    ];
    for (const [target, groupId, expected] of cases) {
      const { name } = await createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', target, groupId);
      const pe = await h.clients.network.privateEndpoints.get(rg, name);
      const ip = await nicIpOf(name);
      expect(pe.customDnsConfigs?.map((c) => ({ fqdn: c.fqdn, ipAddresses: c.ipAddresses })), groupId).toEqual(expected(ip));
    }
    // A registry endpoint serves the login server and the regional data endpoint.
    const acr = await createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', registry.id, 'registry');
    const fqdns = (await h.clients.network.privateEndpoints.get(rg, acr.name)).customDnsConfigs?.map((c) => c.fqdn).sort();
    expect(fqdns).toEqual([`${registry.name}.azurecr.io`, `${registry.name}.${LOCATION}.data.azurecr.io`].sort());
  });

  it('round trip: get after create, 404 after delete, idempotent delete, NIC removed with the endpoint', async () => {
    const storage = await createStorageAccount(h, rg);
    const { name, pe } = await createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', storage.id, 'blob');
    const nicName = pe.networkInterfaces?.[0]?.id?.split('/').pop() ?? '';
    await h.clients.network.privateEndpoints.delete(rg, name, FAST);
    expect(await thrown(() => h.clients.network.privateEndpoints.get(rg, name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect(await thrown(() => h.clients.network.networkInterfaces.get(rg, nicName))).toMatchObject({ statusCode: 404 });
    await expect(h.clients.network.privateEndpoints.delete(rg, name, FAST)).resolves.toBeUndefined();
  });

  it('refuses a private endpoint to a Basic container registry (Premium only)', async () => {
    const basic = await createRegistry(h, rg, 'Basic');
    const err = await thrown(() => createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', basic.id, 'registry'));
    expect(err.statusCode).toBeGreaterThanOrEqual(400);
    expect(err.statusCode).toBeLessThan(500);
    expect(err.message).toMatch(/premium/i);
  });
});

describe('private DNS zone groups', () => {
  it('write an A record per FQDN into the zone and remove it with the group', async () => {
    const storage = await createStorageAccount(h, rg);
    const zoneName = 'privatelink.blob.core.windows.net';
    const zone = await h.clients.privateDns.privateZones.createOrUpdate(rg, zoneName, { location: 'global' }, FAST);
    await h.clients.privateDns.virtualNetworkLinks.createOrUpdate(
      rg,
      zoneName,
      uniqueName('link'),
      { location: 'global', virtualNetwork: { id: layout.vnetId }, registrationEnabled: false },
      FAST,
    );
    const { name: peName } = await createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', storage.id, 'blob');
    const ip = await nicIpOf(peName);

    const group = await h.clients.network.privateDnsZoneGroups.createOrUpdate(
      rg,
      peName,
      'default',
      { privateDnsZoneConfigs: [{ name: 'blob', privateDnsZoneId: zone.id ?? '' }] },
      FAST,
    );
    expect(group.provisioningState).toBe('Succeeded');

    const records = await all(h.clients.privateDns.recordSets.listByType(rg, zoneName, 'A'));
    const record = records.find((r) => r.name?.toLowerCase() === storage.name);
    expect(record?.aRecords?.map((a) => a.ipv4Address)).toEqual([ip]);
    expect(record?.fqdn?.toLowerCase()).toBe(`${storage.name}.${zoneName}.`);
    // The full record-set list of a zone includes the SOA record plus ours.
    expect((await all(h.clients.privateDns.recordSets.list(rg, zoneName))).some((r) => r.type?.endsWith('/SOA'))).toBe(true);

    await h.clients.network.privateDnsZoneGroups.delete(rg, peName, 'default', FAST);
    const after = await all(h.clients.privateDns.recordSets.listByType(rg, zoneName, 'A'));
    expect(after.find((r) => r.name?.toLowerCase() === storage.name)).toBeUndefined();
  });

  it('needs its private endpoint (ParentResourceNotFound) and an existing zone', async () => {
    const missingParent = await thrown(() =>
      h.clients.network.privateDnsZoneGroups.createOrUpdate(rg, 'no-such-pe', 'default', { privateDnsZoneConfigs: [] }, FAST),
    );
    expect(missingParent).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });

    const storage = await createStorageAccount(h, rg);
    const { name: peName } = await createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', storage.id, 'blob');
    const missingZone = await thrown(() =>
      h.clients.network.privateDnsZoneGroups.createOrUpdate(
        rg,
        peName,
        'default',
        { privateDnsZoneConfigs: [{ name: 'blob', privateDnsZoneId: h.id(`resourceGroups/${rg}/providers/Microsoft.Network/privateDnsZones/privatelink.nowhere.net`) }] },
        FAST,
      ),
    );
    expect(missingZone.statusCode).toBe(400);
    expect(['InvalidResourceReference', 'LinkedInvalidPropertyId']).toContain(missingZone.code);
  });
});
