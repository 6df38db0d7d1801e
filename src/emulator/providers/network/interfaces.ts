import { badRequest } from '../../engine/errors.ts';
import { idKey, nameOf } from '../../engine/ids.ts';
import { findReferrers, requireProperty, requireReference } from '../../engine/references.ts';
import { asArray, asObject, asString, propertiesOf, refId } from '../../engine/render.ts';
import type { TypeDef, World } from '../../engine/types.ts';
import { allocateIp, claimStaticIp, networkType, NIC_TYPE, setOrDelete, SUBNET_TYPE, usedIps } from './common.ts';

const PIP_TYPE = 'Microsoft.Network/publicIPAddresses';

/**
 * A NIC's ip configurations each get a private IP from their subnet: the one they had (same subnet), the static one
 * asked for, or the first free address. A NIC created by a private endpoint is owned by it (`internal.managedBy`).
 */
export const networkInterfaces: TypeDef = networkType(NIC_TYPE, {
  prepare(w) {
    const { world, id } = w;
    const props = propertiesOf(w.resource.body);
    const configs = asArray(props['ipConfigurations']).map((c) => asObject(c) ?? {});
    if (configs.length === 0) throw badRequest('InvalidRequestFormat', `Network interface ${id} must have at least one ip configuration.`);
    const previous = new Map(
      asArray(w.existing ? propertiesOf(w.existing.body)['ipConfigurations'] : []).map((c) => [
        String(asObject(c)?.['name']).toLowerCase(),
        asObject(asObject(c)?.['properties']) ?? {},
      ]),
    );
    const taken = new Map<string, Set<number>>();
    const decorated = configs.map((cfg, i) => {
      const name = requireProperty(asString(cfg['name']), `properties.ipConfigurations[${i}].name`);
      const p = structuredClone(asObject(cfg['properties']) ?? {});
      const subnetId = refId(p['subnet']);
      const subnet = requireReference(world, subnetId, `properties.ipConfigurations[${i}].properties.subnet.id`, id, SUBNET_TYPE);
      const pip = refId(p['publicIPAddress']);
      if (pip !== undefined) requireReference(world, pip, `properties.ipConfigurations[${i}].properties.publicIPAddress.id`, id, PIP_TYPE);
      const key = idKey(subnet.id);
      if (!taken.has(key)) taken.set(key, usedIps(world, subnet.id, id));
      const used = taken.get(key)!;
      const before = previous.get(name.toLowerCase());
      const method = asString(p['privateIPAllocationMethod']) ?? 'Dynamic';
      if (method === 'Static') claimStaticIp(subnet, requireProperty(asString(p['privateIPAddress']), 'privateIPAddress'), used);
      else if (before && idKey(refId(before['subnet']) ?? '') === key && typeof before['privateIPAddress'] === 'string') {
        p['privateIPAddress'] = before['privateIPAddress'];
      } else p['privateIPAddress'] = allocateIp(world, subnet, used);
      Object.assign(p, { privateIPAllocationMethod: method, privateIPAddressVersion: 'IPv4', primary: i === 0, provisioningState: 'Succeeded' });
      return { name, id: `${id}/ipConfigurations/${name}`, type: `${NIC_TYPE}/ipConfigurations`, properties: p };
    });
    const nsg = refId(props['networkSecurityGroup']);
    if (nsg !== undefined) requireReference(world, nsg, 'properties.networkSecurityGroup.id', id, 'Microsoft.Network/networkSecurityGroups');
    props['ipConfigurations'] = decorated;
    props['nicType'] ??= 'Standard';
    props['enableAcceleratedNetworking'] ??= false;
    props['enableIPForwarding'] ??= false;
    props['resourceGuid'] ??= w.existing ? propertiesOf(w.existing.body)['resourceGuid'] : crypto.randomUUID();
  },
  render(body, r, world) {
    const vm = findReferrers(world, r.id, 'networkInterfaces').find((u) => u.type.toLowerCase() === 'microsoft.compute/virtualmachines');
    const owner = asString(r.internal['managedBy']);
    setOrDelete(propertiesOf(body), 'virtualMachine', vm ? { id: vm.id } : undefined);
    setOrDelete(propertiesOf(body), 'privateEndpoint', owner ? { id: owner } : undefined);
  },
  guardDelete(r, world) {
    const owner = asString(r.internal['managedBy']);
    if (owner && world.store.get(owner)) {
      throw badRequest(
        'CannotDeleteNicOfPrivateEndpoint',
        `Network interface ${r.id} belongs to private endpoint ${owner} and is deleted with it.`,
      );
    }
    const vm = findReferrers(world, r.id, 'networkInterfaces').find((u) => u.type.toLowerCase() === 'microsoft.compute/virtualmachines');
    if (vm) {
      throw badRequest(
        'NicInUse',
        `Network Interface ${r.id} is used by existing resource ${vm.id}. In order to delete the network interface, it must be dissociated from the resource.`,
      );
    }
  },
});

/** A free address of the documentation range TEST-NET-3: looks public, never routes anywhere. */
function freePublicIp(world: World): string {
  const used = new Set(world.store.ofType(PIP_TYPE).map((p) => asString(propertiesOf(p.body)['ipAddress'])));
  for (let i = 1; i < 255; i++) if (!used.has(`203.0.113.${i}`)) return `203.0.113.${i}`;
  throw badRequest('PublicIPCountLimitReached', 'The emulator has no public IP address left to allocate.');
}

export const publicIPAddresses: TypeDef = networkType(PIP_TYPE, {
  prepare(w) {
    const props = propertiesOf(w.resource.body);
    const sku = asObject(w.resource.body['sku']) ?? { name: 'Standard', tier: 'Regional' };
    w.resource.body['sku'] = sku;
    props['publicIPAllocationMethod'] ??= sku['name'] === 'Standard' ? 'Static' : 'Dynamic';
    props['publicIPAddressVersion'] ??= 'IPv4';
    props['idleTimeoutInMinutes'] ??= 4;
    const before = w.existing ? asString(propertiesOf(w.existing.body)['ipAddress']) : undefined;
    props['ipAddress'] = before ?? freePublicIp(w.world);
    props['resourceGuid'] ??= w.existing ? propertiesOf(w.existing.body)['resourceGuid'] : crypto.randomUUID();
  },
  render(body, r, world) {
    const user = findReferrers(world, r.id, 'publicIPAddress')[0];
    const cfg = asArray(asObject(user?.body['properties'])?.['ipConfigurations'])
      .map((c) => asObject(c) ?? {})
      .find((c) => idKey(refId(asObject(c['properties'])?.['publicIPAddress']) ?? '') === idKey(r.id));
    setOrDelete(propertiesOf(body), 'ipConfiguration', user ? { id: asString(cfg?.['id']) ?? user.id } : undefined);
  },
  guardDelete(r, world) {
    const users = findReferrers(world, r.id, 'publicIPAddress');
    if (users.length > 0) {
      throw badRequest(
        'PublicIPAddressCannotBeDeleted',
        `Public IP address ${r.id} can not be deleted since it is still allocated to resource ${users[0]!.id}. ` +
          'In order to delete the public IP, disassociate/detach the Public IP address from the resource.',
      );
    }
  },
});

/** Name of the NIC Azure creates for a private endpoint when no custom name is given. */
export const privateEndpointNicName = (endpointId: string): string => `${nameOf(endpointId)}.nic.${crypto.randomUUID()}`;

