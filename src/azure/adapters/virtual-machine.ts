// The jump box VM. The admin password passes through to ARM on create and nowhere else: it is not compared (ARM
// never returns it), not in the output, and not in any error this adapter raises.
import type { VirtualMachine } from '@azure/arm-compute';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

export interface VirtualMachineSpec {
  readonly location: string;
  readonly vmSize: string;
  readonly osType: 'Windows' | 'Linux';
  readonly image: { readonly publisher: string; readonly offer: string; readonly sku: string; readonly version: string };
  readonly computerName: string;
  readonly adminUsername: string;
  /** Required for Windows; optional for Linux with an SSH key. Never logged, compared or output. */
  readonly adminPassword?: string;
  readonly sshPublicKey?: string;
  readonly networkInterfaceId: string;
  readonly osDiskType?: 'Standard_LRS' | 'StandardSSD_LRS' | 'Premium_LRS';
  /**
   * 'Windows_Client' for Windows 10/11 client images: Azure runs them only under multi-tenant hosting rights
   * (Windows Enterprise E3/E5 or VDA per user), which the VM declares this way. Changeable in place.
   */
  readonly licenseType?: 'Windows_Client';
  /** 'TrustedLaunch' for Windows 11 images (Gen2). */
  readonly securityType?: 'TrustedLaunch';
  readonly tags?: Record<string, string>;
}

export interface VirtualMachineOutput {
  readonly id: string;
  readonly name: string;
  readonly vmId: string | undefined;
  readonly networkInterfaceId: string;
}

const args = (id: string) => rgAndNames(id, 'virtualMachines');

/** Everything except credentials: what is compared, and what create sends plus the credentials. */
function owned(spec: VirtualMachineSpec): VirtualMachine {
  return withTags(
    {
      location: spec.location,
      hardwareProfile: { vmSize: spec.vmSize },
      ...(spec.licenseType === undefined ? {} : { licenseType: spec.licenseType }),
      storageProfile: {
        imageReference: { ...spec.image },
        osDisk: {
          createOption: 'FromImage',
          deleteOption: 'Delete',
          managedDisk: { storageAccountType: spec.osDiskType ?? 'StandardSSD_LRS' },
        },
      },
      osProfile: { computerName: spec.computerName, adminUsername: spec.adminUsername },
      networkProfile: { networkInterfaces: [{ id: spec.networkInterfaceId, primary: true }] },
      ...(spec.securityType
        ? { securityProfile: { securityType: spec.securityType, uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } }
        : {}),
    },
    spec.tags,
  );
}

function createBody(spec: VirtualMachineSpec): VirtualMachine {
  const base = owned(spec);
  const linux = spec.sshPublicKey
    ? {
        linuxConfiguration: {
          disablePasswordAuthentication: spec.adminPassword === undefined,
          ssh: { publicKeys: [{ path: `/home/${spec.adminUsername}/.ssh/authorized_keys`, keyData: spec.sshPublicKey }] },
        },
      }
    : {};
  return {
    ...base,
    osProfile: { ...base.osProfile, ...(spec.adminPassword === undefined ? {} : { adminPassword: spec.adminPassword }), ...linux },
  };
}

export const virtualMachines = defineResourceAdapter<VirtualMachineSpec, VirtualMachine, VirtualMachineOutput>({
  key: 'Microsoft.Compute/virtualMachines',
  noun: 'VirtualMachine',
  get: ({ clients }, id, opts) => clients.compute.virtualMachines.get(...args(id), opts),
  put: ({ clients }, id, spec, observed, opts) => {
    if (observed === undefined) return clients.compute.virtualMachines.createOrUpdate(...args(id), createBody(spec), opts);
    // Size, license type and tags change in place (PATCH); everything else owned is immutable (checked before we get here).
    const licensed = spec.licenseType === undefined ? {} : { licenseType: spec.licenseType };
    const update = withTags({ hardwareProfile: { vmSize: spec.vmSize }, ...licensed }, spec.tags);
    return clients.compute.virtualMachines.update(...args(id), update, opts);
  },
  delete: ({ clients }, id, opts) => clients.compute.virtualMachines.delete(...args(id), opts),
  owned,
  immutable: ['location', 'storageProfile', 'osProfile', 'networkProfile', 'securityProfile'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({
    id: o.id ?? id,
    name: o.name ?? args(id)[1],
    vmId: o.vmId,
    networkInterfaceId: o.networkProfile?.networkInterfaces?.[0]?.id ?? '',
  }),
});

