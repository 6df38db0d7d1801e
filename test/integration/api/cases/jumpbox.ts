import type { AcceptedCase, RejectedCase } from './case.ts';

/** Rows on top of bases.jumpBoxSpec (Windows11 with a password Secret in the workspace VNet). */

const SUBNET_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub/subnets/jump';
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVx4ZbmGnTuhFHhf1VLShGaUJAVyxpp8UEWkxYkgYPb me@laptop';
const ubuntu = (spec: Record<string, unknown>) => ({ spec: { os: 'Ubuntu2204', ...spec } });

export const jumpBoxRejected: RejectedCase[] = [
  { name: 'workspaceRef or subnetId is required', patch: { spec: { workspaceRef: null } }, expect: ['spec', 'exactly one of workspaceRef and subnetId is required'] },
  { name: 'workspaceRef and subnetId together', patch: { spec: { subnetId: SUBNET_ID } }, expect: ['spec', 'exactly one of workspaceRef and subnetId is required'] },
  { name: 'subnetId must be a subnet id', patch: { spec: { workspaceRef: null, subnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub' } }, expect: ['spec.subnetId', 'must be an ARM subnet id'] },
  { name: 'Windows11 needs adminPasswordSecretRef', patch: { spec: { adminPasswordSecretRef: null } }, expect: ['spec', 'adminPasswordSecretRef is required for os Windows11'] },
  { name: 'Windows11 takes no sshPublicKey', patch: { spec: { sshPublicKey: SSH_KEY } }, expect: ['spec.sshPublicKey', 'sshPublicKey is only supported for os Ubuntu2204'] },
  { name: 'Ubuntu2204 needs a password Secret or an SSH key', patch: ubuntu({ adminPasswordSecretRef: null }), expect: ['spec', 'os Ubuntu2204 needs adminPasswordSecretRef or sshPublicKey'] },
  { name: 'sshPublicKey must be an OpenSSH public key', patch: ubuntu({ sshPublicKey: '-----BEGIN PUBLIC KEY-----' }), expect: ['spec.sshPublicKey', 'should match'] },
  { name: 'adminPasswordSecretRef.name is required', patch: { spec: { adminPasswordSecretRef: { name: null, key: 'password' } } }, expect: ['spec.adminPasswordSecretRef.name: Required value'] },
  { name: 'os is Windows11 or Ubuntu2204', patch: { spec: { os: 'Windows10' } }, expect: ['spec.os: Unsupported value: "Windows10"'] },
  { name: 'adminUsername Administrator is reserved (any case)', patch: { spec: { adminUsername: 'Administrator' } }, expect: ['spec.adminUsername', "must not be one of Azure's reserved names"] },
  { name: 'adminUsername root is reserved', patch: ubuntu({ adminUsername: 'root' }), expect: ['spec.adminUsername', 'reserved names'] },
  { name: 'adminUsername guest is reserved', patch: { spec: { adminUsername: 'guest' } }, expect: ['spec.adminUsername', 'reserved names'] },
  { name: 'adminUsername at most 20 characters on Windows', patch: { spec: { adminUsername: 'a-very-long-user-name' } }, expect: ['spec.adminUsername', 'at most 20 characters for os Windows11'] },
  { name: 'adminUsername cannot end with a period', patch: { spec: { adminUsername: 'ops.' } }, expect: ['spec.adminUsername', 'should match'] },
  { name: 'autoShutdown.time is HH:MM', patch: { spec: { autoShutdown: { time: '7pm' } } }, expect: ['spec.autoShutdown.time', 'should match'] },
  { name: 'autoShutdown.time hour below 24', patch: { spec: { autoShutdown: { time: '24:00' } } }, expect: ['spec.autoShutdown.time', 'should match'] },
  { name: 'autoShutdown.time minutes below 60', patch: { spec: { autoShutdown: { time: '19:60' } } }, expect: ['spec.autoShutdown.time', 'should match'] },
  { name: 'autoShutdown needs a time', patch: { spec: { autoShutdown: { timeZone: 'UTC' } } }, expect: ['spec.autoShutdown.time: Required value'] },
  { name: 'bastion.sku is Basic or Standard', patch: { spec: { bastion: { sku: 'Premium' } } }, expect: ['spec.bastion.sku: Unsupported value: "Premium"'] },
  { name: 'powerState is Running or Deallocated', patch: { spec: { powerState: 'Stopped' } }, expect: ['spec.powerState: Unsupported value: "Stopped"'] },
];

export const jumpBoxAccepted: AcceptedCase[] = [
  { name: 'the base Windows11 jump box', patch: {} },
  { name: 'Ubuntu2204 with an SSH key only', patch: ubuntu({ adminPasswordSecretRef: null, sshPublicKey: SSH_KEY }) },
  { name: 'Ubuntu2204 with a 21-character user name', patch: ubuntu({ adminUsername: 'a-very-long-user-name' }) },
  { name: 'an explicit subnet instead of a workspace', patch: { spec: { workspaceRef: null, subnetId: SUBNET_ID } } },
  { name: 'every field set', patch: { spec: { vmSize: 'Standard_B2ms', adminUsername: 'mladmin', adminPasswordSecretRef: { name: 'jb', key: 'pw' }, bastion: { enabled: false, sku: 'Basic' }, autoShutdown: { time: '23:59', timeZone: 'W. Europe Standard Time' }, powerState: 'Deallocated', deletionPolicy: 'Retain' } } },
];
