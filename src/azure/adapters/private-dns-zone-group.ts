import type { PrivateDnsZoneGroup } from '@azure/arm-network';
import { parseResourceId, rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter } from './define.ts';

/**
 * Attaches private DNS zones to a private endpoint: Azure then writes (and on delete removes) an A record per FQDN
 * of the endpoint in the matching zone.
 */
export interface PrivateDnsZoneGroupSpec {
  readonly zones: readonly { readonly privateDnsZoneId: string; readonly name?: string }[];
}

export interface PrivateDnsZoneGroupOutput {
  readonly id: string;
  readonly name: string;
}

const args = (id: string) => rgAndNames(id, 'privateEndpoints', 'privateDnsZoneGroups');

/** 'privatelink.blob.core.windows.net' → 'privatelink-blob-core-windows-net', the portal's naming. */
function configName(zoneId: string): string {
  const zone = parseResourceId(zoneId).segments.at(-1)?.name ?? zoneId;
  return zone.replaceAll('.', '-');
}

function body(spec: PrivateDnsZoneGroupSpec): PrivateDnsZoneGroup {
  return {
    privateDnsZoneConfigs: spec.zones.map((z) => ({ name: z.name ?? configName(z.privateDnsZoneId), privateDnsZoneId: z.privateDnsZoneId })),
  };
}

export const privateDnsZoneGroups = defineResourceAdapter<PrivateDnsZoneGroupSpec, PrivateDnsZoneGroup, PrivateDnsZoneGroupOutput>({
  key: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
  noun: 'PrivateDnsZoneGroup',
  get: ({ clients }, id, opts) => clients.network.privateDnsZoneGroups.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.network.privateDnsZoneGroups.createOrUpdate(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.network.privateDnsZoneGroups.delete(...args(id), opts),
  owned: body,
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[2] }),
});
