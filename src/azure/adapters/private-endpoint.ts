import type { PrivateEndpoint } from '@azure/arm-network';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

export interface PrivateEndpointSpec {
  readonly location: string;
  readonly subnetId: string;
  /** The resource exposed through the endpoint (storage account, vault, registry, workspace). */
  readonly privateLinkServiceId: string;
  /** Sub-resource: blob, file, queue, table, vault, registry, amlworkspace. */
  readonly groupIds: readonly string[];
  /** Default `<endpoint name>-connection`. */
  readonly connectionName?: string;
  /** Name of the NIC Azure creates; default chosen by Azure. */
  readonly customNetworkInterfaceName?: string;
  readonly tags?: Record<string, string>;
}

export interface DnsConfig {
  readonly fqdn: string;
  readonly ipAddresses: readonly string[];
}

export interface PrivateEndpointOutput {
  readonly id: string;
  readonly name: string;
  readonly networkInterfaceIds: readonly string[];
  /** Every private IP of the endpoint, in the order ARM lists them. */
  readonly ipAddresses: readonly string[];
  /** FQDN → IPs, what the private DNS zones must resolve. */
  readonly customDnsConfigs: readonly DnsConfig[];
  /** Approved / Pending / Rejected / Disconnected (of the first connection). */
  readonly connectionStatus: string | undefined;
}

const args = (id: string) => rgAndNames(id, 'privateEndpoints');

function body(spec: PrivateEndpointSpec, id: string): PrivateEndpoint {
  return withTags(
    {
      location: spec.location,
      subnet: { id: spec.subnetId },
      privateLinkServiceConnections: [
        {
          name: spec.connectionName ?? `${args(id)[1]}-connection`,
          privateLinkServiceId: spec.privateLinkServiceId,
          groupIds: [...spec.groupIds],
        },
      ],
      ...(spec.customNetworkInterfaceName ? { customNetworkInterfaceName: spec.customNetworkInterfaceName } : {}),
    },
    spec.tags,
  );
}

function output(o: PrivateEndpoint, id: string): PrivateEndpointOutput {
  const customDnsConfigs = (o.customDnsConfigs ?? []).flatMap((c) =>
    c.fqdn ? [{ fqdn: c.fqdn, ipAddresses: [...(c.ipAddresses ?? [])] }] : [],
  );
  const ips = [
    ...customDnsConfigs.flatMap((c) => c.ipAddresses),
    ...(o.ipConfigurations ?? []).flatMap((c) => (c.privateIPAddress ? [c.privateIPAddress] : [])),
  ];
  return {
    id: o.id ?? id,
    name: o.name ?? args(id)[1],
    networkInterfaceIds: (o.networkInterfaces ?? []).flatMap((n) => (n.id ? [n.id] : [])),
    ipAddresses: [...new Set(ips)],
    customDnsConfigs,
    connectionStatus: (o.privateLinkServiceConnections ?? o.manualPrivateLinkServiceConnections ?? [])[0]
      ?.privateLinkServiceConnectionState?.status,
  };
}

export const privateEndpoints = defineResourceAdapter<PrivateEndpointSpec, PrivateEndpoint, PrivateEndpointOutput>({
  key: 'Microsoft.Network/privateEndpoints',
  noun: 'PrivateEndpoint',
  get: ({ clients }, id, opts) => clients.network.privateEndpoints.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.network.privateEndpoints.createOrUpdate(...args(id), body(spec, id), opts),
  delete: ({ clients }, id, opts) => clients.network.privateEndpoints.delete(...args(id), opts),
  owned: body,
  // ARM does not move an endpoint to another subnet or target: it must be recreated.
  immutable: ['location', 'subnet', 'privateLinkServiceConnections', 'customNetworkInterfaceName'],
  provisioningState: (o) => o.provisioningState,
  output,
});
