import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

export interface SecurityRuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
  readonly access: 'Allow' | 'Deny';
  readonly protocol: 'Tcp' | 'Udp' | 'Icmp' | '*';
  readonly sourceAddressPrefix?: string;
  readonly sourcePortRange?: string;
  readonly destinationAddressPrefix?: string;
  readonly destinationPortRange?: string;
  readonly destinationPortRanges?: readonly string[];
  readonly description?: string;
}

/** The NSG's rules are owned as a whole: a write sends exactly these rules. */
export interface NetworkSecurityGroupSpec {
  readonly location: string;
  readonly securityRules: readonly SecurityRuleSpec[];
  readonly tags?: Record<string, string>;
}

export interface NetworkSecurityGroupOutput {
  readonly id: string;
  readonly name: string;
}

function body(spec: NetworkSecurityGroupSpec): NetworkSecurityGroup {
  const securityRules: SecurityRule[] = spec.securityRules.map(({ destinationPortRanges, ...r }) => ({
    ...r,
    ...(destinationPortRanges ? { destinationPortRanges: [...destinationPortRanges] } : {}),
  }));
  return withTags({ location: spec.location, securityRules }, spec.tags);
}

const args = (id: string) => rgAndNames(id, 'networkSecurityGroups');

export const networkSecurityGroups = defineResourceAdapter<NetworkSecurityGroupSpec, NetworkSecurityGroup, NetworkSecurityGroupOutput>({
  key: 'Microsoft.Network/networkSecurityGroups',
  noun: 'NetworkSecurityGroup',
  get: ({ clients }, id, opts) => clients.network.networkSecurityGroups.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.network.networkSecurityGroups.createOrUpdate(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.network.networkSecurityGroups.delete(...args(id), opts),
  owned: body,
  immutable: ['location'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[1] }),
});
