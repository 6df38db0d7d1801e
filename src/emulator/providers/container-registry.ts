import { badRequest, conflict } from '../engine/errors.ts';
import { idKey, nameOf } from '../engine/ids.ts';
import { asObject, asString, propertiesOf } from '../engine/render.ts';
import type { TypeDef } from '../engine/types.ts';
import { privateEndpointConnections } from './network/private-link-targets.ts';

const REGISTRY_TYPE = 'Microsoft.ContainerRegistry/registries';

/** api-versions of Microsoft.ContainerRegistry; 2025-11-01 is @azure/arm-containerregistry 12's default. */
export const ACR_API_VERSIONS = [
  '2019-05-01', '2021-09-01', '2022-12-01', '2023-01-01-preview', '2023-07-01', '2023-11-01-preview', '2024-11-01-preview',
  '2025-04-01', '2025-11-01',
] as const;

/**
 * Container registries: PUT 201/200 `Creating`/`Updating` + Azure-AsyncOperation, DELETE 202. Names are 5–50
 * letters/digits, globally unique; only Premium may disable public network access or take private endpoints.
 */
export const registries: TypeDef = {
  type: REGISTRY_TYPE,
  apiVersions: ACR_API_VERSIONS,
  patterns: { put: 'async-operation', delete: 'async-operation', patch: 'sync' },
  operationUrls: { namespace: 'Microsoft.ContainerRegistry', scope: 'location', statusSegment: 'operationStatuses', resultSegment: 'operationResults' },
  location: 'required',
  states: { create: 'Creating', update: 'Updating', delete: 'Deleting' },
  prepare(w) {
    const name = nameOf(w.id);
    if (!/^[a-zA-Z0-9]{5,50}$/.test(name)) {
      throw badRequest('RegistryNameInvalid', `The registry name '${name}' is invalid: use 5 to 50 letters and digits only.`);
    }
    const other = w.world.store.ofType(REGISTRY_TYPE).find((r) => nameOf(r.id).toLowerCase() === name.toLowerCase() && idKey(r.id) !== idKey(w.id));
    if (other) throw conflict('RegistryNameNotAvailable', `The registry ${name} is already in use.`);
    const sku = asObject(w.resource.body['sku']);
    const tier = asString(sku?.['name']);
    if (!tier || !['basic', 'standard', 'premium'].includes(tier.toLowerCase())) {
      throw badRequest('InvalidSku', `The registry SKU '${String(tier)}' is invalid; use Basic, Standard or Premium.`);
    }
    sku!['tier'] = tier;
    const props = propertiesOf(w.resource.body);
    if (props['publicNetworkAccess'] === 'Disabled' && tier.toLowerCase() !== 'premium') {
      throw badRequest(
        'DisablingPublicNetworkAccessNotSupported',
        `Disabling public network access is not supported for the SKU ${tier}. For more information, please visit https://aka.ms/acr/private-link.`,
      );
    }
    const before = w.existing ? propertiesOf(w.existing.body) : {};
    props['loginServer'] = `${name.toLowerCase()}.azurecr.io`;
    props['creationDate'] = before['creationDate'] ?? new Date(w.world.now()).toISOString();
    props['adminUserEnabled'] ??= false;
    props['publicNetworkAccess'] ??= 'Enabled';
    props['networkRuleBypassOptions'] ??= 'AzureServices';
    props['zoneRedundancy'] ??= 'Disabled';
    props['dataEndpointEnabled'] ??= false;
    props['anonymousPullEnabled'] ??= false;
    props['encryption'] ??= { status: 'disabled' };
  },
  render(body, r, world) {
    propertiesOf(body)['privateEndpointConnections'] = privateEndpointConnections(world, r);
  },
};
