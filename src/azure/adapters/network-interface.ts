import type { NetworkInterface } from '@azure/arm-network';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

/** A NIC for a VM: one private IP in a subnet, no public IP. */
export interface NetworkInterfaceSpec {
  readonly location: string;
  readonly subnetId: string;
  /** Static private IP; dynamic when absent. */
  readonly privateIPAddress?: string;
  readonly networkSecurityGroupId?: string;
  readonly tags?: Record<string, string>;
}

export interface NetworkInterfaceOutput {
  readonly id: string;
  readonly name: string;
  readonly privateIp: string | undefined;
}

const args = (id: string) => rgAndNames(id, 'networkInterfaces');

const body = (spec: NetworkInterfaceSpec): NetworkInterface =>
  withTags(
    {
      location: spec.location,
      ipConfigurations: [
        {
          name: 'ipconfig1',
          primary: true,
          subnet: { id: spec.subnetId },
          privateIPAllocationMethod: spec.privateIPAddress ? 'Static' : 'Dynamic',
          ...(spec.privateIPAddress ? { privateIPAddress: spec.privateIPAddress } : {}),
        },
      ],
      ...(spec.networkSecurityGroupId ? { networkSecurityGroup: { id: spec.networkSecurityGroupId } } : {}),
    },
    spec.tags,
  );

export const networkInterfaces = defineResourceAdapter<NetworkInterfaceSpec, NetworkInterface, NetworkInterfaceOutput>({
  key: 'Microsoft.Network/networkInterfaces',
  noun: 'NetworkInterface',
  get: ({ clients }, id, opts) => clients.network.networkInterfaces.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.network.networkInterfaces.createOrUpdate(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.network.networkInterfaces.delete(...args(id), opts),
  owned: body,
  immutable: ['location'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[1], privateIp: o.ipConfigurations?.[0]?.privateIPAddress }),
});
