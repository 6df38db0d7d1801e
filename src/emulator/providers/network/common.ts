import { cidrContains, cidrOverlaps, firstFreeIp, intToIp, ipToInt, isAssignable, parseCidr, type Cidr } from '../../engine/cidr.ts';
import { badRequest } from '../../engine/errors.ts';
import { idKey, parentId } from '../../engine/ids.ts';
import { asArray, asObject, asString, refId } from '../../engine/render.ts';
import type { JsonObject, StoredResource, TypeDef, World } from '../../engine/types.ts';

/** api-versions of Microsoft.Network; 2026-01-01 is @azure/arm-network 39's default. */
export const NETWORK_API_VERSIONS = [
  '2020-11-01', '2021-02-01', '2021-03-01', '2021-05-01', '2021-08-01', '2022-01-01', '2022-05-01', '2022-07-01',
  '2022-09-01', '2022-11-01', '2023-02-01', '2023-04-01', '2023-05-01', '2023-06-01', '2023-09-01', '2023-11-01',
  '2024-01-01', '2024-03-01', '2024-05-01', '2024-07-01', '2024-10-01', '2025-01-01', '2025-03-01', '2025-05-01',
  '2025-07-01', '2026-01-01',
] as const;

/** Network's contract: PUT 201/200 `Updating` + Azure-AsyncOperation, DELETE 202 + both headers, weak ETags. */
export function networkType(type: string, def: Partial<TypeDef>): TypeDef {
  return {
    type,
    apiVersions: NETWORK_API_VERSIONS,
    patterns: { put: 'async-operation', delete: 'async-operation', patch: 'sync' },
    operationUrls: { namespace: 'Microsoft.Network', scope: 'location', statusSegment: 'operations', resultSegment: 'operationResults' },
    etag: 'weak',
    location: 'required',
    states: { create: 'Updating', update: 'Updating', delete: 'Deleting' },
    ...def,
  };
}

export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
export const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
export const NIC_TYPE = 'Microsoft.Network/networkInterfaces';

/** All prefixes of a subnet body (`addressPrefix` or `addressPrefixes`). */
export function subnetPrefixes(properties: JsonObject | undefined): string[] {
  const single = asString(properties?.['addressPrefix']);
  const many = asArray(properties?.['addressPrefixes']).filter((p): p is string => typeof p === 'string');
  return single ? [single, ...many.filter((p) => p !== single)] : many;
}

export function parsePrefixes(prefixes: readonly string[], path: string): Cidr[] {
  return prefixes.map((p) => {
    const c = parseCidr(p);
    if (!c) throw badRequest('InvalidAddressPrefixFormat', `Address prefix ${p} at '${path}' does not have a valid CIDR format.`, path);
    return c;
  });
}

/** Subnet rules Azure enforces: inside the VNet's address space and not overlapping a sibling. */
export function checkSubnetPlacement(
  vnetId: string,
  vnetSpace: readonly Cidr[],
  subnetName: string,
  prefixes: readonly string[],
  siblings: ReadonlyArray<{ name: string; prefixes: readonly string[] }>,
): void {
  if (prefixes.length === 0) {
    throw badRequest('NetcfgInvalidSubnet', `Subnet '${subnetName}' is not valid in virtual network '${vnetId}': it has no address prefix.`);
  }
  const mine = parsePrefixes(prefixes, `subnets/${subnetName}/addressPrefix`);
  mine.forEach((c, i) => {
    if (!vnetSpace.some((space) => cidrContains(space, c))) {
      throw badRequest(
        'NetcfgSubnetRangeOutsideVnet',
        `Subnet '${subnetName}' is not valid because its IP address range ${prefixes[i]} is outside the IP address range of virtual network '${vnetId}'.`,
      );
    }
  });
  for (const sib of siblings) {
    if (sib.name.toLowerCase() === subnetName.toLowerCase()) continue;
    const theirs = parsePrefixes(sib.prefixes, `subnets/${sib.name}/addressPrefix`);
    mine.forEach((c, i) => {
      theirs.forEach((t, j) => {
        if (cidrOverlaps(c, t)) {
          throw badRequest(
            'NetcfgSubnetRangesOverlap',
            `Subnet '${subnetName}' is not valid because its IP address range ${prefixes[i]} overlaps with that of an existing subnet '${sib.name}' (${sib.prefixes[j]}) in virtual network '${vnetId}'.`,
          );
        }
      });
    });
  }
}

export const vnetAddressSpace = (vnet: StoredResource): Cidr[] =>
  parsePrefixes(
    asArray(asObject(asObject(vnet.body['properties'])?.['addressSpace'])?.['addressPrefixes']).filter((p): p is string => typeof p === 'string'),
    'properties.addressSpace.addressPrefixes',
  );

/** Private IPs already taken in a subnet, by every NIC ip configuration (private endpoint NICs included). */
export function usedIps(world: World, subnetId: string, exceptNic?: string): Set<number> {
  const used = new Set<number>();
  for (const nic of world.store.ofType(NIC_TYPE)) {
    if (exceptNic && idKey(nic.id) === idKey(exceptNic)) continue;
    for (const cfg of asArray(asObject(nic.body['properties'])?.['ipConfigurations'])) {
      const p = asObject(asObject(cfg)?.['properties']);
      const ip = ipToInt(asString(p?.['privateIPAddress']) ?? '');
      if (ip !== undefined && idKey(refId(p?.['subnet']) ?? '') === idKey(subnetId)) used.add(ip);
    }
  }
  return used;
}

/** First free address of the subnet after Azure's reserved ones; 400 SubnetIsFull when none is left. */
export function allocateIp(world: World, subnet: StoredResource, taken: Set<number>): string {
  const cidr = parsePrefixes(subnetPrefixes(asObject(subnet.body['properties'])), 'addressPrefix')[0]!;
  const ip = firstFreeIp(cidr, taken);
  if (ip === undefined) throw badRequest('SubnetIsFull', `Subnet ${subnet.id} has no free IP address left.`);
  taken.add(ip);
  return intToIp(ip);
}

/** Validates a static private IP for a subnet. */
export function claimStaticIp(subnet: StoredResource, ip: string, taken: Set<number>): void {
  const cidr = parsePrefixes(subnetPrefixes(asObject(subnet.body['properties'])), 'addressPrefix')[0]!;
  const n = ipToInt(ip);
  if (n === undefined || !isAssignable(n, cidr)) {
    throw badRequest('PrivateIPAddressNotInSubnet', `IP address ${ip} does not belong to subnet ${subnet.id}.`);
  }
  if (taken.has(n)) throw badRequest('PrivateIPAddressInUse', `IP configuration is using the private IP address ${ip} which is already allocated to another resource.`);
  taken.add(n);
}

export const vnetOfSubnet = (world: World, subnetId: string): StoredResource | undefined => world.store.get(parentId(subnetId));

/** Gives each inline child (ipConfigurations, securityRules…) its id, type and provisioningState. */
export function decorateChildren(ownerId: string, items: unknown[], segment: string, type: string): JsonObject[] {
  return items.map((raw) => {
    const item = structuredClone(asObject(raw) ?? {});
    const name = asString(item['name']) ?? '';
    const properties = asObject(item['properties']) ?? {};
    properties['provisioningState'] = 'Succeeded';
    return { ...item, name, id: `${ownerId}/${segment}/${name}`, type, properties };
  });
}

/** Sets a property computed at read time, or removes a stale copy a PATCH may have stored. */
export function setOrDelete(target: JsonObject, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}
