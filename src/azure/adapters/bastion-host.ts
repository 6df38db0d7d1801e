import type { BastionHost } from '@azure/arm-network';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

export interface BastionHostSpec {
  readonly location: string;
  readonly sku?: 'Basic' | 'Standard';
  /** The VNet's subnet named AzureBastionSubnet (/26 or larger). */
  readonly subnetId: string;
  readonly publicIpAddressId: string;
  readonly tags?: Record<string, string>;
}

export interface BastionHostOutput {
  readonly id: string;
  readonly name: string;
  readonly dnsName: string | undefined;
}

const args = (id: string) => rgAndNames(id, 'bastionHosts');

const body = (spec: BastionHostSpec): BastionHost =>
  withTags(
    {
      location: spec.location,
      sku: { name: spec.sku ?? 'Standard' },
      ipConfigurations: [{ name: 'bastion-ipconfig', subnet: { id: spec.subnetId }, publicIPAddress: { id: spec.publicIpAddressId } }],
    },
    spec.tags,
  );

export const bastionHosts = defineResourceAdapter<BastionHostSpec, BastionHost, BastionHostOutput>({
  key: 'Microsoft.Network/bastionHosts',
  noun: 'BastionHost',
  get: ({ clients }, id, opts) => clients.network.bastionHosts.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.network.bastionHosts.createOrUpdate(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.network.bastionHosts.delete(...args(id), opts),
  owned: body,
  immutable: ['location', 'ipConfigurations'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[1], dnsName: o.dnsName }),
});
