import type { PublicIPAddress } from '@azure/arm-network';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

/** Only Bastion gets a public IP; the jump box VM never does. */
export interface PublicIpAddressSpec {
  readonly location: string;
  readonly sku?: 'Standard' | 'Basic';
  readonly tags?: Record<string, string>;
}

export interface PublicIpAddressOutput {
  readonly id: string;
  readonly name: string;
  readonly ipAddress: string | undefined;
}

const args = (id: string) => rgAndNames(id, 'publicIPAddresses');

const body = (spec: PublicIpAddressSpec): PublicIPAddress =>
  withTags(
    { location: spec.location, sku: { name: spec.sku ?? 'Standard' }, publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
    spec.tags,
  );

export const publicIpAddresses = defineResourceAdapter<PublicIpAddressSpec, PublicIPAddress, PublicIpAddressOutput>({
  key: 'Microsoft.Network/publicIPAddresses',
  noun: 'PublicIpAddress',
  get: ({ clients }, id, opts) => clients.network.publicIPAddresses.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.network.publicIPAddresses.createOrUpdate(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.network.publicIPAddresses.delete(...args(id), opts),
  owned: body,
  immutable: ['location', 'sku'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[1], ipAddress: o.ipAddress }),
});
