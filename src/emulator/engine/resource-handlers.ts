import { json, type ArmResponse, type RequestContext } from './core.ts';
import { ArmError, badRequest, parentResourceNotFound, resourceGroupNotFound, resourceNotFound } from './errors.ts';
import { checkPreconditions, newEtag } from './etag.ts';
import { nameOf, parseResourceId, resourceGroupId, typePath } from './ids.ts';
import { beginOperation, initialResponse } from './lro.ts';
import { mergePatch } from './merge-patch.ts';
import { pageOf } from './paging.ts';
import { asObject, asString, renderResource, setProvisioningState } from './render.ts';
import type { Route } from './router.ts';
import { canonicalId, checkNoRunningOperation, checkScope, regionOf } from './scope.ts';
import type { JsonObject, StoredResource, TypeDef, WriteContext } from './types.ts';

type ResourceRoute = Extract<Route, { kind: 'resource' }>;

export const methodNotAllowed = (method: string): ArmError =>
  new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);

/** ARM normalizes display names: `East US` → `eastus`. */
export const normalizeLocation = (loc: string): string => loc.replace(/\s+/g, '').toLowerCase();

const etagHeader = (body: JsonObject): Record<string, string> =>
  typeof body['etag'] === 'string' ? { etag: body['etag'] } : {};

export function handleResource(rc: RequestContext, route: ResourceRoute): ArmResponse {
  switch (rc.method) {
    case 'GET':
    case 'HEAD':
      return getResource(rc, route);
    case 'PUT':
    case 'PATCH':
      return writeResource(rc, route);
    case 'DELETE':
      return deleteResource(rc, route);
    default:
      throw methodNotAllowed(rc.method);
  }
}

function getResource(rc: RequestContext, { parsed, def }: ResourceRoute): ArmResponse {
  const enclosing = checkScope(rc.core, parsed, def, false);
  const r = rc.core.store.get(canonicalId(rc.core, parsed, def, enclosing));
  if (rc.method === 'HEAD') return json(r ? 204 : 404);
  if (!r) throw resourceNotFound(typePath(parsed), parsed.resourceGroup);
  const body = renderResource(rc.core, r);
  return json(200, body, etagHeader(body));
}

function writeResource(rc: RequestContext, { parsed, def }: ResourceRoute): ArmResponse {
  if (def.readOnly) throw methodNotAllowed(rc.method);
  const { core } = rc;
  const enclosing = checkScope(core, parsed, def, true);
  const id = canonicalId(core, parsed, def, enclosing);
  const existing = core.store.get(id);
  if (rc.method === 'PATCH' && !existing) throw resourceNotFound(typePath(parsed), parsed.resourceGroup);
  checkNoRunningOperation(rc, id);
  checkPreconditions(rc.method, asString(existing?.body['etag']), existing !== undefined, {
    ifMatch: rc.headers['if-match'],
    ifNoneMatch: rc.headers['if-none-match'],
  });
  if (!rc.body) throw badRequest('InvalidRequestContent', 'The request content was invalid and could not be deserialized: the body is empty.');
  const verb = rc.method === 'PATCH' ? 'patch' : 'put';
  const request = verb === 'patch' ? (mergePatch(renderResource(core, existing!), rc.body) as JsonObject) : rc.body;
  const resource: StoredResource = {
    id,
    type: def.type,
    body: baseBody(def, id, request, existing),
    internal: existing ? structuredClone(existing.internal) : {},
  };
  const w: WriteContext = { world: core, id, parsed, verb, apiVersion: rc.apiVersion, existing, request, resource };
  def.prepare?.(w);
  if (def.etag) resource.body['etag'] = newEtag(def.etag);

  const created = existing === undefined;
  const pattern = verb === 'patch' ? (def.patterns.patch ?? 'sync') : created ? def.patterns.put : (def.patterns.update ?? def.patterns.put);
  if (pattern === 'sync' || !def.states) {
    if (def.states) setProvisioningState(resource, 'Succeeded');
    core.store.set(resource);
    const body = renderResource(core, resource);
    return json(created ? 201 : 200, body, etagHeader(body));
  }
  setProvisioningState(resource, created ? def.states.create : def.states.update);
  core.store.set(resource);
  const op = beginOperation(rc, {
    resourceId: id,
    def,
    verb,
    pattern,
    durationVerb: verb,
    location: regionOf(core, resource),
    resourceGroup: parsed.resourceGroup,
  });
  const body = renderResource(core, resource);
  const response = initialResponse(rc, op, created, body);
  return response.body === body ? { ...response, headers: { ...response.headers, ...etagHeader(body) } } : response;
}

/** Common fields first (id, name, type, location), then what the caller sent, with read-only fields dropped. */
function baseBody(def: TypeDef, id: string, request: JsonObject, existing: StoredResource | undefined): JsonObject {
  const body: JsonObject = { id, name: nameOf(id), type: def.responseType ?? def.type };
  const requested = asString(request['location']);
  const previous = asString(existing?.body['location']);
  if (def.location === 'global') body['location'] = 'global';
  if (def.location === 'required' || def.location === 'optional') {
    const loc = requested ? normalizeLocation(requested) : previous;
    if (def.location === 'required' && !loc) throw badRequest('LocationRequired', 'The location property is required for this definition.');
    if (loc && previous && loc !== normalizeLocation(previous)) {
      throw badRequest(
        'InvalidResourceLocation',
        `The resource '${nameOf(id)}' already exists in location '${previous}'. A resource with the same name cannot be created in location '${loc}'. Please select a new resource name.`,
      );
    }
    if (loc) body['location'] = loc;
  }
  for (const [k, v] of Object.entries(request)) {
    if (!['id', 'name', 'type', 'location', 'etag', 'properties', 'systemData'].includes(k)) body[k] = structuredClone(v);
  }
  const properties = structuredClone(asObject(request['properties']) ?? {});
  delete properties['provisioningState'];
  body['properties'] = properties;
  return body;
}

function deleteResource(rc: RequestContext, { parsed, def }: ResourceRoute): ArmResponse {
  if (def.readOnly) throw methodNotAllowed('DELETE');
  const { core } = rc;
  let enclosing: StoredResource | undefined;
  try {
    enclosing = checkScope(core, parsed, def, false);
  } catch (e) {
    // A resource under a missing parent is as gone as a missing resource; a missing group is still an error.
    if (e instanceof ArmError && e.code === 'ParentResourceNotFound') return json(204);
    throw e;
  }
  const id = canonicalId(core, parsed, def, enclosing);
  const existing = core.store.get(id);
  if (!existing) return json(204);
  const running = core.ops.runningOn(id);
  if (running?.verb === 'delete') return initialResponse(rc, running, false, undefined);
  checkNoRunningOperation(rc, id);
  checkPreconditions('DELETE', asString(existing.body['etag']), true, {
    ifMatch: rc.headers['if-match'],
    ifNoneMatch: rc.headers['if-none-match'],
  });
  def.guardDelete?.(existing, core);
  const pattern = def.patterns.delete;
  if (pattern === 'sync' || pattern === 'body') {
    const body = def.deleteReturnsBody ? renderResource(core, existing) : undefined;
    core.removeTree(id);
    return json(200, body);
  }
  if (def.states) setProvisioningState(existing, def.states.delete);
  core.store.changed();
  const op = beginOperation(rc, {
    resourceId: id,
    def,
    verb: 'delete',
    pattern,
    durationVerb: 'delete',
    location: regionOf(core, existing),
    resourceGroup: parsed.resourceGroup,
  });
  return initialResponse(rc, op, false, undefined);
}

export function handleAction(rc: RequestContext, route: Extract<Route, { kind: 'action' }>): ArmResponse {
  const { core } = rc;
  const { parsed, def, action, name } = route;
  if (rc.method !== action.method) throw methodNotAllowed(rc.method);
  const enclosing = checkScope(core, parsed, def, action.method === 'POST');
  const id = canonicalId(core, parsed, def, enclosing);
  const resource = core.store.get(id);
  if (!resource) throw resourceNotFound(typePath(parsed), parsed.resourceGroup);
  const ctx = { world: core, resource, apiVersion: rc.apiVersion, request: rc.body ?? {}, query: rc.url.searchParams };
  if (action.listItems) {
    return json(200, pageOf(action.listItems(ctx).map((r) => renderResource(core, r)), rc.url, core.settings.pageSize));
  }
  if (action.method === 'GET' || action.pattern === 'sync') {
    if (action.method === 'POST') checkNoRunningOperation(rc, id);
    const result = action.begin?.(ctx) ?? action.complete?.(ctx);
    core.store.changed();
    return json(200, result);
  }
  checkNoRunningOperation(rc, id);
  action.begin?.(ctx);
  core.store.changed();
  const op = beginOperation(rc, {
    resourceId: id,
    def,
    verb: 'action',
    action: name,
    actionRequest: rc.body ?? {},
    pattern: action.pattern,
    durationVerb: action.verb ?? name,
    location: regionOf(core, resource),
    resourceGroup: parsed.resourceGroup,
  });
  return initialResponse(rc, op, false, undefined);
}

export function handleCollection(rc: RequestContext, route: Extract<Route, { kind: 'collection' }>): ArmResponse {
  if (rc.method !== 'GET') throw methodNotAllowed(rc.method);
  const { core } = rc;
  const { def, parentId, scope } = route;
  const parentParsed = parseResourceId(parentId);
  const group = scope.kind === 'resourceGroup' ? scope.resourceGroup : parentParsed?.resourceGroup;
  if (group !== undefined && !core.store.get(resourceGroupId(core.subscriptionId, group))) throw resourceGroupNotFound(group);
  if (parentParsed && !def.virtualParent && !core.store.get(parentId)) {
    const nested = def.type.split('/').length > 2;
    throw nested ? parentResourceNotFound(nameOf(parentId)) : resourceNotFound(typePath(parentParsed), parentParsed.resourceGroup);
  }
  let items: StoredResource[];
  if (def.list) items = def.list({ world: core, parentId, query: rc.url.searchParams });
  else if (scope.kind === 'subscription' && !parentParsed) items = core.store.ofType(def.type);
  else if (scope.kind === 'resourceGroup' && !parentParsed) {
    items = core.store.childrenOf(resourceGroupId(core.subscriptionId, scope.resourceGroup), def.type);
  } else items = core.store.childrenOf(parentId, def.type);
  return json(200, pageOf(items.map((r) => renderResource(core, r)), rc.url, core.settings.pageSize));
}

