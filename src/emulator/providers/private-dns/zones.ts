import { ipToInt } from '../../engine/cidr.ts';
import { badRequest, conflict } from '../../engine/errors.ts';
import { idKey, nameOf, parentId } from '../../engine/ids.ts';
import { requireReference } from '../../engine/references.ts';
import { asArray, asObject, asString, propertiesOf, refId } from '../../engine/render.ts';
import type { StoredResource, TypeDef, World } from '../../engine/types.ts';
import { VNET_TYPE } from '../network/common.ts';
import { ZONE_TYPE } from './records.ts';

/** api-versions of Microsoft.Network/privateDnsZones; 2024-06-01 is @azure/arm-privatedns 4's default. */
export const PRIVATE_DNS_API_VERSIONS = ['2018-09-01', '2020-01-01', '2020-06-01', '2024-06-01'] as const;

const LINK_TYPE = `${ZONE_TYPE}/virtualNetworkLinks`;
export const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'PTR', 'SOA', 'SRV', 'TXT'] as const;

/** Private DNS: PUT/PATCH/DELETE answer 202 `{}` with both operation headers; ETags are bare GUIDs. */
const privateDnsType = (type: string, def: Partial<TypeDef>): TypeDef => ({
  type,
  apiVersions: PRIVATE_DNS_API_VERSIONS,
  patterns: { put: 'private-dns', delete: 'private-dns', patch: 'private-dns' },
  operationUrls: {
    namespace: 'Microsoft.Network',
    scope: 'resourceGroup',
    statusSegment: 'privateDnsOperationStatuses',
    resultSegment: 'privateDnsOperationResults',
  },
  etag: 'bare',
  location: 'global',
  states: { create: 'Creating', update: 'Updating', delete: 'Deleting' },
  ...def,
});

const recordSetsOf = (world: World, zoneId: string): StoredResource[] =>
  world.store.childrenOf(zoneId).filter((r) => RECORD_TYPES.some((t) => r.type.toLowerCase() === `${ZONE_TYPE}/${t}`.toLowerCase()));

const linksOf = (world: World, zoneId: string): StoredResource[] => world.store.childrenOf(zoneId, LINK_TYPE);

function soaRecord(zone: StoredResource): StoredResource {
  const id = `${zone.id}/SOA/@`;
  return {
    id,
    type: `${ZONE_TYPE}/SOA`,
    body: {
      id,
      name: '@',
      type: `${ZONE_TYPE}/SOA`,
      etag: crypto.randomUUID(),
      properties: {
        ttl: 3600,
        fqdn: `${nameOf(zone.id)}.`,
        soaRecord: {
          email: 'azureprivatedns-host.microsoft.com',
          expireTime: 2419200,
          host: 'azureprivatedns.net',
          minimumTtl: 10,
          refreshTime: 3600,
          retryTime: 300,
          serialNumber: 1,
        },
        isAutoRegistered: false,
      },
    },
    internal: {},
  };
}

export const privateDnsZones: TypeDef = privateDnsType(ZONE_TYPE, {
  prepare(w) {
    const name = nameOf(w.id);
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i.test(name)) {
      throw badRequest('InvalidZoneName', `The zone name '${name}' is not a valid DNS name with at least two labels.`);
    }
    const props = propertiesOf(w.resource.body);
    props['maxNumberOfRecordSets'] = 25000;
    props['maxNumberOfVirtualNetworkLinks'] = 1000;
    props['maxNumberOfVirtualNetworkLinksWithRegistration'] = 100;
    props['internalId'] = asString(w.existing ? propertiesOf(w.existing.body)['internalId'] : undefined) ?? Buffer.from(w.id).toString('base64');
    if (!w.existing) w.world.store.set(soaRecord(w.resource));
  },
  render(body, r, world) {
    const props = propertiesOf(body);
    const links = linksOf(world, r.id);
    props['numberOfRecordSets'] = recordSetsOf(world, r.id).length;
    props['numberOfVirtualNetworkLinks'] = links.length;
    props['numberOfVirtualNetworkLinksWithRegistration'] = links.filter((l) => propertiesOf(l.body)['registrationEnabled'] === true).length;
  },
  guardDelete(r, world) {
    const links = linksOf(world, r.id);
    if (links.length > 0) {
      throw conflict(
        'CannotDeleteResource',
        `Cannot delete resource while nested resources exist. Some existing nested resource IDs include: ` +
          `'${links.map((l) => l.id).join("', '")}'. Please delete all nested resources before deleting this resource.`,
      );
    }
  },
  actions: {
    ALL: { method: 'GET', pattern: 'sync', listItems: (a) => recordSetsOf(a.world, a.resource.id) },
    recordsets: { method: 'GET', pattern: 'sync', listItems: (a) => recordSetsOf(a.world, a.resource.id) },
  },
});

export const virtualNetworkLinks: TypeDef = privateDnsType(LINK_TYPE, {
  prepare(w) {
    const props = propertiesOf(w.resource.body);
    const vnet = requireReference(w.world, refId(props['virtualNetwork']), 'properties.virtualNetwork.id', w.id, VNET_TYPE);
    const zoneId = parentId(w.id);
    const twin = linksOf(w.world, zoneId).find(
      (l) => idKey(l.id) !== idKey(w.id) && idKey(refId(propertiesOf(l.body)['virtualNetwork']) ?? '') === idKey(vnet.id),
    );
    if (twin) {
      throw conflict('Conflict', `A virtual network cannot be linked to the same private DNS zone more than once: ${vnet.id} is already linked by ${twin.id}.`);
    }
    props['registrationEnabled'] ??= false;
    props['resolutionPolicy'] ??= 'Default';
    props['virtualNetworkLinkState'] = 'Completed';
  },
});

function checkRecordData(type: string, props: Record<string, unknown>): void {
  if (type === 'A') {
    for (const rec of asArray(props['aRecords'])) {
      const ip = asString(asObject(rec)?.['ipv4Address']);
      if (ip === undefined || ipToInt(ip) === undefined) throw badRequest('BadRequest', `The A record value '${String(ip)}' is not a valid IPv4 address.`);
    }
  }
}

/** Record sets are synchronous (201/200), with bare ETags and no provisioningState. */
export const recordSetTypes: TypeDef[] = RECORD_TYPES.map((t) => ({
  type: `${ZONE_TYPE}/${t}`,
  apiVersions: PRIVATE_DNS_API_VERSIONS,
  patterns: { put: 'sync', delete: 'sync', patch: 'sync' },
  etag: 'bare',
  location: 'none',
  prepare(w) {
    const props = propertiesOf(w.resource.body);
    checkRecordData(t, props);
    props['ttl'] ??= 3600;
    props['fqdn'] = `${nameOf(w.id)}.${nameOf(parentId(w.id))}.`.replace(/^@\./, '');
    props['isAutoRegistered'] = false;
  },
  guardDelete(r) {
    if (t === 'SOA') throw badRequest('BadRequest', `The SOA record set of ${parentId(r.id)} cannot be deleted.`);
  },
}));
