import { json, type ArmResponse, type RequestContext } from './core.ts';
import { ArmError, badRequest, resourceGroupNotFound } from './errors.ts';
import { parseResourceId, resourceGroupId } from './ids.ts';
import { beginOperation, initialResponse } from './lro.ts';
import { pageOf } from './paging.ts';
import { asObject, asString, provisioningStateOf, renderResource } from './render.ts';
import { methodNotAllowed, normalizeLocation } from './resource-handlers.ts';
import { checkNoRunningOperation } from './scope.ts';
import type { JsonObject, StoredResource, TypeDef } from './types.ts';

export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

/** Resource groups and the generic resource listing: core ARM, served by Microsoft.Resources. */
export function handleSubscription(rc: RequestContext): ArmResponse {
  if (rc.method !== 'GET') throw methodNotAllowed(rc.method);
  const s = rc.core.subscriptionId;
  return json(200, {
    id: `/subscriptions/${s}`,
    subscriptionId: s,
    tenantId: rc.core.tenantId,
    displayName: 'ARM emulator subscription',
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
  });
}

export function handleResourceGroups(rc: RequestContext): ArmResponse {
  if (rc.method !== 'GET') throw methodNotAllowed(rc.method);
  const groups = rc.core.store.ofType(RESOURCE_GROUP_TYPE).map((r) => renderResource(rc.core, r));
  return json(200, pageOf(groups, rc.url, rc.core.settings.pageSize));
}

export function handleResourceGroup(rc: RequestContext, name: string, def: TypeDef): ArmResponse {
  const { core } = rc;
  const id = resourceGroupId(core.subscriptionId, name);
  const existing = core.store.get(id);
  switch (rc.method) {
    case 'HEAD':
      return json(existing ? 204 : 404);
    case 'GET':
      if (!existing) throw resourceGroupNotFound(name);
      return json(200, renderResource(core, existing));
    case 'PUT':
    case 'PATCH':
      return writeGroup(rc, name, existing);
    case 'DELETE': {
      if (!existing) throw resourceGroupNotFound(name);
      const running = core.ops.runningOn(id);
      if (running?.verb === 'delete') return initialResponse(rc, running, false, undefined);
      checkNoRunningOperation(rc, id);
      (existing.body['properties'] as JsonObject)['provisioningState'] = 'Deleting';
      core.store.changed();
      const op = beginOperation(rc, {
        resourceId: existing.id,
        def,
        verb: 'delete',
        pattern: 'location',
        durationVerb: 'delete',
        location: asString(existing.body['location']) ?? 'global',
        resourceGroup: name,
        paths: { resultPath: `/subscriptions/${core.subscriptionId}/operationresults/OPID` },
      });
      return initialResponse(rc, op, false, undefined);
    }
    default:
      throw methodNotAllowed(rc.method);
  }
}

function writeGroup(rc: RequestContext, name: string, existing: StoredResource | undefined): ArmResponse {
  const { core } = rc;
  if (existing && provisioningStateOf(existing) === 'Deleting') {
    throw new ArmError(409, 'ResourceGroupBeingDeleted', `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);
  }
  const body = rc.body ?? {};
  if (rc.method === 'PATCH') {
    if (!existing) throw resourceGroupNotFound(name);
    if (body['tags'] !== undefined) existing.body['tags'] = structuredClone(body['tags']);
    core.store.changed();
    return json(200, renderResource(core, existing));
  }
  const requested = asString(body['location']);
  if (!requested) throw badRequest('LocationRequired', 'The location property is required for this definition.');
  const location = normalizeLocation(requested);
  const previous = asString(existing?.body['location']);
  if (previous && previous !== location) {
    throw new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${location}'. The Resource group already exists in location '${previous}'.`,
    );
  }
  const group: StoredResource = {
    // An existing group keeps its original name casing; ids of its resources are built from it.
    id: existing?.id ?? resourceGroupId(core.subscriptionId, name),
    type: RESOURCE_GROUP_TYPE,
    body: {
      id: existing?.id ?? resourceGroupId(core.subscriptionId, name),
      name: existing ? existing.body['name'] : name,
      type: RESOURCE_GROUP_TYPE,
      location,
      ...(body['tags'] !== undefined ? { tags: structuredClone(body['tags']) } : {}),
      ...(body['managedBy'] !== undefined ? { managedBy: body['managedBy'] } : {}),
      properties: { provisioningState: 'Succeeded' },
    },
    internal: {},
  };
  core.store.set(group);
  return json(existing ? 200 : 201, renderResource(core, group));
}

/** `$filter` of the generic list: `resourceType eq '…'` and `name eq '…'` clauses joined by `and`. */
function genericFilter(filter: string | null): (r: StoredResource) => boolean {
  if (!filter) return () => true;
  const clauses = [...filter.matchAll(/(resourceType|name)\s+eq\s+'([^']*)'/gi)].map((m) => ({
    field: m[1]!.toLowerCase(),
    value: m[2]!.toLowerCase(),
  }));
  return (r) =>
    clauses.every((c) => (c.field === 'resourcetype' ? r.type.toLowerCase() === c.value : String(r.body['name']).toLowerCase() === c.value));
}

/** `GET …/resources`: top-level resources (no nested or extension ones) in a group or the subscription. */
export function handleGenericList(rc: RequestContext, resourceGroup: string | undefined): ArmResponse {
  if (rc.method !== 'GET') throw methodNotAllowed(rc.method);
  const { core } = rc;
  if (resourceGroup !== undefined && !core.store.get(resourceGroupId(core.subscriptionId, resourceGroup))) {
    throw resourceGroupNotFound(resourceGroup);
  }
  const expand = (rc.url.searchParams.get('$expand') ?? '').toLowerCase();
  const keep = genericFilter(rc.url.searchParams.get('$filter'));
  const items = core.store
    .all()
    .filter((r) => {
      const p = parseResourceId(r.id);
      if (!p || p.types.length !== 1 || parseResourceId(p.scope)) return false;
      if (p.resourceGroup === undefined) return false;
      return resourceGroup === undefined || p.resourceGroup.toLowerCase() === resourceGroup.toLowerCase();
    })
    .filter(keep)
    .map((r) => {
      const out: JsonObject = {};
      for (const k of ['id', 'name', 'type', 'sku', 'kind', 'location', 'tags', 'identity', 'managedBy']) {
        if (r.body[k] !== undefined) out[k] = structuredClone(r.body[k]);
      }
      if (expand.includes('provisioningstate')) out['provisioningState'] = asObject(r.body['properties'])?.['provisioningState'];
      return out;
    });
  return json(200, pageOf(items, rc.url, core.settings.pageSize));
}
