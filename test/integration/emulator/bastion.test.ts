// Public IPs and Azure Bastion through the real arm-network 39 client: the JumpBox path into the private VNet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, FAST, LOCATION, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createVnet } from './builders.ts';
import type { VnetLayout } from './builders.ts';

let h: Harness;
let rg: string;
let layout: VnetLayout;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
  layout = await createVnet(h, rg, { AzureBastionSubnet: '10.20.2.0/26', jumpbox: '10.20.3.0/24' });
});
afterAll(() => h?.stop());

async function createPublicIp(): Promise<{ name: string; id: string }> {
  const name = uniqueName('pip');
  const pip = await h.clients.network.publicIPAddresses.createOrUpdate(
    rg,
    name,
    { location: LOCATION, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
    FAST,
  );
  expect(pip).toMatchObject({ name, provisioningState: 'Succeeded', type: 'Microsoft.Network/publicIPAddresses' });
  return { name, id: pip.id ?? '' };
}

function bastionBody(subnetId: string, publicIpId: string) {
  return {
    location: LOCATION,
    sku: { name: 'Standard' as const },
    ipConfigurations: [{ name: 'ipconfig', subnet: { id: subnetId }, publicIPAddress: { id: publicIpId } }],
  };
}

describe('public IP addresses', () => {
  it('create, get, delete round trip with a static address', async () => {
    const pip = await createPublicIp();
    const got = await h.clients.network.publicIPAddresses.get(rg, pip.name);
    expect(got.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await h.clients.network.publicIPAddresses.delete(rg, pip.name, FAST);
    expect(await thrown(() => h.clients.network.publicIPAddresses.get(rg, pip.name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });
});

describe('bastion hosts', () => {
  it('create in AzureBastionSubnet, get, delete; its public IP cannot be deleted while in use', async () => {
    const pip = await createPublicIp();
    const name = uniqueName('bas');
    const bastion = await h.clients.network.bastionHosts.createOrUpdate(rg, name, bastionBody(layout.subnets['AzureBastionSubnet'] ?? '', pip.id), FAST);
    expect(bastion).toMatchObject({ name, provisioningState: 'Succeeded', type: 'Microsoft.Network/bastionHosts' });
    expect(bastion.dnsName).toBeTruthy();

    const inUse = await thrown(() => h.clients.network.publicIPAddresses.delete(rg, pip.name, FAST));
    expect(inUse).toMatchObject({ statusCode: 400, code: 'PublicIPAddressCannotBeDeleted' });
    const subnetInUse = await thrown(() => h.clients.network.subnets.delete(rg, layout.vnetName, 'AzureBastionSubnet', FAST));
    expect(subnetInUse).toMatchObject({ statusCode: 400, code: 'InUseSubnetCannotBeDeleted' });

    await h.clients.network.bastionHosts.delete(rg, name, FAST);
    expect(await thrown(() => h.clients.network.bastionHosts.get(rg, name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await h.clients.network.publicIPAddresses.delete(rg, pip.name, FAST);
  });

  it('needs a subnet named AzureBastionSubnet', async () => {
    const pip = await createPublicIp();
    const err = await thrown(() =>
      h.clients.network.bastionHosts.createOrUpdate(rg, uniqueName('bas'), bastionBody(layout.subnets['jumpbox'] ?? '', pip.id), FAST),
    );
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('AzureBastionSubnet');
  });

  it('needs that subnet to be /26 or larger', async () => {
    const small = await createVnet(h, rg, { AzureBastionSubnet: '10.20.2.0/27' });
    const pip = await createPublicIp();
    const err = await thrown(() =>
      h.clients.network.bastionHosts.createOrUpdate(rg, uniqueName('bas'), bastionBody(small.subnets['AzureBastionSubnet'] ?? '', pip.id), FAST),
    );
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('/26');
  });
});
