// The JumpBox graph (seed 002 "Create a jump box", "Stop the jump box"; seed 000 "Enable Azure Bastion"): a NIC in
// the subnet with no public IP, the VM (Windows 11 Enterprise or Ubuntu 22.04), its admin password, its power
// state, an optional auto-shutdown schedule, and the VNet's Bastion with its Standard public IP. Pure.
import type { JumpBoxSpec } from '../../api/index.ts';
import {
  armAction,
  armExternal,
  armResource,
  autoShutdownSchedules,
  bastionHosts,
  deallocateVirtualMachine,
  networkInterfaces,
  publicIpAddresses,
  resourceId,
  startVirtualMachine,
  virtualMachines,
} from '../../azure/index.ts';
import type { VirtualMachineSpec } from '../../azure/index.ts';
import {
  ADMIN_PASSWORD_VERSION_TAG,
  resetVirtualMachinePassword,
  resetVirtualMachineSshKey,
  SSH_KEY_VERSION_TAG,
  sshKeyVersion,
} from '../../azure/adapters/virtual-machine-access.ts';
import type { PlanNode } from '../../plan/index.ts';
import { bastionPublicIpName } from './names.ts';
import type { BastionNames, JumpBoxNames } from './names.ts';
import type { JumpBoxTarget } from './target.ts';

/** Stage label → the condition it feeds. */
export const STAGE_CONDITIONS = { VirtualMachine: 'VirtualMachineReady', Bastion: 'BastionReady' } as const;

export const KEYS = {
  networkInterface: 'networkInterface',
  virtualMachine: 'virtualMachine',
  adminPassword: 'adminPassword',
  sshPublicKey: 'sshPublicKey',
  powerState: 'powerState',
  autoShutdownSchedule: 'autoShutdownSchedule',
  bastionPublicIp: 'bastionPublicIp',
  bastion: 'bastion',
} as const;

/**
 * Marketplace images: Windows 11 Enterprise (the tutorial's choice) and Ubuntu 22.04 LTS, both Gen2. A Windows client
 * image needs licenseType Windows_Client (multi-tenant hosting rights) to be allowed to run in Azure.
 */
export const IMAGES: Record<JumpBoxSpec['os'], Pick<VirtualMachineSpec, 'osType' | 'image' | 'licenseType'>> = {
  Windows11: {
    osType: 'Windows',
    image: { publisher: 'MicrosoftWindowsDesktop', offer: 'windows-11', sku: 'win11-23h2-ent', version: 'latest' },
    licenseType: 'Windows_Client',
  },
  Ubuntu2204: {
    osType: 'Linux',
    image: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
  },
};

export interface JumpBoxPlanInput {
  readonly spec: JumpBoxSpec;
  readonly names: JumpBoxNames;
  readonly target: JumpBoxTarget;
  /** The Secret's value and resourceVersion; absent for an SSH-key-only Linux VM. Never leaves the plan but to ARM. */
  readonly password?: { readonly value: string; readonly version: string };
  /** The VM as found before this run (its credential version tags), or absent when it does not exist yet. */
  readonly existingVm?: { readonly passwordVersion: string | undefined; readonly sshKeyVersion: string | undefined };
  /**
   * Whether this run applies spec.powerState. It does for a new VM and a changed spec; in between, the VM may be
   * stopped by its auto-shutdown schedule or by people, and a resync must not start it again.
   */
  readonly enforcePower: boolean;
  /** Whether the VM runs once the power state is settled: the VMAccess extension only runs inside a running VM. */
  readonly runningAfter: boolean;
  /** Absent when bastion.enabled is false. `foreign`: a Bastion JumpBoxes did not create, only referenced. */
  readonly bastion?: { readonly names: BastionNames; readonly foreign: boolean };
}

const throwOnApply = (): never => {
  throw new Error('a teardown graph is only destroyed');
};

export function virtualMachineIdOf(target: Pick<JumpBoxTarget, 'subscriptionId' | 'resourceGroup'>, names: JumpBoxNames): string {
  return resourceId(target.subscriptionId, target.resourceGroup, 'Microsoft.Compute', 'virtualMachines', names.virtualMachine);
}

/** The ids of what sits next to the VM (same group): its NIC and its schedule. */
function siblingsOf(vmId: string): { nic: string; schedule: string } {
  const group = groupOf(vmId);
  const vm = vmId.split('/').at(-1) ?? '';
  return {
    nic: `${group}/providers/Microsoft.Network/networkInterfaces/${vm}-nic`,
    schedule: `${group}/providers/Microsoft.DevTestLab/schedules/shutdown-computevm-${vm}`,
  };
}

export function bastionIdOf(target: Pick<JumpBoxTarget, 'subscriptionId' | 'resourceGroup'>, bastionName: string): string {
  return resourceId(target.subscriptionId, target.resourceGroup, 'Microsoft.Network', 'bastionHosts', bastionName);
}

/** The Bastion a JumpBox uses is in its VM's resource group (both in the VNet's group). */
export function bastionIdNextTo(vmId: string, bastionName: string): string {
  return `${groupOf(vmId)}/providers/Microsoft.Network/bastionHosts/${bastionName}`;
}

function groupOf(id: string): string {
  return id.slice(0, id.toLowerCase().indexOf('/providers/'));
}

function bastionNodes(input: JumpBoxPlanInput): PlanNode[] {
  const { target, bastion, spec } = input;
  if (!bastion || target.bastionSubnetId === undefined) return [];
  const id = bastionIdOf(target, bastion.names.bastion);
  if (bastion.foreign) return [armExternal(bastionHosts, { key: KEYS.bastion, id, stage: 'Bastion' })];
  const bastionSubnetId = target.bastionSubnetId;
  const publicIp = armResource(publicIpAddresses, {
    key: KEYS.bastionPublicIp,
    id: resourceId(target.subscriptionId, target.resourceGroup, 'Microsoft.Network', 'publicIPAddresses', bastion.names.publicIp),
    stage: 'Bastion',
    desired: { location: target.location, sku: 'Standard' },
  });
  const host = armResource(bastionHosts, {
    key: KEYS.bastion,
    id,
    stage: 'Bastion',
    dependsOn: [publicIp],
    desired: (o) => ({ location: target.location, sku: spec.bastion.sku, subnetId: bastionSubnetId, publicIpAddressId: o.get(publicIp).id }),
  });
  return [publicIp, host];
}

/**
 * The version tags the VM is created with: those of the password and SSH key it is created with. Once the VM exists
 * the tags are only read back (the reset actions move them), so the VM itself never sees a credential change as drift.
 */
function credentialTags(input: JumpBoxPlanInput): { tags?: Record<string, string> } {
  const { existingVm, password, spec } = input;
  const versions = existingVm
    ? { [ADMIN_PASSWORD_VERSION_TAG]: existingVm.passwordVersion, [SSH_KEY_VERSION_TAG]: existingVm.sshKeyVersion }
    : {
        [ADMIN_PASSWORD_VERSION_TAG]: password?.version,
        [SSH_KEY_VERSION_TAG]: spec.sshPublicKey === undefined ? undefined : sshKeyVersion(spec.sshPublicKey),
      };
  const tags = Object.fromEntries(Object.entries(versions).filter((e): e is [string, string] => e[1] !== undefined));
  return Object.keys(tags).length === 0 ? {} : { tags };
}

/** Reasons of a credential reset that waits for the VM to run. */
const PASSWORD_PENDING_REASON = 'PasswordResetPendingVmStopped';
const SSH_KEY_PENDING_REASON = 'SshKeyResetPendingVmStopped';

/** A credential change the plan leaves for later, and why: what status says instead of Ready. */
export interface PendingReset {
  readonly reason: string;
  readonly message: string;
}

/**
 * A rotated password or SSH key cannot reach a VM that will not be running after this run: the VMAccess extension
 * runs inside the VM (Azure answers 409 OperationNotAllowed otherwise). The operator never starts a VM just for that
 * (it may be stopped on purpose, or by its schedule); the reset happens at the first reconcile that finds it running.
 */
export function pendingReset(input: JumpBoxPlanInput): PendingReset | undefined {
  const { existingVm, password, runningAfter, spec } = input;
  if (!existingVm || runningAfter) return undefined;
  const passwordStale = password !== undefined && existingVm.passwordVersion !== password.version;
  const keyStale = spec.sshPublicKey !== undefined && existingVm.sshKeyVersion !== sshKeyVersion(spec.sshPublicKey);
  if (!passwordStale && !keyStale) return undefined;
  const changed = [passwordStale ? `Secret '${spec.adminPasswordSecretRef?.name ?? ''}' changed` : '', keyStale ? 'sshPublicKey changed' : '']
    .filter((c) => c !== '')
    .join(' and ');
  const what = passwordStale && keyStale ? 'admin password and SSH key' : passwordStale ? 'admin password' : 'SSH key';
  return {
    reason: passwordStale ? PASSWORD_PENDING_REASON : SSH_KEY_PENDING_REASON,
    message:
      `${changed} while VM '${input.names.virtualMachine}' is not running: the new ${what} is set when the VM runs ` +
      'again (the VMAccess extension runs inside the VM); the operator does not start the VM for that. ' +
      `Until then the VM keeps its previous ${what}.`,
  };
}

export function planJumpBox(input: JumpBoxPlanInput): PlanNode[] {
  const { spec, names, target, password } = input;
  const vmId = virtualMachineIdOf(target, names);
  const nic = armResource(networkInterfaces, {
    key: KEYS.networkInterface,
    id: siblingsOf(vmId).nic,
    stage: 'VirtualMachine',
    desired: { location: target.location, subnetId: target.subnetId },
  });
  const vm = armResource(virtualMachines, {
    key: KEYS.virtualMachine,
    id: vmId,
    stage: 'VirtualMachine',
    dependsOn: [nic],
    desired: (o) => ({
      location: target.location,
      vmSize: spec.vmSize,
      ...IMAGES[spec.os],
      computerName: names.computerName,
      adminUsername: spec.adminUsername,
      ...(password ? { adminPassword: password.value } : {}),
      ...(spec.sshPublicKey === undefined ? {} : { sshPublicKey: spec.sshPublicKey }),
      networkInterfaceId: o.get(nic).id,
      ...credentialTags(input),
    }),
  });
  const nodes: PlanNode[] = [nic, vm];
  let settled: PlanNode = vm;
  if (input.enforcePower) {
    settled = armAction(spec.powerState === 'Running' ? startVirtualMachine : deallocateVirtualMachine, {
      key: KEYS.powerState,
      id: vmId,
      stage: 'VirtualMachine',
      dependsOn: [vm],
      params: {},
    });
    nodes.push(settled);
  }
  // A stopped VM gets rotated credentials when it runs again (see pendingReset). Both resets put the same VMAccess
  // extension (Azure allows one per handler), so they run one after the other.
  if (password && input.runningAfter) {
    settled = armAction(resetVirtualMachinePassword, {
      key: KEYS.adminPassword,
      id: vmId,
      stage: 'VirtualMachine',
      dependsOn: [settled],
      params: {
        location: target.location,
        osType: IMAGES[spec.os].osType,
        adminUsername: spec.adminUsername,
        password: password.value,
        version: password.version,
      },
    });
    nodes.push(settled);
  }
  if (spec.sshPublicKey !== undefined && input.runningAfter) {
    nodes.push(
      armAction(resetVirtualMachineSshKey, {
        key: KEYS.sshPublicKey,
        id: vmId,
        stage: 'VirtualMachine',
        dependsOn: [settled],
        params: { location: target.location, adminUsername: spec.adminUsername, sshPublicKey: spec.sshPublicKey },
      }),
    );
  }
  if (spec.autoShutdown) {
    const { time, timeZone } = spec.autoShutdown;
    nodes.push(
      armResource(autoShutdownSchedules, {
        key: KEYS.autoShutdownSchedule,
        id: siblingsOf(vmId).schedule,
        stage: 'VirtualMachine',
        dependsOn: [vm],
        desired: { location: target.location, targetResourceId: vmId, time, timeZoneId: timeZone },
      }),
    );
  }
  return [...nodes, ...bastionNodes(input)];
}

/** The VM and what hangs off it, from the VM id alone (what a delete works from): schedule, VM, then NIC. */
export function planVirtualMachineTeardown(vmId: string, what: { readonly schedule: boolean; readonly vm: boolean }): PlanNode[] {
  const ids = siblingsOf(vmId);
  const schedule = armResource(autoShutdownSchedules, { key: KEYS.autoShutdownSchedule, id: ids.schedule, stage: 'VirtualMachine', desired: throwOnApply });
  if (!what.vm) return what.schedule ? [schedule] : [];
  const nic = armResource(networkInterfaces, { key: KEYS.networkInterface, id: ids.nic, stage: 'VirtualMachine', desired: throwOnApply });
  const vm = armResource(virtualMachines, { key: KEYS.virtualMachine, id: vmId, stage: 'VirtualMachine', dependsOn: [nic], desired: throwOnApply });
  const scheduleAfterVm = { ...schedule, dependsOn: [vm.key] };
  return [nic, vm, ...(what.schedule ? [scheduleAfterVm] : [])];
}

/** The Bastion, then its public IP (Azure refuses to delete a public IP in use). */
export function planBastionTeardown(bastionId: string): PlanNode[] {
  const publicIpId = `${groupOf(bastionId)}/providers/Microsoft.Network/publicIPAddresses/${bastionPublicIpName(bastionId.split('/').at(-1) ?? '')}`;
  const publicIp = armResource(publicIpAddresses, { key: KEYS.bastionPublicIp, id: publicIpId, stage: 'Bastion', desired: throwOnApply });
  const host = armResource(bastionHosts, { key: KEYS.bastion, id: bastionId, stage: 'Bastion', dependsOn: [publicIp], desired: throwOnApply });
  return [publicIp, host];
}
