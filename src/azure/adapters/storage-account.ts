import type { StorageAccount, StorageAccountCreateParameters } from '@azure/arm-storage';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

/** Secure defaults: no public network access, no anonymous blobs, TLS 1.2, network rules deny by default. */
export interface StorageAccountSpec {
  readonly location: string;
  readonly sku: 'Standard_LRS' | 'Standard_ZRS' | 'Standard_GRS' | 'Standard_RAGRS' | 'Premium_LRS';
  readonly kind?: 'StorageV2' | 'BlobStorage' | 'FileStorage' | 'BlockBlobStorage';
  readonly publicNetworkAccess?: 'Enabled' | 'Disabled';
  readonly allowBlobPublicAccess?: boolean;
  readonly allowSharedKeyAccess?: boolean;
  readonly minimumTlsVersion?: 'TLS1_2' | 'TLS1_3';
  readonly networkDefaultAction?: 'Allow' | 'Deny';
  /** e.g. 'AzureServices' so trusted services (the ML workspace) reach the account. */
  readonly networkBypass?: string;
  /**
   * Resource instances admitted through the firewall by their managed identity (seed 003, "Resource instances"):
   * narrower than the trusted-services bypass. A rule may name a resource that does not exist yet.
   */
  readonly resourceAccessRules?: readonly StorageAccountResourceAccessRule[];
  readonly isHnsEnabled?: boolean;
  readonly tags?: Record<string, string>;
}

export interface StorageAccountResourceAccessRule {
  readonly tenantId: string;
  readonly resourceId: string;
}

export interface StorageAccountOutput {
  readonly id: string;
  readonly name: string;
  readonly primaryEndpoints: Readonly<Record<string, string>>;
}

const args = (id: string) => rgAndNames(id, 'storageAccounts');

function body(spec: StorageAccountSpec): StorageAccountCreateParameters {
  return withTags(
    {
      location: spec.location,
      sku: { name: spec.sku },
      kind: spec.kind ?? 'StorageV2',
      enableHttpsTrafficOnly: true,
      publicNetworkAccess: spec.publicNetworkAccess ?? 'Disabled',
      allowBlobPublicAccess: spec.allowBlobPublicAccess ?? false,
      minimumTlsVersion: spec.minimumTlsVersion ?? 'TLS1_2',
      networkRuleSet: {
        defaultAction: spec.networkDefaultAction ?? 'Deny',
        bypass: spec.networkBypass ?? 'AzureServices',
        ...(spec.resourceAccessRules === undefined
          ? {}
          : { resourceAccessRules: spec.resourceAccessRules.map(({ tenantId, resourceId }) => ({ tenantId, resourceId })) }),
      },
      ...(spec.allowSharedKeyAccess === undefined ? {} : { allowSharedKeyAccess: spec.allowSharedKeyAccess }),
      ...(spec.isHnsEnabled === undefined ? {} : { isHnsEnabled: spec.isHnsEnabled }),
    },
    spec.tags,
  );
}

export const storageAccounts = defineResourceAdapter<StorageAccountSpec, StorageAccount, StorageAccountOutput>({
  key: 'Microsoft.Storage/storageAccounts',
  noun: 'StorageAccount',
  get: ({ clients }, id, opts) => clients.storage.storageAccounts.getProperties(...args(id), opts),
  // Storage's PUT updates an existing account with the properties given (create is idempotent).
  put: ({ clients }, id, spec, _observed, opts) => clients.storage.storageAccounts.create(...args(id), body(spec), opts),
  delete: ({ clients }, id, opts) => clients.storage.storageAccounts.delete(...args(id), opts),
  owned: body,
  immutable: ['location', 'kind', 'isHnsEnabled'],
  provisioningState: (o) => o.provisioningState,
  output: (o, id) => ({
    id: o.id ?? id,
    name: o.name ?? args(id)[1],
    primaryEndpoints: Object.fromEntries(
      Object.entries(o.primaryEndpoints ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
  }),
});
