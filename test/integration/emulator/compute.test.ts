// Microsoft.Compute VMs through the real arm-compute 25 client (power actions, instanceView, NIC rules) and the
// DevTestLab auto-shutdown schedule through the real arm-devtestlabs 4.1 (HLC) client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, FAST, LOCATION, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createVnet } from './builders.ts';
import type { VnetLayout } from './builders.ts';

let h: Harness;
let rg: string;
let layout: VnetLayout;
const ADMIN_PASSWORD = 'Fidelity-Secret-Value-42!';

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
  layout = await createVnet(h, rg, { jumpbox: '10.20.3.0/24' });
});
afterAll(() => h?.stop());

async function createNic(): Promise<{ name: string; id: string }> {
  const name = uniqueName('nic');
  const nic = await h.clients.network.networkInterfaces.createOrUpdate(
    rg,
    name,
    { location: LOCATION, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: layout.subnets['jumpbox'] ?? '' }, privateIPAllocationMethod: 'Dynamic' }] },
    FAST,
  );
  return { name, id: nic.id ?? '' };
}

async function createVm(nicId: string): Promise<{ name: string; id: string }> {
  const name = uniqueName('vm');
  const vm = await h.clients.compute.virtualMachines.createOrUpdate(
    rg,
    name,
    {
      location: LOCATION,
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: {
        imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
        osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Standard_LRS' } },
      },
      osProfile: { computerName: 'jumpbox', adminUsername: 'azureuser', adminPassword: ADMIN_PASSWORD },
      networkProfile: { networkInterfaces: [{ id: nicId, primary: true }] },
    },
    FAST,
  );
  expect(vm.provisioningState).toBe('Succeeded');
  return { name, id: vm.id ?? '' };
}

async function powerState(vmName: string): Promise<string | undefined> {
  const view = await h.clients.compute.virtualMachines.instanceView(rg, vmName);
  return view.statuses?.map((s) => s.code ?? '').find((code) => code.startsWith('PowerState/'));
}

describe('virtual machines', () => {
  it('create, get, delete round trip; the VM private IP comes from its NIC in the subnet', async () => {
    const nic = await createNic();
    const vm = await createVm(nic.id);
    const got = await h.clients.compute.virtualMachines.get(rg, vm.name);
    expect(got).toMatchObject({ name: vm.name, type: 'Microsoft.Compute/virtualMachines', location: LOCATION });
    expect(got.networkProfile?.networkInterfaces?.[0]?.id?.toLowerCase()).toBe(nic.id.toLowerCase());

    const attached = await h.clients.network.networkInterfaces.get(rg, nic.name);
    expect(attached.virtualMachine?.id?.toLowerCase()).toBe(vm.id.toLowerCase());
    expect(attached.ipConfigurations?.[0]?.privateIPAddress).toMatch(/^10\.20\.3\.(\d+)$/);
    expect(Number(attached.ipConfigurations?.[0]?.privateIPAddress?.split('.')[3])).toBeGreaterThanOrEqual(4);

    await h.clients.compute.virtualMachines.delete(rg, vm.name, FAST);
    expect(await thrown(() => h.clients.compute.virtualMachines.get(rg, vm.name))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(h.clients.compute.virtualMachines.delete(rg, vm.name, FAST)).resolves.toBeUndefined();
    await h.clients.network.networkInterfaces.delete(rg, nic.name, FAST);
  });

  it('deallocate and start change the instanceView power state', async () => {
    const vm = await createVm((await createNic()).id);
    expect(await powerState(vm.name)).toBe('PowerState/running');
    await h.clients.compute.virtualMachines.deallocate(rg, vm.name, FAST);
    expect(await powerState(vm.name)).toBe('PowerState/deallocated');
    await h.clients.compute.virtualMachines.start(rg, vm.name, FAST);
    expect(await powerState(vm.name)).toBe('PowerState/running');
  });

  it('refuses deleting a NIC attached to a VM (NicInUse)', async () => {
    const nic = await createNic();
    await createVm(nic.id);
    const err = await thrown(() => h.clients.network.networkInterfaces.delete(rg, nic.name, FAST));
    expect(err).toMatchObject({ statusCode: 400, code: 'NicInUse' });
  });

  it('never records the admin password in the request log or the inventory', async () => {
    await createVm((await createNic()).id);
    const log = JSON.stringify(await h.emu.admin.requests());
    const inventory = JSON.stringify(await h.emu.admin.inventory());
    expect(log).not.toContain(ADMIN_PASSWORD);
    expect(inventory).not.toContain(ADMIN_PASSWORD);
  });
});

describe('DevTestLab auto-shutdown schedules', () => {
  it('create, get, delete the shutdown-computevm-<vm> schedule targeting a VM', async () => {
    const vm = await createVm((await createNic()).id);
    const name = `shutdown-computevm-${vm.name}`;
    const schedule = await h.clients.devTestLabs.globalSchedules.createOrUpdate(rg, name, {
      location: LOCATION,
      status: 'Enabled',
      taskType: 'ComputeVmShutdownTask',
      dailyRecurrence: { time: '1900' },
      timeZoneId: 'UTC',
      targetResourceId: vm.id,
      notificationSettings: { status: 'Disabled' },
    });
    expect(schedule).toMatchObject({ name, type: 'Microsoft.DevTestLab/schedules', status: 'Enabled', provisioningState: 'Succeeded' });
    expect(schedule.dailyRecurrence?.time).toBe('1900');

    const got = await h.clients.devTestLabs.globalSchedules.get(rg, name);
    expect(got.targetResourceId?.toLowerCase()).toBe(vm.id.toLowerCase());

    await h.clients.devTestLabs.globalSchedules.delete(rg, name);
    expect(await thrown(() => h.clients.devTestLabs.globalSchedules.get(rg, name))).toMatchObject({ statusCode: 404 });
  });
});
