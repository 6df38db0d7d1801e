import { describe, expect, it } from 'vitest';
import { applyJumpBoxDefaults } from '../../../../src/api/index.ts';
import type { JumpBoxSpecInput } from '../../../../src/api/index.ts';
import { ADMIN_PASSWORD_VERSION_TAG, SSH_KEY_VERSION_TAG, sshKeyVersion } from '../../../../src/azure/adapters/virtual-machine-access.ts';
import { bastionNames, jumpBoxNames } from '../../../../src/controllers/jumpbox/names.ts';
import {
  bastionIdNextTo,
  IMAGES,
  KEYS,
  pendingReset,
  planBastionTeardown,
  planJumpBox,
  planVirtualMachineTeardown,
  virtualMachineIdOf,
} from '../../../../src/controllers/jumpbox/plan.ts';
import type { JumpBoxPlanInput } from '../../../../src/controllers/jumpbox/plan.ts';
import type { JumpBoxTarget } from '../../../../src/controllers/jumpbox/target.ts';
import { createPlanGraph } from '../../../../src/plan/index.ts';
import type { NodeOutputs, PlanNode } from '../../../../src/plan/index.ts';

const RG = '/subscriptions/sub/resourceGroups/rg-ml';
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/ml-vnet`;
const TARGET: JumpBoxTarget = {
  subscriptionId: 'sub',
  resourceGroup: 'rg-ml',
  location: 'eastus',
  subnetId: `${VNET}/subnets/Training`,
  vnetId: VNET,
  vnetName: 'ml-vnet',
  bastionSubnetId: `${VNET}/subnets/AzureBastionSubnet`,
};
const NAMES = jumpBoxNames({ subscriptionId: 'sub', namespace: 'ns', name: 'box' }, 'Windows11');
const VM_ID = virtualMachineIdOf(TARGET, NAMES);
const NIC_ID = `${RG}/providers/Microsoft.Network/networkInterfaces/${NAMES.networkInterface}`;
const PASSWORD = { value: 'S3cret!pass', version: '42' };

/** Outputs as the executor would hand them over once the dependencies are done. */
const outputs = (values: Record<string, unknown>): NodeOutputs => ({
  get: (dep) => values[typeof dep === 'string' ? dep : dep.key] as never,
});

function plan(spec: JumpBoxSpecInput, extra: Partial<JumpBoxPlanInput> = {}): Map<string, PlanNode> {
  const defaulted = applyJumpBoxDefaults(spec);
  const power = { enforcePower: true, runningAfter: defaulted.powerState === 'Running' };
  const nodes = planJumpBox({ spec: defaulted, names: NAMES, target: TARGET, ...power, ...extra });
  createPlanGraph(nodes);
  return new Map(nodes.map((n) => [n.key, n]));
}

const desired = (node: PlanNode | undefined, values: Record<string, unknown> = {}) =>
  node?.kind === 'resource' ? (node.desired(outputs(values)) as Record<string, unknown>) : undefined;

describe('JumpBox plan (seed 002 "Create a jump box", seed 000 "Enable Azure Bastion")', () => {
  const nodes = plan(
    { workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' } },
    { password: PASSWORD, bastion: { names: bastionNames('ml-vnet'), foreign: false } },
  );

  it('has the NIC, VM, password, power state and the VNet Bastion with its public IP', () => {
    expect([...nodes.keys()].sort()).toEqual(
      [KEYS.networkInterface, KEYS.virtualMachine, KEYS.adminPassword, KEYS.powerState, KEYS.bastionPublicIp, KEYS.bastion].sort(),
    );
  });

  it('puts the NIC in the subnet with no public IP', () => {
    const nic = nodes.get(KEYS.networkInterface);
    expect(nic?.id).toBe(NIC_ID);
    expect(desired(nic)).toEqual({ location: 'eastus', subnetId: TARGET.subnetId });
  });

  it('creates Windows 11 Enterprise by default, on that NIC, with the Secret password', () => {
    const vm = nodes.get(KEYS.virtualMachine);
    expect(vm?.id).toBe(VM_ID);
    expect(vm?.dependsOn).toEqual([KEYS.networkInterface]);
    expect(desired(vm, { [KEYS.networkInterface]: { id: NIC_ID } })).toEqual({
      location: 'eastus',
      vmSize: 'Standard_DS3_v2',
      ...IMAGES.Windows11,
      computerName: 'box',
      adminUsername: 'azureuser',
      adminPassword: PASSWORD.value,
      networkInterfaceId: NIC_ID,
      tags: { [ADMIN_PASSWORD_VERSION_TAG]: '42' },
    });
    expect(IMAGES.Windows11.image).toMatchObject({ publisher: 'MicrosoftWindowsDesktop', offer: 'windows-11' });
  });

  it('declares the Windows 11 VM as Windows_Client (multi-tenant hosting rights), and no license type for Ubuntu', () => {
    const vm = desired(nodes.get(KEYS.virtualMachine), { [KEYS.networkInterface]: { id: NIC_ID } });
    expect(vm?.['licenseType']).toBe('Windows_Client');
    const ubuntu = plan({ subnetId: TARGET.subnetId, os: 'Ubuntu2204', sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB me@host' });
    expect(desired(ubuntu.get(KEYS.virtualMachine), { [KEYS.networkInterface]: { id: NIC_ID } })).not.toHaveProperty('licenseType');
  });

  it('starts the VM, then keeps its password at the Secret version (reset through VMAccess when it changes)', () => {
    expect(nodes.get(KEYS.powerState)).toMatchObject({ kind: 'action', type: 'Microsoft.Compute/virtualMachines/start', id: VM_ID, dependsOn: [KEYS.virtualMachine] });
    const rotation = nodes.get(KEYS.adminPassword);
    expect(rotation).toMatchObject({ kind: 'action', type: 'Microsoft.Compute/virtualMachines/resetPassword', id: VM_ID, dependsOn: [KEYS.powerState] });
    expect(rotation?.kind === 'action' && rotation.params(outputs({}))).toEqual({
      location: 'eastus',
      osType: 'Windows',
      adminUsername: 'azureuser',
      password: PASSWORD.value,
      version: '42',
    });
  });

  it('creates the VM tagged with the version of the password it is created with, and then never moves that tag', () => {
    const vm = (extra: Partial<JumpBoxPlanInput>) =>
      desired(plan({ workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' } }, { password: PASSWORD, ...extra }).get(KEYS.virtualMachine), {
        [KEYS.networkInterface]: { id: NIC_ID },
      });
    expect(vm({})?.['tags']).toEqual({ [ADMIN_PASSWORD_VERSION_TAG]: '42' });
    expect(vm({ existingVm: { passwordVersion: '40', sshKeyVersion: undefined } })?.['tags']).toEqual({ [ADMIN_PASSWORD_VERSION_TAG]: '40' });
    expect(vm({ existingVm: { passwordVersion: undefined, sshKeyVersion: undefined } })).not.toHaveProperty('tags');
  });

  it('builds the Bastion in AzureBastionSubnet with a Standard public IP, named after the VNet', () => {
    const ip = nodes.get(KEYS.bastionPublicIp);
    expect(ip?.id).toBe(`${RG}/providers/Microsoft.Network/publicIPAddresses/ml-vnet-bastion-pip`);
    expect(desired(ip)).toEqual({ location: 'eastus', sku: 'Standard' });
    const bastion = nodes.get(KEYS.bastion);
    expect(bastion?.id).toBe(`${RG}/providers/Microsoft.Network/bastionHosts/ml-vnet-bastion`);
    expect(desired(bastion, { [KEYS.bastionPublicIp]: { id: ip?.id } })).toEqual({
      location: 'eastus',
      sku: 'Standard',
      subnetId: TARGET.bastionSubnetId,
      publicIpAddressId: ip?.id,
    });
  });
});

describe('JumpBox plan options', () => {
  it('deallocates instead of starting when powerState is Deallocated, and defers password resets to the next start', () => {
    const nodes = plan({ workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' }, powerState: 'Deallocated' }, { password: PASSWORD });
    expect(nodes.get(KEYS.powerState)?.type).toBe('Microsoft.Compute/virtualMachines/deallocate');
    expect(nodes.has(KEYS.adminPassword)).toBe(false);
  });

  it('leaves the power state alone between spec changes, so an auto-shutdown is not undone at the next resync', () => {
    const stopped = plan({ workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' } }, { password: PASSWORD, enforcePower: false, runningAfter: false });
    expect(stopped.has(KEYS.powerState)).toBe(false);
    expect(stopped.has(KEYS.adminPassword)).toBe(false);
    const running = plan({ workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' } }, { password: PASSWORD, enforcePower: false, runningAfter: true });
    expect(running.has(KEYS.powerState)).toBe(false);
    expect(running.get(KEYS.adminPassword)?.dependsOn).toEqual([KEYS.virtualMachine]);
  });

  it('says a rotated password waits for a VM that will not be running, and only then', () => {
    const spec = applyJumpBoxDefaults({ workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' } });
    const base: JumpBoxPlanInput = { spec, names: NAMES, target: TARGET, password: PASSWORD, enforcePower: false, runningAfter: false };
    const stale = { existingVm: { passwordVersion: '40', sshKeyVersion: undefined } };
    expect(pendingReset({ ...base, ...stale })).toMatchObject({ reason: 'PasswordResetPendingVmStopped' });
    expect(pendingReset({ ...base, ...stale })?.message).toContain("Secret 'pw' changed");
    expect(pendingReset({ ...base, ...stale })?.message).not.toContain(PASSWORD.value);
    expect(pendingReset({ ...base, ...stale, runningAfter: true })).toBeUndefined();
    expect(pendingReset({ ...base, existingVm: { passwordVersion: '42', sshKeyVersion: undefined } })).toBeUndefined();
    // A new VM is created with the Secret's password, running or not.
    expect(pendingReset(base)).toBeUndefined();
  });

  it('adds the DevTest Labs auto-shutdown schedule of the VM when set', () => {
    const nodes = plan({ workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' }, autoShutdown: { time: '19:00' } }, { password: PASSWORD });
    const schedule = nodes.get(KEYS.autoShutdownSchedule);
    expect(schedule?.id).toBe(`${RG}/providers/Microsoft.DevTestLab/schedules/shutdown-computevm-${NAMES.virtualMachine}`);
    expect(desired(schedule)).toEqual({ location: 'eastus', targetResourceId: VM_ID, time: '19:00', timeZoneId: 'UTC' });
  });

  it('creates an SSH-key-only Ubuntu VM without any password node, its key kept by the key reset', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB me@host';
    const nodes = plan({ subnetId: TARGET.subnetId, os: 'Ubuntu2204', sshPublicKey: key, bastion: { enabled: false } });
    expect(nodes.has(KEYS.adminPassword)).toBe(false);
    expect(nodes.has(KEYS.bastion)).toBe(false);
    const vm = desired(nodes.get(KEYS.virtualMachine), { [KEYS.networkInterface]: { id: NIC_ID } });
    expect(vm).toMatchObject({ osType: 'Linux', sshPublicKey: key, image: IMAGES.Ubuntu2204.image });
    expect(vm).not.toHaveProperty('adminPassword');
    expect(nodes.get(KEYS.powerState)?.dependsOn).toEqual([KEYS.virtualMachine]);
    expect(nodes.get(KEYS.sshPublicKey)?.dependsOn).toEqual([KEYS.powerState]);
  });

  describe('an Ubuntu VM with an SSH key', () => {
    const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB me@host';
    const ROTATED_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC me@new-laptop';
    const ubuntu = (extra: Partial<JumpBoxPlanInput> = {}, key = KEY) =>
      plan({ subnetId: TARGET.subnetId, os: 'Ubuntu2204', sshPublicKey: key, adminPasswordSecretRef: { name: 'pw' } }, { password: PASSWORD, ...extra });

    it('is created tagged with the key version, and keeps the key through VMAccessForLinux after the password', () => {
      const nodes = ubuntu();
      const vm = desired(nodes.get(KEYS.virtualMachine), { [KEYS.networkInterface]: { id: NIC_ID } });
      expect(vm?.['tags']).toEqual({ [ADMIN_PASSWORD_VERSION_TAG]: '42', [SSH_KEY_VERSION_TAG]: sshKeyVersion(KEY) });
      const reset = nodes.get(KEYS.sshPublicKey);
      // One VMAccess extension per VM: the key reset waits for the password reset.
      expect(reset).toMatchObject({ kind: 'action', type: 'Microsoft.Compute/virtualMachines/resetSshKey', id: VM_ID, dependsOn: [KEYS.adminPassword] });
      expect(reset?.kind === 'action' && reset.params(outputs({}))).toEqual({ location: 'eastus', adminUsername: 'azureuser', sshPublicKey: KEY });
    });

    it('never moves the key tag through the VM once it exists, so a changed key is the reset action\'s to apply', () => {
      const existingVm = { passwordVersion: '42', sshKeyVersion: sshKeyVersion(KEY) };
      const vm = desired(ubuntu({ existingVm }, ROTATED_KEY).get(KEYS.virtualMachine), { [KEYS.networkInterface]: { id: NIC_ID } });
      expect(vm?.['tags']).toEqual({ [ADMIN_PASSWORD_VERSION_TAG]: '42', [SSH_KEY_VERSION_TAG]: sshKeyVersion(KEY) });
      expect(sshKeyVersion(ROTATED_KEY)).not.toBe(sshKeyVersion(KEY));
    });

    it('defers a changed key on a stopped VM (SshKeyResetPendingVmStopped), and names both when the password changed too', () => {
      const stopped = { enforcePower: false, runningAfter: false };
      expect(ubuntu(stopped).has(KEYS.sshPublicKey)).toBe(false);
      const input = (existingVm: NonNullable<JumpBoxPlanInput['existingVm']>): JumpBoxPlanInput => ({
        spec: applyJumpBoxDefaults({ subnetId: TARGET.subnetId, os: 'Ubuntu2204', sshPublicKey: ROTATED_KEY, adminPasswordSecretRef: { name: 'pw' } }),
        names: NAMES,
        target: TARGET,
        password: PASSWORD,
        existingVm,
        ...stopped,
      });
      const keyOnly = pendingReset(input({ passwordVersion: '42', sshKeyVersion: sshKeyVersion(KEY) }));
      expect(keyOnly).toMatchObject({ reason: 'SshKeyResetPendingVmStopped' });
      expect(keyOnly?.message).toContain('sshPublicKey changed while VM');
      const both = pendingReset(input({ passwordVersion: '40', sshKeyVersion: sshKeyVersion(KEY) }));
      expect(both?.reason).toBe('PasswordResetPendingVmStopped');
      expect(both?.message).toContain("Secret 'pw' changed and sshPublicKey changed");
      expect(pendingReset(input({ passwordVersion: '42', sshKeyVersion: sshKeyVersion(ROTATED_KEY) }))).toBeUndefined();
    });
  });

  it('only references a Bastion that JumpBoxes did not create', () => {
    const nodes = plan({ workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' } }, { password: PASSWORD, bastion: { names: bastionNames('ml-vnet'), foreign: true } });
    expect(nodes.get(KEYS.bastion)).toMatchObject({ ownership: 'external', stage: 'Bastion' });
    expect(nodes.has(KEYS.bastionPublicIp)).toBe(false);
  });
});

describe('JumpBox teardown', () => {
  it('deletes the schedule, then the VM, then its NIC, from the VM id alone', () => {
    const graph = createPlanGraph(planVirtualMachineTeardown(VM_ID, { schedule: true, vm: true }));
    expect(graph.nodes.get(KEYS.networkInterface)?.id).toBe(NIC_ID);
    // destroy() removes dependants first.
    expect(graph.dependants.get(KEYS.networkInterface)).toEqual([KEYS.virtualMachine]);
    expect(graph.dependants.get(KEYS.virtualMachine)).toEqual([KEYS.autoShutdownSchedule]);
  });

  it('can remove only the schedule', () => {
    expect(planVirtualMachineTeardown(VM_ID, { schedule: true, vm: false }).map((n) => n.key)).toEqual([KEYS.autoShutdownSchedule]);
  });

  it('deletes the Bastion before its public IP, found next to the VM', () => {
    const bastionId = bastionIdNextTo(VM_ID, 'ml-vnet-bastion');
    expect(bastionId).toBe(`${RG}/providers/Microsoft.Network/bastionHosts/ml-vnet-bastion`);
    const graph = createPlanGraph(planBastionTeardown(bastionId));
    expect(graph.nodes.get(KEYS.bastionPublicIp)?.id).toBe(`${RG}/providers/Microsoft.Network/publicIPAddresses/ml-vnet-bastion-pip`);
    expect(graph.dependants.get(KEYS.bastionPublicIp)).toEqual([KEYS.bastion]);
  });
});
