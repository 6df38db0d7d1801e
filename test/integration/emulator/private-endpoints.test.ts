// Private endpoints and DNS zone groups: the outputs Azure computes (NIC IP, customDnsConfigs, A records) that the
// operator reports to users, and the rules around them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, createResourceGroup, FAST, LOCATION, startHarness, thrown } from './harness.ts';
import type { Harness } from './harness.ts';
import {
  createKeyVault, createPrivateEndpoint, createRegistry, createStorageAccount, createVnet, createWorkspace, createWorkspaceDeps,
} from './builders.ts';
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

/** The private IPs of the endpoint's NIC, read as a user would: PE -> networkInterfaces[0] -> NIC ipConfigurations. */
async function nicIpsOf(peName: string): Promise<string[]> {
  const pe = await h.clients.network.privateEndpoints.get(rg, peName);
  const nicId = pe.networkInterfaces?.[0]?.id;
  expect(nicId, 'private endpoint has a NIC').toBeTruthy();
  const nic = await h.clients.network.networkInterfaces.get(rg, nicId?.split('/').pop() ?? '');
  for (const config of nic.ipConfigurations ?? []) expect(config.subnet?.id?.toLowerCase()).toBe(pe.subnet?.id?.toLowerCase());
  return (nic.ipConfigurations ?? []).map((config) => config.privateIPAddress ?? '');
}

/** A single-FQDN endpoint (blob, file, vault) has one NIC IP. */
async function nicIpOf(peName: string): Promise<string> {
  const ips = await nicIpsOf(peName);
  expect(ips).toHaveLength(1);
  return ips[0] ?? '';
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
    // Azure gives it one NIC IP per FQDN.
    const acr = await createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', registry.id, 'registry');
    const configs = (await h.clients.network.privateEndpoints.get(rg, acr.name)).customDnsConfigs ?? [];
    expect(configs.map((c) => c.fqdn).sort()).toEqual([`${registry.name}.azurecr.io`, `${registry.name}.${LOCATION}.data.azurecr.io`].sort());
    const nicIps = await nicIpsOf(acr.name);
    expect(configs.flatMap((c) => c.ipAddresses ?? []).sort()).toEqual([...nicIps].sort());
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
  type ZoneCase = { targetId: string; groupId: string; records: [zone: string, record: string, fqdn: string][] };
  // The zone names and record names the operator's DNS check expects, per target (privatelink.* zones per DESIGN.md).
  const zoneCases: [string, () => Promise<ZoneCase>][] = [
    ['storage blob', async () => {
      const s = await createStorageAccount(h, rg);
      return { targetId: s.id, groupId: 'blob', records: [['privatelink.blob.core.windows.net', s.name, `${s.name}.blob.core.windows.net`]] };
    }],
    ['key vault', async () => {
      const kv = await createKeyVault(h, rg);
      return { targetId: kv.id, groupId: 'vault', records: [['privatelink.vaultcore.azure.net', kv.name, `${kv.name}.vault.azure.net`]] };
    }],
    ['container registry', async () => {
      const acr = await createRegistry(h, rg, 'Premium');
      return {
        targetId: acr.id,
        groupId: 'registry',
        records: [
          ['privatelink.azurecr.io', acr.name, `${acr.name}.azurecr.io`],
          ['privatelink.azurecr.io', `${acr.name}.${LOCATION}.data`, `${acr.name}.${LOCATION}.data.azurecr.io`],
        ],
      };
    }],
    ['ML workspace', async () => {
      const ws = await createWorkspace(h, rg, await createWorkspaceDeps(h, rg));
      const wsid = (await h.clients.machineLearning.workspaces.get(rg, ws.name)).workspaceId ?? '';
      return {
        targetId: ws.id,
        groupId: 'amlworkspace',
        records: [
          ['privatelink.api.azureml.ms', `${wsid}.workspace.${LOCATION}`, `${wsid}.workspace.${LOCATION}.api.azureml.ms`],
          ['privatelink.api.azureml.ms', `${wsid}.workspace.${LOCATION}.cert`, `${wsid}.workspace.${LOCATION}.cert.api.azureml.ms`],
          [
            'privatelink.notebooks.azure.net',
            `ml-${ws.name}-${LOCATION}-${wsid}.${LOCATION}`,
            `ml-${ws.name}-${LOCATION}-${wsid}.${LOCATION}.notebooks.azure.net`,
          ],
        ],
      };
    }],
  ];

  it.each(zoneCases)('%s: the zone group writes an A record per FQDN and removes it with the group', async (_label, setup) => {
    const { targetId, groupId, records } = await setup();
    const zones = [...new Set(records.map(([zone]) => zone))];
    const zoneIds: string[] = [];
    for (const zone of zones) zoneIds.push((await h.clients.privateDns.privateZones.createOrUpdate(rg, zone, { location: 'global' }, FAST)).id ?? '');
    const { name: peName } = await createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', targetId, groupId);
    const nicIps = await nicIpsOf(peName);
    const configs = (await h.clients.network.privateEndpoints.get(rg, peName)).customDnsConfigs ?? [];
    // Each record must carry the IPs the endpoint publishes for its FQDN.
    const ipsFor = (fqdn: string) => configs.find((c) => c.fqdn?.toLowerCase() === fqdn.toLowerCase())?.ipAddresses;

    const group = await h.clients.network.privateDnsZoneGroups.createOrUpdate(
      rg,
      peName,
      'default',
      { privateDnsZoneConfigs: zones.map((zone, i) => ({ name: zone.replaceAll('.', '-'), privateDnsZoneId: zoneIds[i] ?? '' })) },
      FAST,
    );
    expect(group.provisioningState).toBe('Succeeded');
    for (const [zone, record, fqdn] of records) {
      const expected = ipsFor(fqdn);
      expect(expected, `customDnsConfigs has ${fqdn}`).toBeDefined();
      for (const ip of expected ?? []) expect(nicIps).toContain(ip);
      const set = await h.clients.privateDns.recordSets.get(rg, zone, 'A', record);
      expect(set.aRecords?.map((a) => a.ipv4Address), `${record}.${zone}`).toEqual(expected);
      expect(set.fqdn?.toLowerCase()).toBe(`${record}.${zone}.`.toLowerCase());
    }
    // Listing a zone's record sets (what the operator's DNS check reads) shows them next to the zone's SOA.
    const listed = await all(h.clients.privateDns.recordSets.list(rg, zones[0] ?? ''));
    expect(listed.some((r) => r.type?.endsWith('/SOA'))).toBe(true);
    expect(listed.some((r) => r.name?.toLowerCase() === records[0]?.[1].toLowerCase())).toBe(true);

    await h.clients.network.privateDnsZoneGroups.delete(rg, peName, 'default', FAST);
    for (const [zone, record] of records) {
      expect(await thrown(() => h.clients.privateDns.recordSets.get(rg, zone, 'A', record)), `${record}.${zone}`).toMatchObject({ statusCode: 404 });
    }
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
