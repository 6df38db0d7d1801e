// The jump box pieces: VM (password never leaves the request), power actions, and the auto-shutdown schedule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autoShutdownScheduleName,
  autoShutdownSchedules,
  deallocateVirtualMachine,
  networkInterfaces,
  resourceGroups,
  startVirtualMachine,
  virtualMachines,
  virtualNetworks,
} from '../../../src/azure/index.ts';
import type { VirtualMachineSpec } from '../../../src/azure/index.ts';
import { ctx, ensure, LOCATION, roundTrip, startHarness, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';

const PASSWORD = 'Jump-Box-Passw0rd!';
let h: Harness;
let rg: string;
let vnetId: string;

/** A VM spec with a NIC of its own (a NIC serves one VM). */
async function vmSpec(vm: string): Promise<VirtualMachineSpec> {
  const nicId = h.id(rg, `Microsoft.Network/networkInterfaces/${vm}-nic`);
  await ensure(h.adapter(networkInterfaces), nicId, { location: LOCATION, subnetId: `${vnetId}/subnets/training` });
  return {
    location: LOCATION,
    vmSize: 'Standard_DS3_v2',
    osType: 'Windows',
    image: { publisher: 'microsoftwindowsdesktop', offer: 'windows-11', sku: 'win11-23h2-ent', version: 'latest' },
    computerName: vm,
    adminUsername: 'azureuser',
    adminPassword: PASSWORD,
    networkInterfaceId: nicId,
  };
}

beforeAll(async () => {
  h = await startHarness();
  rg = uniqueName('rg');
  await ensure(h.adapter(resourceGroups), h.groupId(rg), { location: LOCATION });
  vnetId = h.id(rg, 'Microsoft.Network/virtualNetworks/vnet');
  await ensure(h.adapter(virtualNetworks), vnetId, { location: LOCATION, addressPrefixes: ['172.16.0.0/16'], subnets: [{ name: 'training', addressPrefix: '172.16.0.0/24' }] });
});
afterAll(() => h?.stop());

describe('virtual machine', () => {
  it('round-trips, resizes in place, and never returns or logs the password', async () => {
    const id = h.id(rg, 'Microsoft.Compute/virtualMachines/jumpbox-rt');
    const spec = await vmSpec('jumpbox-rt');
    const { created, output } = await roundTrip(h.adapter(virtualMachines), id, spec, { ...spec, vmSize: 'Standard_B2s' });
    expect(JSON.stringify(output)).not.toContain(PASSWORD);
    expect(JSON.stringify(created)).not.toContain(PASSWORD);
    expect(JSON.stringify(h.emu.admin.requests())).not.toContain(PASSWORD);
    expect(h.emu.admin.requests().some((r) => r.method === 'PATCH' && r.path.toLowerCase().endsWith('/jumpbox-rt'))).toBe(true);
  });

  it('deallocates and starts through actions that check the power state first', async () => {
    const id = h.id(rg, 'Microsoft.Compute/virtualMachines/jumpbox-power');
    await ensure(h.adapter(virtualMachines), id, await vmSpec('jumpbox-power'));
    const start = h.adapters.action(startVirtualMachine.key);
    const deallocate = h.adapters.action(deallocateVirtualMachine.key);
    if (!start || !deallocate) throw new Error('power adapters missing');
    expect(await start.check(id, {}, ctx)).toMatchObject({ done: true, output: { powerState: 'running' } });
    expect(await deallocate.check(id, {}, ctx)).toMatchObject({ done: false });
    await deallocate.run(id, {}, ctx);
    expect(await deallocate.check(id, {}, ctx)).toMatchObject({ done: true, output: { powerState: 'deallocated' } });
    await start.run(id, {}, ctx);
    expect(await start.check(id, {}, ctx)).toMatchObject({ done: true });
  });

  it('auto-shutdown schedule (and its time)', async () => {
    const vmId = h.id(rg, 'Microsoft.Compute/virtualMachines/jumpbox-sched');
    await ensure(h.adapter(virtualMachines), vmId, await vmSpec('jumpbox-sched'));
    const id = h.id(rg, `Microsoft.DevTestLab/schedules/${autoShutdownScheduleName('jumpbox-sched')}`);
    const spec = { location: LOCATION, targetResourceId: vmId, time: '19:00', timeZoneId: 'UTC' };
    await roundTrip(h.adapter(autoShutdownSchedules), id, spec, { ...spec, time: '2030' });
  });
});
