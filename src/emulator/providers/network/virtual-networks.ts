import { badRequest } from '../../engine/errors.ts';
import { newEtag } from '../../engine/etag.ts';
import { idKey, nameOf, parentId } from '../../engine/ids.ts';
import { findReferrers, requireReference } from '../../engine/references.ts';
import { asArray, asObject, asString, propertiesOf, refId, renderResource } from '../../engine/render.ts';
import type { JsonObject, StoredResource, TypeDef, World, WriteContext } from '../../engine/types.ts';
import { checkSubnetPlacement, networkType, NIC_TYPE, setOrDelete, SUBNET_TYPE, subnetPrefixes, vnetAddressSpace, VNET_TYPE } from './common.ts';

/** Resources using a subnet: NIC ip configurations (private endpoint NICs too), endpoints, Bastion, ML computes. */
export const subnetUsers = (world: World, subnetId: string): StoredResource[] => findReferrers(world, subnetId, 'subnet');

function inUseSubnet(subnetId: string, users: StoredResource[]): Error {
  return badRequest(
    'InUseSubnetCannotBeDeleted',
    `Subnet ${nameOf(subnetId)} is in use by ${users.map((u) => u.id).join(', ')} and cannot be deleted. ` +
      'In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.',
  );
}

/** A subnet in use keeps its address range: Azure refuses to move it under its NICs and endpoints. */
function checkPrefixChange(world: World, previous: StoredResource | undefined, prefixes: readonly string[]): void {
  if (!previous) return;
  const before = subnetPrefixes(asObject(previous.body['properties']));
  if (before.join(',') === prefixes.join(',')) return;
  const users = subnetUsers(world, previous.id);
  if (users.length > 0) {
    throw badRequest(
      'InUseSubnetCannotBeUpdated',
      `Subnet ${nameOf(previous.id)} is in use by ${users.map((u) => u.id).join(', ')} and its address prefix cannot be changed.`,
    );
  }
}

function checkNsgReference(world: World, properties: JsonObject, path: string, referrer: string): void {
  const nsg = properties['networkSecurityGroup'];
  if (nsg !== undefined && nsg !== null) requireReference(world, refId(nsg), path, referrer, 'Microsoft.Network/networkSecurityGroups');
}

function subnetBody(id: string, raw: JsonObject, previous: StoredResource | undefined): StoredResource {
  const properties = structuredClone(asObject(raw['properties']) ?? {});
  for (const computed of ['provisioningState', 'ipConfigurations', 'privateEndpoints']) delete properties[computed];
  properties['provisioningState'] = 'Succeeded';
  properties['privateEndpointNetworkPolicies'] ??= 'Disabled';
  properties['privateLinkServiceNetworkPolicies'] ??= 'Enabled';
  return {
    id,
    type: SUBNET_TYPE,
    body: { id, name: nameOf(id), type: SUBNET_TYPE, etag: newEtag('weak'), properties },
    internal: previous ? structuredClone(previous.internal) : {},
  };
}

/**
 * A VNet PUT carries the full subnet list: subnets it omits are deleted, as in Azure (and refused when in use).
 * Subnets are stored as child resources and rendered back inline, so both views stay consistent.
 */
function prepareVnet(w: WriteContext): void {
  const { world, id, resource } = w;
  const props = propertiesOf(resource.body);
  const space = vnetAddressSpace(resource);
  if (space.length === 0) {
    throw badRequest('InvalidAddressSpace', `Virtual network ${id} must have at least one address prefix in properties.addressSpace.addressPrefixes.`);
  }
  const requested = asArray(props['subnets']).map((s, i) => {
    const subnet = asObject(s) ?? {};
    const name = asString(subnet['name']);
    if (!name) throw badRequest('InvalidRequestFormat', `Cannot parse the request: properties.subnets[${i}].name is required.`);
    return { name, raw: subnet, prefixes: subnetPrefixes(asObject(subnet['properties'])) };
  });
  for (const s of requested) {
    checkSubnetPlacement(id, space, s.name, s.prefixes, requested);
    checkNsgReference(world, asObject(s.raw['properties']) ?? {}, `properties.subnets.${s.name}.networkSecurityGroup`, id);
  }
  const existing = world.store.childrenOf(id, SUBNET_TYPE);
  const dropped = existing.filter((e) => !requested.some((s) => s.name.toLowerCase() === nameOf(e.id).toLowerCase()));
  for (const d of dropped) {
    const users = subnetUsers(world, d.id);
    if (users.length > 0) throw inUseSubnet(d.id, users);
  }
  for (const s of requested) {
    checkPrefixChange(world, existing.find((e) => nameOf(e.id).toLowerCase() === s.name.toLowerCase()), s.prefixes);
  }
  delete props['subnets'];
  props['resourceGuid'] = (w.existing ? propertiesOf(w.existing.body)['resourceGuid'] : undefined) ?? crypto.randomUUID();
  for (const d of dropped) world.removeTree(d.id);
  for (const s of requested) {
    const previous = existing.find((e) => nameOf(e.id).toLowerCase() === s.name.toLowerCase());
    world.store.set(subnetBody(previous?.id ?? `${id}/subnets/${s.name}`, s.raw, previous));
  }
}

export const virtualNetworks: TypeDef = networkType(VNET_TYPE, {
  prepare: prepareVnet,
  render(body, r, world) {
    propertiesOf(body)['subnets'] = world.store.childrenOf(r.id, SUBNET_TYPE).map((s) => renderResource(world, s));
    const props = propertiesOf(body);
    props['virtualNetworkPeerings'] ??= [];
    props['enableDdosProtection'] ??= false;
  },
  guardDelete(r, world) {
    for (const subnet of world.store.childrenOf(r.id, SUBNET_TYPE)) {
      const users = subnetUsers(world, subnet.id);
      if (users.length > 0) throw inUseSubnet(subnet.id, users);
    }
    const links = findReferrers(world, r.id, 'virtualNetwork').filter((l) => l.type.toLowerCase() === 'microsoft.network/privatednszones/virtualnetworklinks');
    if (links.length > 0) {
      throw badRequest(
        'InUseVirtualNetworkCannotBeDeleted',
        `Virtual network ${r.id} cannot be deleted because it is in use by the private DNS zone virtual network link(s) ` +
          `${links.map((l) => l.id).join(', ')}. Delete the links first.`,
      );
    }
  },
});

export const subnets: TypeDef = networkType(SUBNET_TYPE, {
  location: 'none',
  prepare(w) {
    const vnet = w.world.store.get(parentId(w.id))!;
    const props = propertiesOf(w.resource.body);
    for (const computed of ['ipConfigurations', 'privateEndpoints']) delete props[computed];
    const siblings = w.world.store
      .childrenOf(vnet.id, SUBNET_TYPE)
      .map((s) => ({ name: nameOf(s.id), prefixes: subnetPrefixes(asObject(s.body['properties'])) }));
    checkSubnetPlacement(vnet.id, vnetAddressSpace(vnet), nameOf(w.id), subnetPrefixes(props), siblings);
    checkNsgReference(w.world, props, 'properties.networkSecurityGroup', w.id);
    checkPrefixChange(w.world, w.existing, subnetPrefixes(props));
    props['privateEndpointNetworkPolicies'] ??= 'Disabled';
    props['privateLinkServiceNetworkPolicies'] ??= 'Enabled';
  },
  render(body, r, world) {
    const props = propertiesOf(body);
    const configs: JsonObject[] = [];
    for (const nic of world.store.ofType(NIC_TYPE)) {
      for (const cfg of asArray(asObject(nic.body['properties'])?.['ipConfigurations'])) {
        const c = asObject(cfg);
        if (idKey(refId(asObject(c?.['properties'])?.['subnet']) ?? '') === idKey(r.id)) configs.push({ id: asString(c?.['id']) ?? nic.id });
      }
    }
    const endpoints = findReferrers(world, r.id, 'subnet').filter((u) => u.type.toLowerCase() === 'microsoft.network/privateendpoints');
    setOrDelete(props, 'ipConfigurations', configs.length > 0 ? configs : undefined);
    setOrDelete(props, 'privateEndpoints', endpoints.length > 0 ? endpoints.map((e) => ({ id: e.id })) : undefined);
  },
  guardDelete(r, world) {
    const users = subnetUsers(world, r.id);
    if (users.length > 0) throw inUseSubnet(r.id, users);
  },
});
