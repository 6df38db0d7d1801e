import { badRequest } from '../../engine/errors.ts';
import { newEtag } from '../../engine/etag.ts';
import { idKey, nameOf, parentId } from '../../engine/ids.ts';
import { requireProperty, requireReference } from '../../engine/references.ts';
import { asArray, asObject, asString, propertiesOf, refId } from '../../engine/render.ts';
import type { JsonObject, StoredResource, TypeDef, WriteContext } from '../../engine/types.ts';
import { removeOwnedRecords, upsertARecord, ZONE_GROUP_TTL, ZONE_TYPE } from '../private-dns/records.ts';
import { allocateIp, networkType, NIC_TYPE, SUBNET_TYPE, usedIps } from './common.ts';
import { linkMembers, recordNameInZone } from './private-link-targets.ts';

const PE_TYPE = 'Microsoft.Network/privateEndpoints';
const ZONE_GROUP_TYPE = `${PE_TYPE}/privateDnsZoneGroups`;

function decorateConnections(peId: string, raw: unknown[], segment: string, manual: boolean): JsonObject[] {
  return raw.map((c) => {
    const conn = structuredClone(asObject(c) ?? {});
    const name = asString(conn['name']) ?? '';
    const p = asObject(conn['properties']) ?? {};
    p['privateLinkServiceConnectionState'] ??= manual
      ? { status: 'Pending', description: asString(p['requestMessage']) ?? '', actionsRequired: 'None' }
      : { status: 'Approved', description: 'Auto-Approved', actionsRequired: 'None' };
    p['provisioningState'] = 'Succeeded';
    return { name, id: `${peId}/${segment}/${name}`, type: `${PE_TYPE}/${segment}`, etag: newEtag('weak'), properties: p };
  });
}

/**
 * A private endpoint gets a NIC in its subnet with one IP per member of the target's link group, and publishes
 * `customDnsConfigs` (FQDN → IP) that its zone group turns into A records.
 */
function prepareEndpoint(w: WriteContext): void {
  const { world, id } = w;
  const props = propertiesOf(w.resource.body);
  const subnet = requireReference(world, refId(props['subnet']), 'properties.subnet.id', id, SUBNET_TYPE);
  const previousSubnet = w.existing ? refId(propertiesOf(w.existing.body)['subnet']) : undefined;
  if (previousSubnet && idKey(previousSubnet) !== idKey(subnet.id)) {
    throw badRequest('PrivateEndpointSubnetCannotBeChanged', `The subnet of private endpoint ${id} cannot be changed.`);
  }
  const auto = asArray(props['privateLinkServiceConnections']);
  const manual = asArray(props['manualPrivateLinkServiceConnections']);
  if (auto.length + manual.length !== 1) {
    throw badRequest('InvalidPrivateEndpointConnectionCount', `Private endpoint ${id} must have exactly one private link service connection.`);
  }
  const conn = asObject([...auto, ...manual][0]) ?? {};
  requireProperty(asString(conn['name']), 'properties.privateLinkServiceConnections[0].name');
  const cp = asObject(conn['properties']) ?? {};
  const target = requireReference(world, cp['privateLinkServiceId'], 'properties.privateLinkServiceConnections[0].properties.privateLinkServiceId', id);
  const groupIds = asArray(cp['groupIds']).filter((g): g is string => typeof g === 'string');
  if (groupIds.length > 1) {
    throw badRequest(
      'OnlyOneGroupIdPermitted',
      `Private link service connection ${id}/privateLinkServiceConnections/${String(conn['name'])} has the following group Ids: ` +
        `${groupIds.join(', ')}. Only one group Id is permitted when connecting to a first-party resource (${target.id}).`,
    );
  }
  if (groupIds.length !== 1) {
    throw badRequest('InvalidPrivateLinkServiceConnectionGroupId', `Private endpoint ${id} must name exactly one group id of ${target.id}.`);
  }
  const members = linkMembers(target, groupIds[0]!);

  const rgId = id.slice(0, id.toLowerCase().indexOf('/providers/'));
  const nicId =
    asString(w.existing?.internal['nicId']) ??
    `${rgId}/providers/Microsoft.Network/networkInterfaces/${asString(props['customNetworkInterfaceName']) ?? `${nameOf(id)}.nic.${crypto.randomUUID()}`}`;
  const previousNic = world.store.get(nicId);
  const previousConfigs = asArray(previousNic ? propertiesOf(previousNic.body)['ipConfigurations'] : []).map((c) => asObject(c) ?? {});
  const before = previousConfigs.map((c) => asObject(c['properties']) ?? {});
  // Each member keeps its ip configuration (name and IP) across updates of the endpoint.
  const configNames = new Map(
    previousConfigs.map((c) => [String(asObject(asObject(c['properties'])?.['privateLinkConnectionProperties'])?.['requiredMemberName']), String(c['name'])]),
  );
  const taken = usedIps(world, subnet.id, nicId);
  const ips = members.map((m) => {
    const kept = before.find((b) => asObject(b['privateLinkConnectionProperties'])?.['requiredMemberName'] === m.member);
    const ip = asString(kept?.['privateIPAddress']);
    return ip ?? allocateIp(world, subnet, taken);
  });

  const location = asString(w.resource.body['location']);
  const nic: StoredResource = {
    id: nicId,
    type: NIC_TYPE,
    body: {
      id: nicId,
      name: nameOf(nicId),
      type: NIC_TYPE,
      ...(location ? { location } : {}),
      etag: newEtag('weak'),
      properties: {
        provisioningState: 'Succeeded',
        ipConfigurations: members.map((m, i) => {
          const cfgName = configNames.get(m.member) ?? `privateEndpointIpConfig.${crypto.randomUUID()}`;
          return {
            name: cfgName,
            id: `${nicId}/ipConfigurations/${cfgName}`,
            type: `${NIC_TYPE}/ipConfigurations`,
            properties: {
              provisioningState: 'Succeeded',
              privateIPAddress: ips[i],
              privateIPAllocationMethod: 'Dynamic',
              subnet: { id: subnet.id },
              primary: i === 0,
              privateIPAddressVersion: 'IPv4',
              privateLinkConnectionProperties: { groupId: groupIds[0], requiredMemberName: m.member, fqdns: m.fqdns },
            },
          };
        }),
        nicType: 'Standard',
        enableAcceleratedNetworking: false,
        enableIPForwarding: false,
      },
    },
    internal: { managedBy: id },
  };
  world.store.set(nic);
  w.resource.internal['nicId'] = nicId;
  w.resource.internal['connectionGuid'] ??= crypto.randomUUID();
  props['networkInterfaces'] = [{ id: nicId }];
  props['customDnsConfigs'] = members.flatMap((m, i) => m.fqdns.map((fqdn) => ({ fqdn, ipAddresses: [ips[i]] })));
  props['privateLinkServiceConnections'] = decorateConnections(id, auto, 'privateLinkServiceConnections', false);
  props['manualPrivateLinkServiceConnections'] = decorateConnections(id, manual, 'manualPrivateLinkServiceConnections', true);
  props['ipConfigurations'] ??= [];
  props['customNetworkInterfaceName'] ??= '';
}

export const privateEndpoints: TypeDef = networkType(PE_TYPE, {
  prepare: prepareEndpoint,
  onDeleted(r, world) {
    const nicId = asString(r.internal['nicId']);
    if (nicId) world.removeTree(nicId);
  },
});

/**
 * A zone group writes an A record for each FQDN of its endpoint into the configured zone serving it, and removes
 * those records when it goes (or is rewritten).
 */
export const privateDnsZoneGroups: TypeDef = networkType(ZONE_GROUP_TYPE, {
  location: 'none',
  prepare(w) {
    const { world, id } = w;
    const endpoint = world.store.get(parentId(id))!;
    const props = propertiesOf(w.resource.body);
    const configs = asArray(props['privateDnsZoneConfigs']).map((c) => structuredClone(asObject(c) ?? {}));
    if (configs.length === 0 || configs.length > 5) {
      throw badRequest('InvalidPrivateDnsZoneConfigCount', `Private DNS zone group ${id} must have between 1 and 5 zone configs.`);
    }
    const others = world.store.childrenOf(endpoint.id, ZONE_GROUP_TYPE).filter((g) => idKey(g.id) !== idKey(id));
    if (others.length > 0) {
      throw badRequest('MoreThanOneDnsZoneGroupNotAllowed', `Cannot create more than one private dns zone groups in the private endpoint ${endpoint.id}.`);
    }
    const names = configs.map((c) => String(c['name'] ?? '').toLowerCase()).filter((n) => n !== '');
    if (new Set(names).size !== names.length) {
      throw badRequest('InvalidRequestFormat', `Cannot parse the request: private DNS zone group ${id} has two zone configs with the same name.`);
    }
    const zones = configs.map((c, i) =>
      requireReference(world, asObject(c['properties'])?.['privateDnsZoneId'], `properties.privateDnsZoneConfigs[${i}].properties.privateDnsZoneId`, id, ZONE_TYPE),
    );
    removeOwnedRecords(world, asArray(w.existing?.internal['records']) as string[], id);
    const written: string[] = [];
    const recordSets: JsonObject[][] = configs.map(() => []);
    for (const dns of asArray(propertiesOf(endpoint.body)['customDnsConfigs']).map((d) => asObject(d) ?? {})) {
      const fqdn = asString(dns['fqdn']) ?? '';
      const ips = asArray(dns['ipAddresses']).filter((ip): ip is string => typeof ip === 'string');
      const index = zones.findIndex((z) => recordNameInZone(fqdn, asString(z.body['name']) ?? '') !== undefined);
      if (index < 0) continue;
      const zone = zones[index]!;
      const name = recordNameInZone(fqdn, asString(zone.body['name']) ?? '')!;
      written.push(upsertARecord(world, zone, name, ips, id));
      recordSets[index]!.push({ recordType: 'A', recordSetName: name, fqdn: `${name}.${asString(zone.body['name'])}`, ttl: ZONE_GROUP_TTL, ipAddresses: ips, provisioningState: 'Succeeded' });
    }
    w.resource.internal['records'] = written;
    props['privateDnsZoneConfigs'] = configs.map((c, i) => ({
      name: asString(c['name']) ?? asString(zones[i]!.body['name']),
      id: `${id}/privateDnsZoneConfigs/${asString(c['name']) ?? asString(zones[i]!.body['name'])}`,
      properties: { ...(asObject(c['properties']) ?? {}), recordSets: recordSets[i] },
    }));
  },
  onDeleted(r, world) {
    removeOwnedRecords(world, asArray(r.internal['records']) as string[], r.id);
  },
});
