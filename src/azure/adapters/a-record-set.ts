import type { RecordSet } from '@azure/arm-privatedns';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter } from './define.ts';

/** An A record set in a private DNS zone (the "Records" DNS mode: explicit records instead of zone groups). */
export interface ARecordSetSpec {
  readonly ipv4Addresses: readonly string[];
  /** Seconds; default 10, what Azure uses for private endpoint records. */
  readonly ttl?: number;
}

export interface ARecordSetOutput {
  readonly id: string;
  readonly fqdn: string | undefined;
}

const args = (id: string) => rgAndNames(id, 'privateDnsZones', 'A');

const body = (spec: ARecordSetSpec): RecordSet => ({
  ttl: spec.ttl ?? 10,
  aRecords: spec.ipv4Addresses.map((ipv4Address) => ({ ipv4Address })),
});

export const aRecordSets = defineResourceAdapter<ARecordSetSpec, RecordSet, ARecordSetOutput>({
  key: 'Microsoft.Network/privateDnsZones/A',
  noun: 'ARecordSet',
  get: ({ clients }, id, opts) => {
    const [rg, zone, name] = args(id);
    return clients.privateDns.recordSets.get(rg, zone, 'A', name, opts);
  },
  put: ({ clients }, id, spec, _observed, opts) => {
    const [rg, zone, name] = args(id);
    return clients.privateDns.recordSets.createOrUpdate(rg, zone, 'A', name, body(spec), opts);
  },
  delete: ({ clients }, id, opts) => {
    const [rg, zone, name] = args(id);
    return clients.privateDns.recordSets.delete(rg, zone, 'A', name, opts);
  },
  owned: body,
  // Record sets have no provisioningState: a successful PUT is final.
  provisioningState: () => undefined,
  output: (o, id) => ({ id: o.id ?? id, fqdn: o.fqdn }),
});
