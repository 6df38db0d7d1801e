import { badRequest } from '../../engine/errors.ts';
import { nameOf } from '../../engine/ids.ts';
import { asObject, asString, propertiesOf } from '../../engine/render.ts';
import type { JsonObject, StoredResource, TypeDef, World } from '../../engine/types.ts';
import { MANAGED_NETWORK_API_VERSIONS, ML_OPERATION_URLS, ML_PATTERNS, ML_STATES, OUTBOUND_RULE_TYPE } from './common.ts';

const RULE_TYPES = ['FQDN', 'PrivateEndpoint', 'ServiceTag'];

/** Validates one rule against the workspace's isolation mode and fills its read-only fields. */
export function normalizeRule(name: string, raw: JsonObject, isolationMode: string, previous?: JsonObject): JsonObject {
  const rule = structuredClone(raw);
  delete rule['provisioningState'];
  const type = asString(rule['type']);
  if (!type || !RULE_TYPES.includes(type)) {
    throw badRequest('ValidationError', `Outbound rule '${name}' has type '${String(type)}'; valid types are ${RULE_TYPES.join(', ')}.`);
  }
  if (rule['destination'] === undefined) throw badRequest('ValidationError', `Outbound rule '${name}' needs a destination.`);
  if (type === 'FQDN' && isolationMode !== 'AllowOnlyApprovedOutbound') {
    throw badRequest('ValidationError', `FQDN outbound rule '${name}' is only allowed with isolation mode AllowOnlyApprovedOutbound.`);
  }
  rule['category'] ??= 'UserDefined';
  rule['status'] = asString(previous?.['status']) ?? 'Inactive';
  return rule;
}

export const rulesOf = (world: World, workspaceId: string): StoredResource[] => world.store.childrenOf(workspaceId, OUTBOUND_RULE_TYPE);

export function ruleResource(workspaceId: string, name: string, properties: JsonObject, previous?: StoredResource): StoredResource {
  const id = `${workspaceId}/outboundRules/${name}`;
  return {
    id: previous?.id ?? id,
    type: OUTBOUND_RULE_TYPE,
    body: { id: previous?.id ?? id, name, type: OUTBOUND_RULE_TYPE, properties: { ...properties, provisioningState: 'Succeeded' } },
    internal: {},
  };
}

/** The workspace's rules as the `managedNetwork.outboundRules` map. */
export function rulesMap(world: World, workspaceId: string): JsonObject {
  const map: JsonObject = {};
  for (const r of rulesOf(world, workspaceId)) {
    const p = { ...propertiesOf(r.body) };
    delete p['provisioningState'];
    map[nameOf(r.id)] = p;
  }
  return map;
}

/** Outbound rules of a managed network, kept as child resources and rendered back into the workspace. */
export const outboundRules: TypeDef = {
  type: OUTBOUND_RULE_TYPE,
  apiVersions: MANAGED_NETWORK_API_VERSIONS,
  patterns: ML_PATTERNS,
  operationUrls: ML_OPERATION_URLS,
  location: 'none',
  states: ML_STATES,
  prepare(w) {
    const ws = w.world.store.get(w.id.slice(0, w.id.toLowerCase().lastIndexOf('/outboundrules/')))!;
    const mode = asString(asObject(propertiesOf(ws.body)['managedNetwork'])?.['isolationMode']) ?? 'Disabled';
    if (mode === 'Disabled') {
      throw badRequest('ValidationError', `Workspace ${ws.id} has no managed network (isolationMode Disabled): it takes no outbound rules.`);
    }
    const previous = w.existing ? propertiesOf(w.existing.body) : undefined;
    w.resource.body['properties'] = normalizeRule(nameOf(w.id), propertiesOf(w.resource.body), mode, previous);
  },
};
