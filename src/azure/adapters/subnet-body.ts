// Subnet properties shared by the inline (VNet) and standalone subnet adapters.
import type { Subnet } from '@azure/arm-network';

export interface SubnetProperties {
  readonly addressPrefix: string;
  readonly networkSecurityGroupId?: string;
  /** 'Disabled' (ARM default) lets private endpoints ignore NSGs/UDRs on the subnet. */
  readonly privateEndpointNetworkPolicies?: 'Disabled' | 'Enabled' | 'NetworkSecurityGroupEnabled' | 'RouteTableEnabled';
  /** false = no default outbound internet (a private subnet). */
  readonly defaultOutboundAccess?: boolean;
}

/** The subnet fields the operator owns, in the SDK's shape. */
export function subnetFields(p: SubnetProperties): Subnet {
  return {
    addressPrefix: p.addressPrefix,
    ...(p.networkSecurityGroupId === undefined ? {} : { networkSecurityGroup: { id: p.networkSecurityGroupId } }),
    ...(p.privateEndpointNetworkPolicies === undefined ? {} : { privateEndpointNetworkPolicies: p.privateEndpointNetworkPolicies }),
    ...(p.defaultOutboundAccess === undefined ? {} : { defaultOutboundAccess: p.defaultOutboundAccess }),
  };
}

/**
 * What to send for a subnet: the observed subnet (so associations others made, e.g. a route table from the hub
 * team, survive), overridden by the fields we own.
 */
export function mergeSubnet(observed: Subnet | undefined, name: string, p: SubnetProperties): Subnet {
  return { ...(observed ?? {}), name, ...subnetFields(p) };
}
