import { newEtag } from '../../engine/etag.ts';
import { asString } from '../../engine/render.ts';
import type { StoredResource, World } from '../../engine/types.ts';

export const ZONE_TYPE = 'Microsoft.Network/privateDnsZones';
export const A_RECORD_TYPE = 'Microsoft.Network/privateDnsZones/A';
/** TTL Azure gives records written by a private DNS zone group. */
export const ZONE_GROUP_TTL = 10;

/**
 * Writes (or replaces) the A record set `name` in `zone`, as a private DNS zone group does; the record remembers
 * its owner so that only the owner's removal deletes it.
 */
export function upsertARecord(world: World, zone: StoredResource, name: string, ips: readonly string[], owner: string): string {
  const id = `${zone.id}/A/${name}`;
  const zoneName = asString(zone.body['name']) ?? '';
  world.store.set({
    id,
    type: A_RECORD_TYPE,
    body: {
      id,
      name,
      type: A_RECORD_TYPE,
      etag: newEtag('bare'),
      properties: {
        ttl: ZONE_GROUP_TTL,
        fqdn: `${name}.${zoneName}.`,
        aRecords: ips.map((ipv4Address) => ({ ipv4Address })),
        isAutoRegistered: false,
      },
    },
    internal: { zoneGroup: owner },
  });
  return id;
}

/** Deletes the records `owner` wrote that still belong to it. */
export function removeOwnedRecords(world: World, recordIds: readonly string[], owner: string): void {
  for (const id of recordIds) {
    const record = world.store.get(id);
    if (record && asString(record.internal['zoneGroup'])?.toLowerCase() === owner.toLowerCase()) world.store.delete(id);
  }
}
