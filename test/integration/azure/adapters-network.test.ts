// Network adapters against the emulator through the real @azure/arm-network / arm-privatedns / arm-resources clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aRecordSets,
  bastionHosts,
  networkInterfaces,
  networkSecurityGroups,
  privateDnsZoneGroups,
  privateDnsZones,
  privateEndpoints,
  publicIpAddresses,
  resourceGroups,
  storageAccounts,
  subnets,
  virtualNetworkLinks,
  virtualNetworks,
} from '../../../src/azure/index.ts';
import type { VirtualNetworkSpec } from '../../../src/azure/index.ts';
import { ctx, ensure, LOCATION, roundTrip, startHarness, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';

let h: Harness;
let rg: string;
let vnetId: string;
const vnetSpec: VirtualNetworkSpec = {
  location: LOCATION,
  addressPrefixes: ['172.16.0.0/16'],
  subnets: [
    { name: 'training', addressPrefix: '172.16.0.0/24', privateEndpointNetworkPolicies: 'Disabled' },
    { name: 'AzureBastionSubnet', addressPrefix: '172.16.2.0/26' },
  ],
};

beforeAll(async () => {
  h = await startHarness();
  rg = uniqueName('rg');
  await ensure(h.adapter(resourceGroups), h.groupId(rg), { location: LOCATION });
  vnetId = h.id(rg, 'Microsoft.Network/virtualNetworks/vnet');
  await ensure(h.adapter(virtualNetworks), vnetId, vnetSpec);
});
afterAll(() => h?.stop());

describe('network adapters round-trip', () => {
  it('resource group (and tags update)', async () => {
    const id = h.groupId(uniqueName('rg'));
    const { output } = await roundTrip(h.adapter(resourceGroups), id, { location: LOCATION }, { location: LOCATION, tags: { team: 'ml' } });
    expect(output.location).toBe(LOCATION);
  });

  it('network security group (and a rule change)', async () => {
    const rule = { name: 'deny-internet', priority: 4000, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: 'Internet', destinationPortRange: '*' } as const;
    await roundTrip(
      h.adapter(networkSecurityGroups),
      h.id(rg, 'Microsoft.Network/networkSecurityGroups/nsg-rt'),
      { location: LOCATION, securityRules: [rule] },
      { location: LOCATION, securityRules: [{ ...rule, priority: 4001 }] },
    );
  });

  it('virtual network with inline subnets (and a new subnet)', async () => {
    const spec: VirtualNetworkSpec = { location: LOCATION, addressPrefixes: ['10.1.0.0/16'], subnets: [{ name: 'a', addressPrefix: '10.1.0.0/24' }] };
    const { output } = await roundTrip(h.adapter(virtualNetworks), h.id(rg, 'Microsoft.Network/virtualNetworks/vnet-rt'), spec, {
      ...spec,
      subnets: [...spec.subnets, { name: 'b', addressPrefix: '10.1.1.0/24' }],
    });
    expect(Object.keys(output.subnetIds)).toEqual(['a']);
  });

  it('a VNet write keeps the subnets it does not list', async () => {
    const vnets = h.adapter(virtualNetworks);
    const id = h.id(rg, 'Microsoft.Network/virtualNetworks/vnet-keep');
    const spec: VirtualNetworkSpec = { location: LOCATION, addressPrefixes: ['10.2.0.0/16'], subnets: [{ name: 'ours', addressPrefix: '10.2.0.0/24' }] };
    await ensure(vnets, id, spec);
    await ensure(h.adapter(subnets), `${id}/subnets/theirs`, { addressPrefix: '10.2.5.0/24' });
    const observed = await vnets.get(id, ctx);
    await vnets.put(id, { ...spec, tags: { touched: 'yes' } }, observed, ctx);
    const after = await vnets.get(id, ctx);
    expect(after?.subnets?.map((s) => s.name).sort()).toEqual(['ours', 'theirs']);
    expect(after?.tags).toEqual({ touched: 'yes' });
  });

  it('standalone subnet (and its address prefix)', async () => {
    await roundTrip(h.adapter(subnets), `${vnetId}/subnets/extra`, { addressPrefix: '172.16.8.0/24' }, { addressPrefix: '172.16.9.0/24' });
  });

  it('private endpoint, zone, link, zone group and A record', async () => {
    const storageId = h.id(rg, `Microsoft.Storage/storageAccounts/${uniqueName('st')}`);
    await ensure(h.adapter(storageAccounts), storageId, { location: LOCATION, sku: 'Standard_LRS' });
    const peId = h.id(rg, 'Microsoft.Network/privateEndpoints/pe-blob');
    const peSpec = { location: LOCATION, subnetId: `${vnetId}/subnets/training`, privateLinkServiceId: storageId, groupIds: ['blob'] };
    const pe = await ensure(h.adapter(privateEndpoints), peId, peSpec);
    expect(pe.ipAddresses).toHaveLength(1);
    expect(pe.ipAddresses[0]).toMatch(/^172\.16\.0\./);
    expect(pe.customDnsConfigs[0]?.fqdn).toMatch(/\.blob\.core\.windows\.net$/);
    expect(h.adapter(privateEndpoints).diff(peSpec, (await h.adapter(privateEndpoints).get(peId, ctx))!, peId)).toEqual([]);

    const zoneId = h.id(rg, 'Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net');
    await ensure(h.adapter(privateDnsZones), zoneId, {});
    await roundTrip(h.adapter(virtualNetworkLinks), `${zoneId}/virtualNetworkLinks/link-rt`, { virtualNetworkId: vnetId }, { virtualNetworkId: vnetId, tags: { a: 'b' } });
    await roundTrip(h.adapter(privateDnsZoneGroups), `${peId}/privateDnsZoneGroups/default`, { zones: [{ privateDnsZoneId: zoneId }] });
    await roundTrip(h.adapter(aRecordSets), `${zoneId}/A/records-rt`, { ipv4Addresses: ['172.16.0.4'] }, { ipv4Addresses: ['172.16.0.4', '172.16.0.5'] });
    await h.adapter(privateEndpoints).delete(peId, ctx);
    await roundTrip(h.adapter(privateDnsZones), h.id(rg, 'Microsoft.Network/privateDnsZones/privatelink.file.core.windows.net'), {}, { tags: { a: 'b' } });
  });

  it('network interface, public IP and bastion host', async () => {
    const { output: nic } = await roundTrip(h.adapter(networkInterfaces), h.id(rg, 'Microsoft.Network/networkInterfaces/nic-rt'), {
      location: LOCATION,
      subnetId: `${vnetId}/subnets/training`,
    });
    expect(nic.privateIp).toMatch(/^172\.16\.0\./);
    const pipId = h.id(rg, 'Microsoft.Network/publicIPAddresses/pip-bastion');
    await roundTrip(h.adapter(publicIpAddresses), h.id(rg, 'Microsoft.Network/publicIPAddresses/pip-rt'), { location: LOCATION });
    await ensure(h.adapter(publicIpAddresses), pipId, { location: LOCATION });
    await roundTrip(h.adapter(bastionHosts), h.id(rg, 'Microsoft.Network/bastionHosts/bastion-rt'), {
      location: LOCATION,
      subnetId: `${vnetId}/subnets/AzureBastionSubnet`,
      publicIpAddressId: pipId,
    });
  });
});
