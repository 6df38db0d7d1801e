import { badRequest } from '../../engine/errors.ts';
import { idKey, nameOf } from '../../engine/ids.ts';
import { asArray, asObject, asString } from '../../engine/render.ts';
import type { JsonObject, StoredResource, World } from '../../engine/types.ts';

/** One IP of a private endpoint: a member of the target's private link group and the FQDNs it serves. */
export interface LinkMember {
  member: string;
  fqdns: string[];
}

interface TargetKind {
  groupIds: readonly string[];
  members(target: StoredResource, groupId: string): LinkMember[];
  /** Throws when the target cannot take a private endpoint (ACR below Premium). */
  check?(target: StoredResource): void;
}

const region = (r: StoredResource): string => asString(r.body['location']) ?? 'eastus';
const lowerName = (r: StoredResource): string => nameOf(r.id).toLowerCase();

/** Private link groups of the target types the operator uses, with the FQDNs Azure publishes for each. */
const TARGETS: Record<string, TargetKind> = {
  'microsoft.storage/storageaccounts': {
    groupIds: ['blob', 'file', 'queue', 'table', 'dfs', 'web'],
    members: (t, g) => [{ member: g, fqdns: [`${lowerName(t)}.${g === 'web' ? 'z13.web' : g}.core.windows.net`] }],
  },
  'microsoft.keyvault/vaults': {
    groupIds: ['vault'],
    members: (t) => [{ member: 'default', fqdns: [`${lowerName(t)}.vault.azure.net`] }],
  },
  'microsoft.containerregistry/registries': {
    groupIds: ['registry'],
    members: (t) => [
      { member: 'registry', fqdns: [`${lowerName(t)}.azurecr.io`] },
      { member: `registry_data_${region(t)}`, fqdns: [`${lowerName(t)}.${region(t)}.data.azurecr.io`] },
    ],
    check(t) {
      const sku = asString(asObject(t.body['sku'])?.['name']) ?? 'Basic';
      if (sku.toLowerCase() !== 'premium') {
        throw badRequest(
          'PrivateLinkNotSupportedForSku',
          `Private endpoint connections are not supported for the SKU ${sku}: they need a Premium registry. For more information, please visit https://aka.ms/acr/private-link.`,
        );
      }
    },
  },
  'microsoft.machinelearningservices/workspaces': {
    groupIds: ['amlworkspace'],
    members(t) {
      const wsid = asString(asObject(t.body['properties'])?.['workspaceId']) ?? '';
      const r = region(t);
      return [
        { member: 'default', fqdns: [`${wsid}.workspace.${r}.api.azureml.ms`, `${wsid}.workspace.${r}.cert.api.azureml.ms`] },
        { member: 'notebook', fqdns: [`ml-${lowerName(t)}-${r}-${wsid}.${r}.notebooks.azure.net`] },
      ];
    },
  },
};

/** The members (one IP each) a private endpoint to `target` for `groupId` gets; 400 when the group is not offered. */
export function linkMembers(target: StoredResource, groupId: string): LinkMember[] {
  const kind = TARGETS[target.type.toLowerCase()];
  if (!kind) {
    throw badRequest('PrivateLinkServiceNotSupported', `Resource type ${target.type} does not support private endpoints in the ARM emulator.`);
  }
  const g = kind.groupIds.find((x) => x.toLowerCase() === groupId.toLowerCase());
  if (!g) {
    throw badRequest(
      'InvalidPrivateLinkServiceConnectionGroupId',
      `Group id '${groupId}' is not valid for ${target.id}. Valid group ids are: ${kind.groupIds.join(', ')}.`,
    );
  }
  kind.check?.(target);
  return kind.members(target, g);
}

/**
 * The record a private DNS zone holds for an FQDN: zone `privatelink.<suffix>` serves `<name>.<suffix>`, except Key
 * Vault whose zone is `privatelink.vaultcore.azure.net` for `*.vault.azure.net`.
 */
export function recordNameInZone(fqdn: string, zoneName: string): string | undefined {
  const zone = zoneName.toLowerCase().replace(/\.$/, '');
  if (!zone.startsWith('privatelink.')) return undefined;
  const suffixes = [zone.slice('privatelink.'.length)];
  if (suffixes[0] === 'vaultcore.azure.net') suffixes.push('vault.azure.net');
  const name = fqdn.toLowerCase();
  for (const suffix of suffixes) if (name.endsWith('.' + suffix)) return name.slice(0, -(suffix.length + 1));
  return undefined;
}

/**
 * The `privateEndpointConnections` a private link target shows: one per private endpoint pointing at it, with the
 * endpoint's connection state.
 */
export function privateEndpointConnections(world: World, target: StoredResource): JsonObject[] {
  const out: JsonObject[] = [];
  for (const pe of world.store.ofType('Microsoft.Network/privateEndpoints')) {
    const props = asObject(pe.body['properties']) ?? {};
    for (const raw of [...asArray(props['privateLinkServiceConnections']), ...asArray(props['manualPrivateLinkServiceConnections'])]) {
      const cp = asObject(asObject(raw)?.['properties']) ?? {};
      if (idKey(asString(cp['privateLinkServiceId']) ?? '') !== idKey(target.id)) continue;
      const name = `${nameOf(pe.id)}.${asString(pe.internal['connectionGuid']) ?? 'connection'}`;
      out.push({
        id: `${target.id}/privateEndpointConnections/${name}`,
        name,
        type: `${target.type}/privateEndpointConnections`,
        properties: {
          privateEndpoint: { id: pe.id },
          groupIds: cp['groupIds'],
          privateLinkServiceConnectionState: cp['privateLinkServiceConnectionState'],
          provisioningState: 'Succeeded',
        },
      });
    }
  }
  return out;
}
