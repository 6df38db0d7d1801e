import type { VirtualNetworkLink } from '@azure/arm-privatedns';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

/** Makes a private DNS zone resolvable from a VNet. */
export interface VirtualNetworkLinkSpec {
  readonly virtualNetworkId: string;
  /** Auto-register VM records in the zone; false for privatelink zones. */
  readonly registrationEnabled?: boolean;
  readonly tags?: Record<string, string>;
}

export interface VirtualNetworkLinkOutput {
  readonly id: string;
  readonly name: string;
}

const args = (id: string) => rgAndNames(id, 'privateDnsZones', 'virtualNetworkLinks');

const body = (spec: VirtualNetworkLinkSpec): VirtualNetworkLink =>
  withTags(
    { location: 'global', virtualNetwork: { id: spec.virtualNetworkId }, registrationEnabled: spec.registrationEnabled ?? false },
    spec.tags,
  );

export const virtualNetworkLinks = defineResourceAdapter<VirtualNetworkLinkSpec, VirtualNetworkLink, VirtualNetworkLinkOutput>({
  key: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  noun: 'VirtualNetworkLink',
  get: ({ clients }, id, opts) => clients.privateDns.virtualNetworkLinks.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) =>
    clients.privateDns.virtualNetworkLinks.createOrUpdate(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.privateDns.virtualNetworkLinks.delete(...args(id), opts),
  owned: body,
  immutable: ['virtualNetwork'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[2] }),
});
