import type { DeletedVault, Vault, VaultCreateOrUpdateParameters } from '@azure/arm-keyvault';
import { AdapterError } from '../errors.ts';
import { rgAndNames } from '../resource-id.ts';
import { diffSubset } from '../diff.ts';
import { defineResourceAdapter, isNotFound, withTags } from './define.ts';
import type { AdapterDeps, SdkOptions } from './define.ts';

/**
 * What to do when a vault of the same name is soft-deleted (a previous environment was deleted): 'recover' brings
 * it back with its secrets; 'purge' erases it first (impossible under purge protection); 'fail' stops and says so.
 */
export type SoftDeletedVaultPolicy = 'recover' | 'purge' | 'fail';

export interface KeyVaultSpec {
  readonly location: string;
  readonly tenantId: string;
  readonly sku?: 'standard' | 'premium';
  /** 7–90; fixed once the vault exists. */
  readonly softDeleteRetentionInDays: number;
  /** Can be turned on, never off. */
  readonly enablePurgeProtection: boolean;
  readonly enableRbacAuthorization?: boolean;
  readonly publicNetworkAccess?: 'Enabled' | 'Disabled';
  readonly networkDefaultAction?: 'Allow' | 'Deny';
  readonly networkBypass?: 'AzureServices' | 'None';
  readonly softDeleted?: SoftDeletedVaultPolicy;
  readonly tags?: Record<string, string>;
}

export interface KeyVaultOutput {
  readonly id: string;
  readonly name: string;
  readonly vaultUri: string | undefined;
}

const args = (id: string) => rgAndNames(id, 'vaults');

function body(spec: KeyVaultSpec): VaultCreateOrUpdateParameters {
  return withTags(
    {
      location: spec.location,
      properties: {
        tenantId: spec.tenantId,
        sku: { family: 'A', name: spec.sku ?? 'standard' },
        enableSoftDelete: true,
        softDeleteRetentionInDays: spec.softDeleteRetentionInDays,
        // ARM rejects an explicit false; leaving it out keeps whatever is set.
        ...(spec.enablePurgeProtection ? { enablePurgeProtection: true } : {}),
        enableRbacAuthorization: spec.enableRbacAuthorization ?? true,
        publicNetworkAccess: spec.publicNetworkAccess ?? 'Disabled',
        networkAcls: { defaultAction: spec.networkDefaultAction ?? 'Deny', bypass: spec.networkBypass ?? 'AzureServices' },
        accessPolicies: [],
      },
    },
    spec.tags,
  );
}

/** Everything we send except the access policy list, which RBAC-mode vaults leave for Azure to report. */
function owned(spec: KeyVaultSpec): unknown {
  const { accessPolicies: _ignored, ...properties } = body(spec).properties;
  return { ...body(spec), properties };
}

async function createOrRecover(deps: AdapterDeps, id: string, spec: KeyVaultSpec, opts: SdkOptions): Promise<Vault> {
  const [rg, name] = args(id);
  const vaults = deps.clients.keyVault.vaults;
  let deleted: DeletedVault | undefined;
  try {
    deleted = await vaults.getDeleted(name, spec.location, opts);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (deleted === undefined) return vaults.createOrUpdate(rg, name, body(spec), opts);
  const policy = spec.softDeleted ?? 'recover';
  if (policy === 'fail') {
    throw new AdapterError(
      'VaultSoftDeleted',
      `a soft-deleted key vault named '${name}' exists in ${spec.location}; recover or purge it, or choose the recover/purge policy`,
    );
  }
  if (policy === 'purge') {
    if (deleted.properties?.purgeProtectionEnabled) {
      const until = deleted.properties.scheduledPurgeDate?.toISOString() ?? 'its scheduled purge date';
      throw new AdapterError(
        'VaultPurgeProtected',
        `the soft-deleted key vault '${name}' has purge protection and cannot be purged before ${until}; use the recover policy`,
      );
    }
    await vaults.purgeDeleted(name, spec.location, opts);
    return vaults.createOrUpdate(rg, name, body(spec), opts);
  }
  const template = body(spec);
  const recovered = await vaults.createOrUpdate(rg, name, { ...template, properties: { ...template.properties, createMode: 'recover' } }, opts);
  // A recovery restores the old vault's settings; bring them to the spec in the same step.
  return diffSubset(owned(spec), recovered).length === 0 ? recovered : vaults.createOrUpdate(rg, name, body(spec), opts);
}

export const keyVaults = defineResourceAdapter<KeyVaultSpec, Vault, KeyVaultOutput>({
  key: 'Microsoft.KeyVault/vaults',
  noun: 'KeyVault',
  get: ({ clients }, id, opts) => clients.keyVault.vaults.get(...args(id), opts),
  put: (deps, id, spec, observed, opts) =>
    observed === undefined ? createOrRecover(deps, id, spec, opts) : deps.clients.keyVault.vaults.createOrUpdate(...args(id), body(spec), opts),
  // A deleted vault is soft-deleted: its name stays reserved until purged (see SoftDeletedVaultPolicy).
  delete: ({ clients }, id, opts) => clients.keyVault.vaults.delete(...args(id), opts),
  owned,
  immutable: ['location', 'properties.softDeleteRetentionInDays'],
  provisioningState: (o) => o.properties.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id)[1], vaultUri: o.properties.vaultUri }),
});
