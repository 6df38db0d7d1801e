// Seed 002 "Create a jump box" / "Stop the jump box" and seed 000 "Enable Azure Bastion" end to end: a JumpBox waits
// for its workspace and its Secret, then gets a VM without public IP in the training subnet and the VNet's Bastion;
// deallocate/start round trip; a rotated Secret reaches the VM through the VMAccess extension (at once when it runs,
// when it runs again when it is stopped) without the value ever showing; a second JumpBox shares the Bastion and gets
// a changed SSH key the same way; delete removes the jump box and leaves the workspace network alone.
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD_VERSION_TAG, SSH_KEY_VERSION_TAG, sshKeyVersion, VM_ACCESS_EXTENSION } from '../../../src/azure/adapters/virtual-machine-access.ts';
import { emulatorConnection } from '../../../src/azure/credentials.ts';
import { createArmClients, rgAndNames } from '../../../src/azure/index.ts';
import { createTestNamespace } from '../../support/kube.ts';
import { condition, Objects, ofType, props, startLoggedOperator, TUTORIAL_NETWORK, waitFor } from '../imagebuildcompute/objects.ts';
import type { KubeObjectJson, LoggedOperator, Resource } from '../imagebuildcompute/objects.ts';

const WS = 'ws';
const PASSWORD = 'First-Passw0rd!';
const ROTATED = 'Second-Passw0rd?';
const THIRD = 'Third-Passw0rd#';
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDx2 dev@laptop';
const ROTATED_SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIRotated dev@new-laptop';
const VM_TYPE = 'Microsoft.Compute/virtualMachines';
const NIC_TYPE = 'Microsoft.Network/networkInterfaces';
const BASTION_TYPE = 'Microsoft.Network/bastionHosts';
const PIP_TYPE = 'Microsoft.Network/publicIPAddresses';
const SCHEDULE_TYPE = 'Microsoft.DevTestLab/schedules';

let ns: string;
let t: LoggedOperator;
let k: Objects;
let box: KubeObjectJson;

const one = (type: string, nameIncludes = ''): Resource => {
  const found = ofType(t.emulator, type).filter((r) => r.name.includes(nameIncludes));
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
/** What a person (or the auto-shutdown schedule) does to the VM, through the real SDK. */
const vms = () =>
  createArmClients(emulatorConnection(t.emulator))
    .compute.virtualMachines;

/** The VM's power state as Azure reports it (instanceView). */
async function powerOf(vmId: string): Promise<string | undefined> {
  const view = await vms().instanceView(...rgAndNames(vmId, 'virtualMachines'));
  return view.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;
}
const status = (o: KubeObjectJson | undefined) => (o?.status ?? {}) as { vmId?: string; privateIp?: string; bastionName?: string; powerState?: string };
const secretVersion = async () => {
  const secret = await t.kubeConfig.makeApiClient(CoreV1Api).readNamespacedSecret({ name: 'box-admin', namespace: ns });
  return secret.metadata?.resourceVersion;
};
const vmWrites = (method: string, vmName: string) =>
  t.emulator.admin.requests().filter((r) => r.method === method && r.path.toLowerCase().includes(`/virtualmachines/${vmName.toLowerCase()}`));

beforeAll(async () => {
  ns = await createTestNamespace('jumpbox');
  t = await startLoggedOperator(ns);
  k = new Objects(t.kubeConfig, ns);
});

afterAll(async () => t?.stop());

describe('bad references', () => {
  it('waits for a workspace that does not exist yet (Reconciling/WaitingForWorkspace)', async () => {
    await k.create('JumpBox', 'box', { workspaceRef: { name: WS }, adminPasswordSecretRef: { name: 'box-admin' }, autoShutdown: { time: '19:00' } });
    const waiting = await k.waitForCondition('JumpBox', 'box', 'Reconciling', 'True', 'WaitingForWorkspace');
    expect(condition(waiting, 'Reconciling')?.message).toContain(`SecureWorkspace '${WS}' does not exist`);
  });

  it('then for its Secret (Reconciling/SecretNotFound), once the workspace is Ready', async () => {
    await k.create('SecureWorkspace', WS, { location: 'eastus', resourceGroup: 'rg-jump', namePrefix: 'mljump', network: TUTORIAL_NETWORK });
    await k.waitForCondition('SecureWorkspace', WS, 'Ready');
    const waiting = await k.waitForCondition('JumpBox', 'box', 'Reconciling', 'True', 'SecretNotFound');
    expect(condition(waiting, 'Reconciling')?.message).toContain("Secret 'box-admin'");
    expect(ofType(t.emulator, VM_TYPE)).toHaveLength(0);
  });

  it('recovers when the Secret is created: the Secret watch re-queues it', async () => {
    await k.putSecret('box-admin', { password: PASSWORD });
    box = await k.waitForCondition('JumpBox', 'box', 'Ready');
  });
});

describe('create', () => {
  it('puts a NIC without public IP in the training subnet and reports its private IP', () => {
    const nic = one(NIC_TYPE, 'box-');
    const [config] = props(nic)['ipConfigurations'] as { properties: Record<string, unknown> }[];
    expect((config?.properties['subnet'] as { id: string }).id).toMatch(/\/virtualNetworks\/mljump-vnet\/subnets\/Training$/);
    expect(config?.properties['publicIPAddress']).toBeUndefined();
    expect(status(box).privateIp).toBe(config?.properties['privateIPAddress']);
  });

  it('creates a Windows 11 Enterprise VM on it, running, with the auto-shutdown schedule', () => {
    const vm = one(VM_TYPE);
    expect(status(box).vmId?.toLowerCase()).toBe(vm.id.toLowerCase());
    const p = props(vm);
    expect((p['storageProfile'] as { imageReference: Record<string, string> }).imageReference).toMatchObject({
      publisher: 'MicrosoftWindowsDesktop',
      offer: 'windows-11',
    });
    expect((p['osProfile'] as Record<string, unknown>)['adminUsername']).toBe('azureuser');
    expect(p['licenseType']).toBe('Windows_Client');
    expect(status(box).powerState).toBe('Running');
    const schedule = one(SCHEDULE_TYPE);
    expect(props(schedule)).toMatchObject({ taskType: 'ComputeVmShutdownTask', dailyRecurrence: { time: '1900' }, timeZoneId: 'UTC' });
  });

  it('creates the Bastion in AzureBastionSubnet with a Standard public IP', () => {
    const bastion = one(BASTION_TYPE);
    expect(status(box).bastionName).toBe(bastion.name);
    const [config] = props(bastion)['ipConfigurations'] as { properties: Record<string, { id: string }> }[];
    expect(config?.properties['subnet']?.id).toMatch(/\/subnets\/AzureBastionSubnet$/);
    expect((one(PIP_TYPE)['sku'] as { name: string }).name).toBe('Standard');
    expect(condition(box, 'BastionReady')?.status).toBe('True');
    expect(condition(box, 'VirtualMachineReady')?.status).toBe('True');
  });
});

describe('Azure refusing a read', () => {
  it('shows as Stalled with the ARM code and message, and clears once Azure answers again', async () => {
    t.emulator.admin.injectFault({
      kind: 'http',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'The client does not have authorization to perform action read over scope VM.',
      match: { method: 'GET', type: VM_TYPE },
    });
    try {
      await k.poke('JumpBox', 'box');
      const refused = await k.waitForCondition('JumpBox', 'box', 'Stalled', 'True', 'AuthorizationFailed');
      expect(condition(refused, 'Stalled')?.message).toContain('does not have authorization');
    } finally {
      t.emulator.admin.clearFaults();
    }
    await k.poke('JumpBox', 'box');
    await k.waitForCondition('JumpBox', 'box', 'Ready');
  });
});

describe('license type', () => {
  it('puts Windows_Client back in place with one PATCH when the VM lost it (created before, or changed in the portal)', async () => {
    const vm = one(VM_TYPE, 'box-');
    t.emulator.admin.mutate(vm.id, { properties: { licenseType: null } });
    t.emulator.admin.clearRequests();
    await k.poke('JumpBox', 'box');
    await waitFor('licenseType restored', async () => (props(one(VM_TYPE, 'box-'))['licenseType'] === 'Windows_Client' ? true : undefined));
    const patches = vmWrites('PATCH', vm.name);
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({ properties: { licenseType: 'Windows_Client' } });
    expect(vmWrites('PUT', vm.name)).toEqual([]);
    await waitFor('the DriftCorrected event', async () => ((await k.events('box')).some((e) => e.reason === 'DriftCorrected') ? true : undefined));
  });
});

describe('power state (seed 002 "Stop the jump box")', () => {
  it('deallocates and starts again through the VM actions', async () => {
    const vm = one(VM_TYPE);
    t.emulator.admin.clearRequests();
    await k.patchSpec('JumpBox', 'box', { powerState: 'Deallocated' });
    const stopped = await k.waitForCondition('JumpBox', 'box', 'Ready');
    expect(status(stopped).powerState).toBe('Deallocated');
    expect(vmWrites('POST', vm.name).map((r) => r.path.split('/').at(-1))).toEqual(['deallocate']);
    expect(await powerOf(vm.id)).toBe('PowerState/deallocated');
    await k.patchSpec('JumpBox', 'box', { powerState: 'Running' });
    const started = await k.waitForCondition('JumpBox', 'box', 'Ready');
    expect(status(started).powerState).toBe('Running');
    expect(vmWrites('POST', vm.name).map((r) => r.path.split('/').at(-1))).toEqual(['deallocate', 'start']);
    expect(await powerOf(vm.id)).toBe('PowerState/running');
  });

  it('leaves a VM stopped by its schedule (or in the portal) stopped until the spec changes', async () => {
    const vm = one(VM_TYPE);
    await vms().deallocate(...rgAndNames(vm.id, 'virtualMachines'));
    t.emulator.admin.clearRequests();
    await k.poke('JumpBox', 'box');
    const seen = await waitFor('the stopped VM in status', async () => {
      const o = await k.get('JumpBox', 'box');
      return status(o).powerState === 'Deallocated' ? o : undefined;
    });
    expect(condition(seen, 'Ready')?.status).toBe('True');
    expect(vmWrites('POST', vm.name)).toEqual([]);
    // Started again by its user; the operator sees it at the next reconcile.
    await vms().start(...rgAndNames(vm.id, 'virtualMachines'));
    await k.poke('JumpBox', 'box');
    await waitFor('the running VM in status', async () => (status(await k.get('JumpBox', 'box')).powerState === 'Running' ? true : undefined));
  });
});

describe('a rotated password', () => {
  const EXTENSION_TYPE = 'Microsoft.Compute/virtualMachines/extensions';
  const passwordTag = () => one(VM_TYPE, 'box-').tags?.[ADMIN_PASSWORD_VERSION_TAG];
  const extensionPuts = (vmName: string) =>
    vmWrites('PUT', vmName).filter((r) => r.path.toLowerCase().endsWith(`/extensions/${VM_ACCESS_EXTENSION}`));

  it('reaches the running VM through the VMAccess extension, and the JumpBox is Ready again', async () => {
    const vm = one(VM_TYPE, 'box-');
    expect(passwordTag()).toBe(await secretVersion());
    t.emulator.admin.clearRequests();
    const version = await k.putSecret('box-admin', { password: ROTATED });
    await waitFor('the VM password version tag to move to the new Secret version', async () => (passwordTag() === version ? true : undefined));
    // Azure refuses an in-place osProfile.adminPassword change: the extension carries it, the VM only gets the tag.
    expect(extensionPuts(vm.name).map((r) => r.status)).toEqual([201]);
    expect(vmWrites('PATCH', vm.name).filter((r) => JSON.stringify(r.body).includes('osProfile'))).toEqual([]);
    const extension = one(EXTENSION_TYPE, VM_ACCESS_EXTENSION);
    expect(props(extension)).toMatchObject({ publisher: 'Microsoft.Compute', type: 'VMAccessAgent', forceUpdateTag: version, provisioningState: 'Succeeded' });
    expect(props(extension)['protectedSettings']).toBeUndefined();

    const ready = await waitFor('the JumpBox Ready after the rotation', async () => {
      const o = await k.get('JumpBox', 'box');
      return condition(o, 'Ready')?.status === 'True' ? o : undefined;
    });
    expect(condition(ready, 'Stalled')).toBeUndefined();
    const events = await k.events('box');
    expect(events).toContainEqual(expect.objectContaining({ type: 'Normal', reason: 'AdminPasswordUpdated' }));
  });

  it('waits for a stopped VM to run (Reconciling/PasswordResetPendingVmStopped) and never starts it for that', async () => {
    const vm = one(VM_TYPE, 'box-');
    const before = passwordTag();
    await vms().deallocate(...rgAndNames(vm.id, 'virtualMachines'));
    t.emulator.admin.clearRequests();
    const version = await k.putSecret('box-admin', { password: THIRD });
    const waiting = await waitFor('the JumpBox waiting for its VM to run', async () => {
      const o = await k.get('JumpBox', 'box');
      return condition(o, 'Reconciling')?.reason === 'PasswordResetPendingVmStopped' ? o : undefined;
    });
    expect(condition(waiting, 'Ready')?.status).toBe('False');
    expect(condition(waiting, 'Stalled')).toBeUndefined();
    expect(condition(waiting, 'Reconciling')?.message).toContain("Secret 'box-admin' changed");
    expect(status(waiting).powerState).toBe('Deallocated');
    expect((await k.events('box')).map((e) => e.reason)).toContain('PasswordResetPendingVmStopped');
    // Nothing was written: no start, no extension, and the VM keeps the version of the password it has.
    expect(vmWrites('POST', vm.name)).toEqual([]);
    expect(extensionPuts(vm.name)).toEqual([]);
    expect(passwordTag()).toBe(before);
    expect(await powerOf(vm.id)).toBe('PowerState/deallocated');

    // Started by its user: the JumpBox keeps re-checking with backoff (Azure sends no event) and then applies it.
    await vms().start(...rgAndNames(vm.id, 'virtualMachines'));
    await waitFor('the deferred reset once the VM runs', async () => (passwordTag() === version ? true : undefined));
    expect(extensionPuts(vm.name).map((r) => r.status)).toEqual([200]);
    const ready = await waitFor('the JumpBox Ready again', async () => {
      const o = await k.get('JumpBox', 'box');
      return condition(o, 'Ready')?.status === 'True' ? o : undefined;
    });
    expect(status(ready).powerState).toBe('Running');
  });

  it('never shows a password in status, Events, operator logs, the emulator request log or inventory', async () => {
    const everything = [
      JSON.stringify(await k.get('JumpBox', 'box')),
      JSON.stringify(await k.events('box')),
      t.logs(),
      JSON.stringify(t.emulator.admin.requests()),
      JSON.stringify(t.emulator.admin.inventory()),
    ].join('\n');
    expect(t.logs().length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, ROTATED, THIRD]) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });
});

describe('a second JumpBox on the same VNet', () => {
  it('shares the Bastion (Azure allows one per VNet); an SSH-key Ubuntu box needs no Secret', async () => {
    await k.create('JumpBox', 'linux', { workspaceRef: { name: WS }, os: 'Ubuntu2204', sshPublicKey: SSH_KEY });
    const linux = await k.waitForCondition('JumpBox', 'linux', 'Ready');
    expect(status(linux).bastionName).toBe(status(box).bastionName);
    expect(ofType(t.emulator, BASTION_TYPE)).toHaveLength(1);
    const vm = one(VM_TYPE, 'linux-');
    expect((props(vm)['storageProfile'] as { imageReference: { offer: string } }).imageReference.offer).toBe('0001-com-ubuntu-server-jammy');
  });
});

describe('a changed sshPublicKey', () => {
  it('is applied through VMAccessForLinux (Azure cannot change osProfile keys in place), and the JumpBox is Ready', async () => {
    const vm = one(VM_TYPE, 'linux-');
    expect(vm.tags?.[SSH_KEY_VERSION_TAG]).toBe(sshKeyVersion(SSH_KEY));
    t.emulator.admin.clearRequests();
    await k.patchSpec('JumpBox', 'linux', { sshPublicKey: ROTATED_SSH_KEY });
    const ready = await k.waitForCondition('JumpBox', 'linux', 'Ready');
    expect(one(VM_TYPE, 'linux-').tags?.[SSH_KEY_VERSION_TAG]).toBe(sshKeyVersion(ROTATED_SSH_KEY));
    const puts = vmWrites('PUT', vm.name);
    expect(puts.map((r) => r.path.split('/').slice(-2).join('/'))).toEqual([`extensions/${VM_ACCESS_EXTENSION}`]);
    expect(puts[0]?.body).toMatchObject({ properties: { type: 'VMAccessForLinux', forceUpdateTag: sshKeyVersion(ROTATED_SSH_KEY) } });
    const extension = ofType(t.emulator, 'Microsoft.Compute/virtualMachines/extensions').find((e) => e.id.toLowerCase().startsWith(vm.id.toLowerCase()));
    expect(props(extension)).toMatchObject({ publisher: 'Microsoft.OSTCExtensions', type: 'VMAccessForLinux', provisioningState: 'Succeeded' });
    expect(condition(ready, 'Stalled')).toBeUndefined();
    expect((await k.events('linux')).map((e) => e.reason)).toContain('SshKeyUpdated');
  });
});

describe('delete', () => {
  it('removes the VM, its NIC and schedule, and keeps the Bastion the other JumpBox uses', async () => {
    await k.delete('JumpBox', 'box');
    await k.waitForGone('JumpBox', 'box');
    expect(ofType(t.emulator, VM_TYPE).map((v) => v.name)).toEqual([expect.stringMatching(/^linux-/)]);
    expect(ofType(t.emulator, NIC_TYPE).filter((n) => n.name.startsWith('box-'))).toHaveLength(0);
    expect(ofType(t.emulator, SCHEDULE_TYPE)).toHaveLength(0);
    expect(ofType(t.emulator, BASTION_TYPE)).toHaveLength(1);
  });

  it('removes the Bastion and its public IP with the last JumpBox, and leaves the workspace network alone', async () => {
    await k.delete('JumpBox', 'linux');
    await k.waitForGone('JumpBox', 'linux');
    expect(ofType(t.emulator, VM_TYPE)).toHaveLength(0);
    expect(ofType(t.emulator, BASTION_TYPE)).toHaveLength(0);
    expect(ofType(t.emulator, PIP_TYPE)).toHaveLength(0);
    expect(ofType(t.emulator, 'Microsoft.Network/virtualNetworks/subnets').map((s) => s.name).sort()).toEqual(['AzureBastionSubnet', 'Scoring', 'Training']);
    expect(condition(await k.get('SecureWorkspace', WS), 'Ready')?.status).toBe('True');
  });
});
