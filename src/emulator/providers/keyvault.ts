import { ArmError, badRequest, conflict } from '../engine/errors.ts';
import { idKey, nameOf } from '../engine/ids.ts';
import { asObject, asString, propertiesOf } from '../engine/render.ts';
import type { StoredResource, TypeDef, World } from '../engine/types.ts';
import { privateEndpointConnections } from './network/private-link-targets.ts';

const VAULT_TYPE = 'Microsoft.KeyVault/vaults';
const DELETED_TYPE = 'Microsoft.KeyVault/locations/deletedVaults';

/** api-versions of Microsoft.KeyVault; 2026-02-01 is @azure/arm-keyvault 5's default. */
export const KEYVAULT_API_VERSIONS = [
  '2019-09-01', '2021-10-01', '2022-07-01', '2023-02-01', '2023-07-01', '2024-11-01', '2025-05-01', '2026-02-01',
] as const;

const KV_OPERATION_URLS = {
  namespace: 'Microsoft.KeyVault',
  scope: 'location',
  statusSegment: 'operationStatuses',
  resultSegment: 'operationResults',
} as const;

const deletedId = (world: World, location: string, name: string): string =>
  `/subscriptions/${world.subscriptionId}/providers/Microsoft.KeyVault/locations/${location}/deletedVaults/${name}`;

const findDeleted = (world: World, name: string): StoredResource | undefined =>
  world.store.ofType(DELETED_TYPE).find((d) => nameOf(d.id).toLowerCase() === name.toLowerCase());

/**
 * Key Vault: create answers 200 with provisioningState `RegisteringDns` and no header (clients re-GET); updates and
 * deletes are synchronous. Deleting a soft-delete vault keeps its name reserved as a deleted vault until purged:
 * creating one with that name is 409 `ConflictError` unless `createMode: recover`, which brings it back. A vault
 * with purge protection cannot be purged before its scheduled purge date.
 */
export const vaults: TypeDef = {
  type: VAULT_TYPE,
  apiVersions: KEYVAULT_API_VERSIONS,
  patterns: { put: 'body', update: 'sync', delete: 'sync', patch: 'sync' },
  operationUrls: KV_OPERATION_URLS,
  location: 'required',
  states: { create: 'RegisteringDns', update: 'Succeeded', delete: 'Deleting' },
  prepare(w) {
    const { world } = w;
    const name = nameOf(w.id);
    if (!/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(name)) {
      throw badRequest(
        'VaultNameNotValid',
        `The vault name '${name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. ` +
          'The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.',
      );
    }
    const other = world.store.ofType(VAULT_TYPE).find((v) => nameOf(v.id).toLowerCase() === name.toLowerCase() && idKey(v.id) !== idKey(w.id));
    if (other) throw conflict('VaultAlreadyExists', `The vault name '${name}' is already in use. Vault names are globally unique.`);
    w.resource.body['tags'] ??= {};
    const props = propertiesOf(w.resource.body);
    const createMode = asString(props['createMode']);
    delete props['createMode'];
    const deleted = w.existing ? undefined : findDeleted(world, name);
    if (deleted && createMode !== 'recover') {
      // Azure's own message, then how to get out of it.
      throw conflict('ConflictError', "Exist soft deleted vault with the same name. Recover it (createMode 'recover') or purge it first.");
    }
    if (!deleted && !w.existing && createMode === 'recover') {
      throw new ArmError(404, 'DeletedVaultNotFound', `No soft-deleted vault named '${name}' exists to recover.`);
    }
    if (deleted) {
      const snapshot = asObject(deleted.internal['vault']) ?? {};
      Object.assign(props, { ...propertiesOf(snapshot), ...props });
      world.store.delete(deleted.id);
    }
    const before = w.existing ? propertiesOf(w.existing.body) : {};
    if (before['enablePurgeProtection'] === true && props['enablePurgeProtection'] === false) {
      throw badRequest(
        'BadRequest',
        "The property \"enablePurgeProtection\" cannot be set to false. Enabling the purge protection for a vault is an irreversible action.",
      );
    }
    if (before['enableSoftDelete'] !== false && w.existing && props['enableSoftDelete'] === false) {
      throw badRequest('BadRequest', 'The property "enableSoftDelete" cannot be set to false. Enabling soft delete for a vault is an irreversible action.');
    }
    props['tenantId'] ??= world.tenantId;
    props['sku'] ??= { family: 'A', name: 'standard' };
    props['accessPolicies'] ??= [];
    props['enableSoftDelete'] ??= true;
    props['softDeleteRetentionInDays'] ??= 90;
    props['enableRbacAuthorization'] ??= true;
    props['publicNetworkAccess'] ??= 'Enabled';
    props['vaultUri'] = `https://${name.toLowerCase()}.vault.azure.net/`;
  },
  render(body, r, world) {
    propertiesOf(body)['privateEndpointConnections'] = privateEndpointConnections(world, r);
  },
  onDeleted(r, world) {
    const props = propertiesOf(r.body);
    if (props['enableSoftDelete'] === false) return;
    const location = asString(r.body['location']) ?? 'global';
    const id = deletedId(world, location, nameOf(r.id));
    const now = world.now();
    const days = typeof props['softDeleteRetentionInDays'] === 'number' ? props['softDeleteRetentionInDays'] : 90;
    world.store.set({
      id,
      type: DELETED_TYPE,
      body: {
        id,
        name: nameOf(r.id),
        type: 'Microsoft.KeyVault/deletedVaults',
        properties: {
          vaultId: r.id,
          location,
          deletionDate: new Date(now).toISOString(),
          scheduledPurgeDate: new Date(now + days * 86_400_000).toISOString(),
          tags: r.body['tags'] ?? {},
          purgeProtectionEnabled: props['enablePurgeProtection'] === true,
        },
      },
      internal: { vault: structuredClone(r.body) },
    });
  },
};

export const deletedVaults: TypeDef = {
  type: DELETED_TYPE,
  apiVersions: KEYVAULT_API_VERSIONS,
  patterns: { put: 'sync', delete: 'sync' },
  operationUrls: KV_OPERATION_URLS,
  location: 'none',
  readOnly: true,
  virtualParent: true,
  actions: {
    purge: {
      method: 'POST',
      pattern: 'location',
      begin(a) {
        const props = propertiesOf(a.resource.body);
        const purgeDate = Date.parse(String(props['scheduledPurgeDate']));
        if (props['purgeProtectionEnabled'] === true && a.world.now() < purgeDate) {
          throw conflict(
            'ConflictError',
            `Vault '${nameOf(a.resource.id)}' has purge protection enabled and cannot be purged before its scheduled purge date ${String(props['scheduledPurgeDate'])}.`,
          );
        }
      },
      complete(a) {
        a.world.store.delete(a.resource.id);
        return undefined;
      },
    },
  },
};

/** `GET /subscriptions/{s}/providers/Microsoft.KeyVault/deletedVaults`: every soft-deleted vault. */
export const deletedVaultList: TypeDef = {
  type: 'Microsoft.KeyVault/deletedVaults',
  apiVersions: KEYVAULT_API_VERSIONS,
  patterns: { put: 'sync', delete: 'sync' },
  location: 'none',
  readOnly: true,
  list: (l) => l.world.store.ofType(DELETED_TYPE),
};
