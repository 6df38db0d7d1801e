import type { VirtualNetwork } from '@azure/arm-network';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';
import { mergeSubnet, subnetFields } from './subnet-body.ts';
import type { SubnetProperties } from './subnet-body.ts';

export interface InlineSubnetSpec extends SubnetProperties {
  readonly name: string;
}

/**
 * A VNet with its subnets inline: a VNet PUT without its subnets would delete them, so every write carries the
 * subnets listed here merged with those that exist and are not listed (created by someone else: kept untouched).
 */
export interface VirtualNetworkSpec {
  readonly location: string;
  readonly addressPrefixes: readonly string[];
  readonly subnets: readonly InlineSubnetSpec[];
  readonly dnsServers?: readonly string[];
  readonly tags?: Record<string, string>;
}

export interface VirtualNetworkOutput {
  readonly id: string;
  readonly name: string;
  /** Subnet ids by subnet name (every subnet of the VNet). */
  readonly subnetIds: Readonly<Record<string, string>>;
}

const args = (id: string) => rgAndNames(id, 'virtualNetworks');

function owned(spec: VirtualNetworkSpec): VirtualNetwork {
  return withTags(
    {
      location: spec.location,
      addressSpace: { addressPrefixes: [...spec.addressPrefixes] },
      subnets: spec.subnets.map((s) => ({ name: s.name, ...subnetFields(s) })),
      ...(spec.dnsServers ? { dhcpOptions: { dnsServers: [...spec.dnsServers] } } : {}),
    },
    spec.tags,
  );
}

function body(spec: VirtualNetworkSpec, observed: VirtualNetwork | undefined): VirtualNetwork {
  const existing = observed?.subnets ?? [];
  const named = new Set(spec.subnets.map((s) => s.name.toLowerCase()));
  const find = (name: string) => existing.find((s) => s.name?.toLowerCase() === name.toLowerCase());
  return {
    ...owned(spec),
    subnets: [
      ...spec.subnets.map((s) => mergeSubnet(find(s.name), s.name, s)),
      ...existing.filter((s) => !named.has(s.name?.toLowerCase() ?? '')),
    ],
  };
}

export const virtualNetworks = defineResourceAdapter<VirtualNetworkSpec, VirtualNetwork, VirtualNetworkOutput>({
  key: 'Microsoft.Network/virtualNetworks',
  noun: 'VirtualNetwork',
  get: ({ clients }, id, opts) => clients.network.virtualNetworks.get(...args(id), opts),
  put: ({ clients }, id, spec, observed, opts) =>
    clients.network.virtualNetworks.createOrUpdate(...args(id), body(spec, observed), opts),
  delete: ({ clients }, id, opts) => clients.network.virtualNetworks.delete(...args(id), opts),
  owned,
  immutable: ['location'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({
    id: o.id ?? id,
    name: o.name ?? args(id)[1],
    subnetIds: Object.fromEntries(
      (o.subnets ?? []).flatMap((s) => (s.name ? [[s.name, s.id ?? `${o.id ?? id}/subnets/${s.name}`]] : [])),
    ),
  }),
});
