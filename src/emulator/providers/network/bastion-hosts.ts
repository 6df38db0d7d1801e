import { badRequest } from '../../engine/errors.ts';
import { nameOf } from '../../engine/ids.ts';
import { requireReference } from '../../engine/references.ts';
import { asArray, asObject, asString, propertiesOf, refId } from '../../engine/render.ts';
import type { TypeDef } from '../../engine/types.ts';
import { decorateChildren, networkType, parsePrefixes, SUBNET_TYPE, subnetPrefixes } from './common.ts';

const BASTION_TYPE = 'Microsoft.Network/bastionHosts';

/**
 * Bastion lives in a subnet named exactly AzureBastionSubnet of at least /26 and, except for the Developer SKU,
 * needs a public IP. The error codes are the emulator's (Azure's wording varies by api-version).
 */
export const bastionHosts: TypeDef = networkType(BASTION_TYPE, {
  prepare(w) {
    const { world, id } = w;
    const sku = asObject(w.resource.body['sku']) ?? { name: 'Basic' };
    w.resource.body['sku'] = sku;
    const developer = String(sku['name']).toLowerCase() === 'developer';
    const props = propertiesOf(w.resource.body);
    const configs = asArray(props['ipConfigurations']).map((c) => asObject(c) ?? {});
    if (!developer && configs.length !== 1) {
      throw badRequest('BastionHostIpConfigurationInvalid', `Bastion host ${id} needs exactly one ip configuration.`);
    }
    configs.forEach((cfg, i) => {
      const p = asObject(cfg['properties']) ?? {};
      const subnet = requireReference(world, refId(p['subnet']), `properties.ipConfigurations[${i}].properties.subnet.id`, id, SUBNET_TYPE);
      if (nameOf(subnet.id) !== 'AzureBastionSubnet') {
        throw badRequest(
          'BastionHostSubnetNameInvalid',
          `Bastion host ${id} must be in a subnet named AzureBastionSubnet; ${subnet.id} is not.`,
        );
      }
      const prefix = parsePrefixes(subnetPrefixes(asObject(subnet.body['properties'])), 'addressPrefix')[0];
      if (!prefix || prefix.prefixLength > 26) {
        throw badRequest('BastionHostSubnetTooSmall', `Subnet ${subnet.id} must be /26 or larger to host Azure Bastion.`);
      }
      const pip = refId(p['publicIPAddress']);
      if (pip === undefined && !developer) {
        throw badRequest('BastionHostPublicIpRequired', `Bastion host ${id} (SKU ${String(sku['name'])}) needs a public IP address.`);
      }
      if (pip !== undefined) {
        requireReference(world, pip, `properties.ipConfigurations[${i}].properties.publicIPAddress.id`, id, 'Microsoft.Network/publicIPAddresses');
      }
    });
    props['ipConfigurations'] = decorateChildren(id, configs, 'bastionHostIpConfigurations', `${BASTION_TYPE}/bastionHostIpConfigurations`);
    props['dnsName'] = asString(w.existing ? propertiesOf(w.existing.body)['dnsName'] : undefined) ?? `bst-${crypto.randomUUID()}.bastion.azure.com`;
    props['scaleUnits'] ??= 2;
  },
});
