import { badRequest } from '../../engine/errors.ts';
import { nameOf } from '../../engine/ids.ts';
import { requireReference } from '../../engine/references.ts';
import { asObject, asString, propertiesOf } from '../../engine/render.ts';
import type { JsonObject, TypeDef, WriteContext } from '../../engine/types.ts';
import { privateEndpointConnections } from '../network/private-link-targets.ts';
import {
  MANAGED_NETWORK_API_VERSIONS,
  ML_API_VERSIONS,
  ML_OPERATION_URLS,
  ML_PATTERNS,
  ML_STATES,
  supportsManagedNetwork,
  WORKSPACE_TYPE,
} from './common.ts';
import { normalizeRule, ruleResource, rulesMap, rulesOf } from './outbound-rules.ts';

const ISOLATION_MODES = ['Disabled', 'AllowInternetOutbound', 'AllowOnlyApprovedOutbound'];

const DEPENDENCIES: ReadonlyArray<[property: string, type: string, required: boolean]> = [
  ['storageAccount', 'Microsoft.Storage/storageAccounts', true],
  ['keyVault', 'Microsoft.KeyVault/vaults', true],
  ['applicationInsights', 'Microsoft.Insights/components', false],
  ['containerRegistry', 'Microsoft.ContainerRegistry/registries', false],
];

/**
 * `managedNetwork` at api-versions that know it: validates the isolation mode (a managed network cannot be turned
 * back off) and syncs the inline `outboundRules` map with the outboundRules child resources.
 */
function prepareManagedNetwork(w: WriteContext, props: JsonObject, before: JsonObject): void {
  const previous = asObject(before['managedNetwork']);
  if (!supportsManagedNetwork(w.apiVersion) || props['managedNetwork'] === undefined) {
    if (previous) props['managedNetwork'] = previous;
    return;
  }
  const mn = structuredClone(asObject(props['managedNetwork']) ?? {});
  const mode = asString(mn['isolationMode']) ?? 'Disabled';
  if (!ISOLATION_MODES.includes(mode)) {
    throw badRequest('ValidationError', `isolationMode '${mode}' is not valid; expected one of ${ISOLATION_MODES.join(', ')}.`);
  }
  const previousMode = asString(previous?.['isolationMode']) ?? 'Disabled';
  if (previousMode !== 'Disabled' && mode === 'Disabled') {
    throw badRequest('ValidationError', `The managed network of ${w.id} cannot be disabled once enabled (isolationMode ${previousMode}).`);
  }
  const requested = Object.entries(asObject(mn['outboundRules']) ?? {});
  if (mode === 'Disabled' && requested.length > 0) {
    throw badRequest('ValidationError', 'Outbound rules need a managed network (isolationMode other than Disabled).');
  }
  const existing = rulesOf(w.world, w.id);
  const rules = requested.map(([name, raw]) => {
    const prev = existing.find((e) => nameOf(e.id).toLowerCase() === name.toLowerCase());
    return { name, prev, properties: normalizeRule(name, asObject(raw) ?? {}, mode, prev ? propertiesOf(prev.body) : undefined) };
  });
  for (const e of existing) if (!rules.some((r) => r.prev === e)) w.world.store.delete(e.id);
  for (const r of rules) w.world.store.set(ruleResource(w.id, r.name, r.properties, r.prev));
  delete mn['outboundRules'];
  mn['isolationMode'] = mode;
  mn['status'] = asObject(previous?.['status']) ?? { status: 'Inactive', sparkReady: false };
  props['managedNetwork'] = mn;
}

function prepareWorkspace(w: WriteContext): void {
  const { world, id } = w;
  const body = w.resource.body;
  const props = propertiesOf(body);
  for (const [property, type, required] of DEPENDENCIES) {
    const value = props[property];
    if (value === undefined || value === null || value === '') {
      if (required) throw badRequest('ValidationError', `The workspace needs properties.${property} (the id of an existing ${type}).`);
      continue;
    }
    requireReference(world, value, `properties.${property}`, id, type);
  }
  const before = w.existing ? propertiesOf(w.existing.body) : {};
  const identity = asObject(body['identity']) ?? { type: 'SystemAssigned' };
  const previousIdentity = asObject(w.existing?.body['identity']);
  if (String(identity['type']).includes('SystemAssigned')) {
    identity['principalId'] = previousIdentity?.['principalId'] ?? crypto.randomUUID();
    identity['tenantId'] = world.tenantId;
  }
  body['identity'] = identity;
  body['sku'] ??= { name: 'Basic', tier: 'Basic' };
  body['kind'] ??= 'Default';
  const location = asString(body['location']) ?? 'eastus';
  const workspaceId = asString(before['workspaceId']) ?? crypto.randomUUID();
  props['workspaceId'] = workspaceId;
  props['friendlyName'] ??= nameOf(id);
  props['discoveryUrl'] = `https://${location}.api.azureml.ms/discovery`;
  props['mlFlowTrackingUri'] = `azureml://${location}.api.azureml.ms/mlflow/v1.0${id}`;
  props['notebookInfo'] = { fqdn: `ml-${nameOf(id).toLowerCase()}-${location}-${workspaceId}.${location}.notebooks.azure.net`, resourceId: workspaceId.replaceAll('-', '') };
  props['tenantId'] = world.tenantId;
  props['hbiWorkspace'] ??= false;
  props['v1LegacyMode'] ??= false;
  props['storageHnsEnabled'] = false;
  props['publicNetworkAccess'] ??= 'Enabled';
  prepareManagedNetwork(w, props, before);
}

/** Machine Learning workspaces: 202 + Location for PUT/PATCH/DELETE, dependencies that must exist, computed identity. */
export const workspaces: TypeDef = {
  type: WORKSPACE_TYPE,
  apiVersions: ML_API_VERSIONS,
  patterns: ML_PATTERNS,
  operationUrls: ML_OPERATION_URLS,
  location: 'required',
  states: ML_STATES,
  prepare: prepareWorkspace,
  render(body, r, world) {
    const props = propertiesOf(body);
    const connections = privateEndpointConnections(world, r);
    props['privateEndpointConnections'] = connections;
    props['privateLinkCount'] = connections.length;
    const mn = asObject(props['managedNetwork']);
    if (mn) mn['outboundRules'] = rulesMap(world, r.id);
  },
  actions: {
    provisionManagedNetwork: {
      method: 'POST',
      pattern: 'location',
      apiVersions: MANAGED_NETWORK_API_VERSIONS,
      begin(a) {
        const mode = asString(asObject(propertiesOf(a.resource.body)['managedNetwork'])?.['isolationMode']) ?? 'Disabled';
        if (mode === 'Disabled') {
          throw badRequest('ValidationError', `Workspace ${a.resource.id} has no managed network to provision (isolationMode Disabled).`);
        }
      },
      complete(a) {
        const mn = asObject(propertiesOf(a.resource.body)['managedNetwork']) ?? {};
        const status = { status: 'Active', sparkReady: a.request['includeSpark'] === true };
        mn['status'] = status;
        for (const rule of rulesOf(a.world, a.resource.id)) propertiesOf(rule.body)['status'] = 'Active';
        return status;
      },
    },
  },
};
