import type { PrivateZone } from '@azure/arm-privatedns';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

/** Private DNS zones are global; the name is the zone, e.g. privatelink.vaultcore.azure.net. */
export interface PrivateDnsZoneSpec {
  readonly tags?: Record<string, string>;
}

export interface PrivateDnsZoneOutput {
  readonly id: string;
  readonly name: string;
}

const args = (id: string) => rgAndNames(id, 'privateDnsZones');
const body = (spec: PrivateDnsZoneSpec): PrivateZone => withTags({ location: 'global' }, spec.tags);

export const privateDnsZones = defineResourceAdapter<PrivateDnsZoneSpec, PrivateZone, PrivateDnsZoneOutput>({
  key: 'Microsoft.Network/privateDnsZones',
  noun: 'PrivateDnsZone',
  get: ({ clients }, id, opts) => clients.privateDns.privateZones.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.privateDns.privateZones.createOrUpdate(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.privateDns.privateZones.delete(...args(id), opts),
  owned: body,
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[1] }),
});
