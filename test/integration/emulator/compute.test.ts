// Microsoft.Compute VMs and their extensions through the real arm-compute 25 client (power actions, instanceView, NIC
// rules, VMAccess) and the DevTestLab auto-shutdown schedule through the real arm-devtestlabs 4.1 (HLC) client.
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

describe('virtual machine extensions (VMAccess)', () => {
  const ROTATED = 'Rotated-Fidelity-Value-43?';
  const vmAccess = (password: string, forceUpdateTag: string) => ({
    location: LOCATION,
    publisher: 'Microsoft.OSTCExtensions',
    typePropertiesType: 'VMAccessForLinux',
    typeHandlerVersion: '1.5',
    autoUpgradeMinorVersion: true,
    forceUpdateTag,
    protectedSettings: { username: 'azureuser', password },
  });

  it('createOrUpdate, get, list, delete; forceUpdateTag returned, protectedSettings never (responses, log, inventory)', async () => {
    const vm = await createVm((await createNic()).id);
    const ext = h.clients.compute.virtualMachineExtensions;
    const created = await ext.createOrUpdate(rg, vm.name, 'enablevmaccess', vmAccess(ROTATED, '7'), FAST);
    expect(created).toMatchObject({ name: 'enablevmaccess', typePropertiesType: 'VMAccessForLinux', forceUpdateTag: '7', provisioningState: 'Succeeded' });
    expect(created.protectedSettings).toBeUndefined();
    const got = await ext.get(rg, vm.name, 'enablevmaccess');
    expect([got.forceUpdateTag, got.protectedSettings]).toEqual(['7', undefined]);
    expect((await ext.list(rg, vm.name)).value?.map((e) => e.name)).toEqual(['enablevmaccess']);
    expect((await h.clients.compute.virtualMachines.get(rg, vm.name)).resources?.map((e) => e.name)).toEqual(['enablevmaccess']);
    expect(JSON.stringify(await h.emu.admin.requests())).not.toContain(ROTATED);
    expect(JSON.stringify(await h.emu.admin.inventory())).not.toContain(ROTATED);

    await ext.delete(rg, vm.name, 'enablevmaccess', FAST);
    expect(await thrown(() => ext.get(rg, vm.name, 'enablevmaccess'))).toMatchObject({ statusCode: 404 });
  });

  it('refuses a deallocated VM with 409 OperationNotAllowed, and a missing VM with 404 ParentResourceNotFound', async () => {
    const vm = await createVm((await createNic()).id);
    const ext = h.clients.compute.virtualMachineExtensions;
    await h.clients.compute.virtualMachines.deallocate(rg, vm.name, FAST);
    const stopped = await thrown(() => ext.createOrUpdate(rg, vm.name, 'enablevmaccess', vmAccess(ROTATED, '1'), FAST));
    expect(stopped).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    await h.clients.compute.virtualMachines.start(rg, vm.name, FAST);
    await expect(ext.createOrUpdate(rg, vm.name, 'enablevmaccess', vmAccess(ROTATED, '1'), FAST)).resolves.toMatchObject({ provisioningState: 'Succeeded' });

    const missing = await thrown(() => ext.createOrUpdate(rg, uniqueName('novm'), 'enablevmaccess', vmAccess(ROTATED, '1'), FAST));
    expect(missing).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
  });

  it('are deleted with their VM', async () => {
    const vm = await createVm((await createNic()).id);
    await h.clients.compute.virtualMachineExtensions.createOrUpdate(rg, vm.name, 'enablevmaccess', vmAccess(ROTATED, '1'), FAST);
    await h.clients.compute.virtualMachines.delete(rg, vm.name, FAST);
    const inventory = await h.emu.admin.inventory();
    expect(inventory.filter((r) => String(r['id']).toLowerCase().startsWith(vm.id.toLowerCase()))).toEqual([]);
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
