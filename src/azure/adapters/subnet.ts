import type { Subnet } from '@azure/arm-network';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter } from './define.ts';
import { mergeSubnet, subnetFields } from './subnet-body.ts';
import type { SubnetProperties } from './subnet-body.ts';

/** A subnet managed on its own, e.g. in a VNet the operator does not own. */
export type SubnetSpec = SubnetProperties;

export interface SubnetOutput {
  readonly id: string;
  readonly name: string;
  readonly addressPrefix: string | undefined;
}

const args = (id: string) => rgAndNames(id, 'virtualNetworks', 'subnets');

export const subnets = defineResourceAdapter<SubnetSpec, Subnet, SubnetOutput>({
  key: 'Microsoft.Network/virtualNetworks/subnets',
  noun: 'Subnet',
  get: ({ clients }, id, opts) => clients.network.subnets.get(...args(id), opts),
  put: ({ clients }, id, spec, observed, opts) =>
    clients.network.subnets.createOrUpdate(...args(id), mergeSubnet(observed, args(id)[2], spec), opts),
  delete: ({ clients }, id, opts) => clients.network.subnets.delete(...args(id), opts),
  owned: subnetFields,
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[2], addressPrefix: o.addressPrefix ?? o.addressPrefixes?.[0] }),
});
