// Private endpoints and everything that makes their names resolve: privatelink zones, a link from each zone to
// the VNet, and either zone groups (Azure writes the A records) or explicit A records (hub zones managed elsewhere).
// A records are checked in both modes, so a record changed behind the operator's back is put back to the IP.
import { aRecordSets } from '../../azure/adapters/a-record-set.ts';
import { privateDnsZoneGroups } from '../../azure/adapters/private-dns-zone-group.ts';
import { privateDnsZones } from '../../azure/adapters/private-dns-zone.ts';
import { privateEndpoints } from '../../azure/adapters/private-endpoint.ts';
import type { PrivateEndpointOutput } from '../../azure/adapters/private-endpoint.ts';
import { virtualNetworkLinks } from '../../azure/adapters/virtual-network-link.ts';
import { resourceId } from '../../azure/resource-id.ts';
import { NotReadyError } from '../../plan/index.ts';
import type { NodeOutputs, NodeRef, PlanNode } from '../../plan/index.ts';
import { ZONE_GROUP_NAME } from './names.ts';
import { KEYS, resourceNode, userTags } from './plan-kit.ts';
import type { PlanContext } from './plan-kit.ts';
import { recordLocation, zonesFor } from './private-dns.ts';

/** A private endpoint to create: the sub-resource (group id) of a target node. */
export interface EndpointTarget {
  readonly group: string;
  readonly targetKey: string;
  readonly targetId: string;
}

/** Where the endpoints go and which VNet the zones are linked to. */
export interface NetworkAttachment {
  /** Node whose output gives the subnet (the operator's VNet, or a user subnet observed as external). */
  readonly subnetNode: string;
  subnetId(outputs: NodeOutputs): string;
  virtualNetworkId(outputs: NodeOutputs): string;
}

/** Host names each endpoint served in an earlier run (from status), by group id: their A records are planned. */
export type KnownHostNames = ReadonlyMap<string, readonly string[]>;

export function privateEndpointId(ctx: PlanContext, group: string): string {
  return ctx.id('Microsoft.Network', 'privateEndpoints', ctx.names.privateEndpoint(group));
}

export function endpointNodes(ctx: PlanContext, at: NetworkAttachment, targets: readonly EndpointTarget[]): PlanNode[] {
  const { spec } = ctx;
  return targets.map((t) =>
    resourceNode(privateEndpoints)({
      key: KEYS.privateEndpoint(t.group),
      id: privateEndpointId(ctx, t.group),
      stage: 'PrivateEndpoints',
      waitReason: 'WaitingForPrivateEndpoint',
      dependsOn: [at.subnetNode, t.targetKey],
      desired: (outputs) => ({
        location: spec.location,
        subnetId: at.subnetId(outputs),
        privateLinkServiceId: t.targetId,
        groupIds: [t.group],
        ...userTags(spec),
      }),
    }),
  );
}

function zoneId(ctx: PlanContext, zone: string): string {
  const group = ctx.spec.privateDns.zonesResourceGroup ?? ctx.spec.resourceGroup;
  return resourceId(ctx.identity.subscriptionId, group, 'Microsoft.Network', 'privateDnsZones', zone);
}

export function dnsNodes(
  ctx: PlanContext,
  at: NetworkAttachment,
  targets: readonly EndpointTarget[],
  known: KnownHostNames,
): PlanNode[] {
  const { spec, names } = ctx;
  const external = spec.privateDns.zonesResourceGroup !== undefined;
  const zoneGroups = spec.privateDns.mode === 'ZoneGroups';
  const zones = [...new Set(targets.flatMap((t) => zonesFor(t.group)))];
  const nodes: PlanNode[] = [];
  for (const zone of zones) {
    nodes.push(
      resourceNode(privateDnsZones)({
        key: KEYS.privateDnsZone(zone),
        id: zoneId(ctx, zone),
        stage: 'PrivateDns',
        waitReason: 'WaitingForPrivateDnsZone',
        // Hub zones are only looked at: never created, changed or deleted by the operator.
        ...(external ? { ownership: 'external' as const } : { dependsOn: [KEYS.resourceGroup], desired: () => userTags(spec) }),
      }),
      resourceNode(virtualNetworkLinks)({
        key: KEYS.virtualNetworkLink(zone),
        id: `${zoneId(ctx, zone)}/virtualNetworkLinks/${names.virtualNetworkLink}`,
        stage: 'PrivateDns',
        waitReason: 'WaitingForVirtualNetworkLink',
        dependsOn: [KEYS.privateDnsZone(zone), at.subnetNode],
        desired: (outputs) => ({ virtualNetworkId: at.virtualNetworkId(outputs), registrationEnabled: false, ...userTags(spec) }),
      }),
    );
  }
  for (const t of targets) {
    const endpointKey = KEYS.privateEndpoint(t.group);
    const groupZones = zonesFor(t.group);
    if (zoneGroups) {
      nodes.push(
        resourceNode(privateDnsZoneGroups)({
          key: KEYS.zoneGroup(t.group),
          id: `${privateEndpointId(ctx, t.group)}/privateDnsZoneGroups/${ZONE_GROUP_NAME}`,
          stage: 'PrivateDns',
          waitReason: 'WaitingForPrivateDnsZoneGroup',
          dependsOn: [endpointKey, ...groupZones.map((z) => KEYS.privateDnsZone(z))],
          desired: () => ({ zones: groupZones.map((z) => ({ privateDnsZoneId: zoneId(ctx, z) })) }),
        }),
      );
    }
    const endpoint: NodeRef<PrivateEndpointOutput> = { key: endpointKey };
    for (const fqdn of known.get(t.group) ?? []) {
      const where = recordLocation(fqdn, groupZones);
      if (!where) continue;
      nodes.push(
        resourceNode(aRecordSets)({
          key: KEYS.aRecord(where.zone, where.recordName),
          id: `${zoneId(ctx, where.zone)}/A/${where.recordName}`,
          stage: 'PrivateDns',
          waitReason: 'WaitingForDnsRecord',
          // With zone groups, Azure writes the record first; the node then only verifies it.
          dependsOn: [endpointKey, KEYS.privateDnsZone(where.zone), ...(zoneGroups ? [KEYS.zoneGroup(t.group)] : [])],
          desired: (outputs) => ({ ipv4Addresses: endpointIps(outputs.get(endpoint), fqdn), ttl: 10 }),
        }),
      );
    }
  }
  return nodes;
}

function endpointIps(endpoint: PrivateEndpointOutput, fqdn: string): readonly string[] {
  const config = endpoint.customDnsConfigs.find((c) => c.fqdn.toLowerCase() === fqdn.toLowerCase());
  if (!config || config.ipAddresses.length === 0) {
    throw new NotReadyError(`private endpoint '${endpoint.name}' does not serve ${fqdn} (yet)`);
  }
  return config.ipAddresses;
}
