import type { TypeDef } from '../../engine/types.ts';
import { bastionHosts } from './bastion-hosts.ts';
import { networkInterfaces, publicIPAddresses } from './interfaces.ts';
import { privateDnsZoneGroups, privateEndpoints } from './private-endpoints.ts';
import { networkSecurityGroups } from './security-groups.ts';
import { subnets, virtualNetworks } from './virtual-networks.ts';

/** Microsoft.Network resource types (Private DNS is in ../private-dns). */
export const networkTypes: readonly TypeDef[] = [
  virtualNetworks,
  subnets,
  networkSecurityGroups,
  networkInterfaces,
  publicIPAddresses,
  privateEndpoints,
  privateDnsZoneGroups,
  bastionHosts,
];
