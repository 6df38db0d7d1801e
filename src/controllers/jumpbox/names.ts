// Deterministic Azure names for one JumpBox, so a restarted operator finds what an earlier run created. VM names
// carry a short hash of subscription/namespace/name: JumpBoxes of the same name in two namespaces may share a
// resource group. The Bastion is named after the VNet: Azure allows one per VNet, so jump boxes share it.
import { autoShutdownScheduleName } from '../../azure/index.ts';
import { identityHash } from '../secureworkspace/index.ts';
import type { WorkspaceIdentity } from '../secureworkspace/index.ts';

export interface JumpBoxNames {
  readonly virtualMachine: string;
  readonly networkInterface: string;
  readonly autoShutdownSchedule: string;
  /** The host name inside the VM: Windows allows 15 characters and not only digits. */
  readonly computerName: string;
}

export interface BastionNames {
  readonly bastion: string;
  readonly publicIp: string;
}

const MAX_STEM = 40;

/** Kubernetes names allow dots and up to 253 characters; Azure VM names want [a-z0-9-] here, at most 64. */
function stem(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_STEM)
    .replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'jumpbox' : cleaned;
}

function computerName(name: string, os: 'Windows11' | 'Ubuntu2204'): string {
  const short = stem(name)
    .slice(0, os === 'Windows11' ? 15 : 63)
    .replace(/-+$/, '');
  return /^[0-9]+$/.test(short) ? `jb${short}`.slice(0, 15) : short;
}

export function jumpBoxNames(identity: WorkspaceIdentity, os: 'Windows11' | 'Ubuntu2204'): JumpBoxNames {
  const virtualMachine = `${stem(identity.name)}-${identityHash(identity)}`;
  return {
    virtualMachine,
    networkInterface: `${virtualMachine}-nic`,
    autoShutdownSchedule: autoShutdownScheduleName(virtualMachine),
    computerName: computerName(identity.name, os),
  };
}

export function bastionPublicIpName(bastionName: string): string {
  return `${bastionName}-pip`;
}

export function bastionNames(vnetName: string): BastionNames {
  const bastion = `${vnetName}-bastion`;
  return { bastion, publicIp: bastionPublicIpName(bastion) };
}
