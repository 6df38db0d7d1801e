import type { Registry } from '@azure/arm-containerregistry';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

export interface ContainerRegistrySpec {
  readonly location: string;
  /** Private endpoints need Premium. */
  readonly sku: 'Basic' | 'Standard' | 'Premium';
  readonly adminUserEnabled?: boolean;
  readonly publicNetworkAccess?: 'Enabled' | 'Disabled';
  readonly networkRuleBypassOptions?: 'AzureServices' | 'None';
  readonly tags?: Record<string, string>;
}

export interface ContainerRegistryOutput {
  readonly id: string;
  readonly name: string;
  readonly loginServer: string | undefined;
}

const args = (id: string) => rgAndNames(id, 'registries');

const body = (spec: ContainerRegistrySpec): Registry =>
  withTags(
    {
      location: spec.location,
      sku: { name: spec.sku },
      adminUserEnabled: spec.adminUserEnabled ?? false,
      publicNetworkAccess: spec.publicNetworkAccess ?? 'Disabled',
      networkRuleBypassOptions: spec.networkRuleBypassOptions ?? 'AzureServices',
    },
    spec.tags,
  );

export const containerRegistries = defineResourceAdapter<ContainerRegistrySpec, Registry, ContainerRegistryOutput>({
  key: 'Microsoft.ContainerRegistry/registries',
  noun: 'ContainerRegistry',
  get: ({ clients }, id, opts) => clients.registry.registries.get(...args(id), opts),
  put: ({ clients }, id, spec, _observed, opts) => clients.registry.registries.create(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.registry.registries.delete(...args(id), opts),
  owned: body,
  immutable: ['location'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[1], loginServer: o.loginServer }),
});
