import type { EngineCore, RequestContext } from './core.ts';
import { ArmError, parentResourceNotFound, resourceGroupNotFound, resourceNotFound } from './errors.ts';
import { nameOf, parentId, parseResourceId, resourceGroupId, typePath, type ParsedId } from './ids.ts';
import { provisioningStateOf } from './render.ts';
import type { StoredResource, TypeDef } from './types.ts';

/**
 * Checks what a request on `parsed` needs to exist: its resource group (404 ResourceGroupNotFound, or 409 while
 * the group is being deleted for writes), its parent (404 ParentResourceNotFound) and, for an extension resource,
 * the resource it hangs off. Returns the enclosing stored resource, if any.
 */
export function checkScope(core: EngineCore, parsed: ParsedId, def: TypeDef, forWrite: boolean): StoredResource | undefined {
  if (parsed.resourceGroup !== undefined) {
    const rg = core.store.get(resourceGroupId(core.subscriptionId, parsed.resourceGroup));
    if (!rg) throw resourceGroupNotFound(parsed.resourceGroup);
    if (forWrite && provisioningStateOf(rg) === 'Deleting') {
      throw new ArmError(
        409,
        'ResourceGroupBeingDeleted',
        `The resource group '${parsed.resourceGroup}' is in deprovisioning state and cannot perform this operation.`,
      );
    }
  }
  if (parsed.types.length > 1) {
    if (def.virtualParent) return undefined;
    const pid = parentIdOf(parsed);
    const parent = core.store.get(pid);
    if (!parent) throw parentResourceNotFound(nameOf(pid));
    return parent;
  }
  const scopeParsed = parseResourceId(parsed.scope);
  if (scopeParsed) {
    const scope = core.store.get(parsed.scope);
    if (!scope) throw resourceNotFound(typePath(scopeParsed), scopeParsed.resourceGroup);
    return scope;
  }
  return undefined;
}

function parentIdOf(parsed: ParsedId): string {
  const segs: string[] = [parsed.scope, 'providers', parsed.namespace];
  parsed.types.slice(0, -1).forEach((t, i) => segs.push(t, parsed.names[i]!));
  return segs.join('/');
}

/**
 * The id a new resource is stored under: the enclosing resource's (or group's) stored casing, the type's canonical
 * casing, the caller's casing for the name.
 */
export function canonicalId(core: EngineCore, parsed: ParsedId, def: TypeDef, enclosing: StoredResource | undefined): string {
  const [namespace, ...types] = def.type.split('/');
  const name = parsed.names[parsed.names.length - 1]!;
  if (enclosing && parsed.types.length > 1) return `${enclosing.id}/${types[types.length - 1]}/${name}`;
  let scope = enclosing?.id ?? parsed.scope;
  if (!enclosing && parsed.resourceGroup !== undefined && parsed.types.length === 1) {
    scope = core.store.get(resourceGroupId(core.subscriptionId, parsed.resourceGroup))?.id ?? scope;
  }
  if (!enclosing && !parsed.resourceGroup && !parseResourceId(parsed.scope)) scope = `/subscriptions/${core.subscriptionId}`;
  const pairs = types.map((t, i) => `${t}/${parsed.names[i]}`).join('/');
  return `${scope}/providers/${namespace}/${pairs}`;
}

/** 409 AnotherOperationInProgress when an operation runs on the resource or on an enclosing resource. */
export function checkNoRunningOperation(rc: RequestContext, id: string): void {
  let current: string | undefined = id;
  while (current) {
    const op = rc.core.ops.runningOn(current);
    if (op) {
      const uri = op.statusPath ?? op.resultPath;
      throw new ArmError(
        409,
        'AnotherOperationInProgress',
        'Another operation on this or dependent resource is in progress.' +
          (uri ? ` To retrieve status of the operation use uri: ${rc.origin}${uri}?api-version=${op.apiVersion}.` : ''),
      );
    }
    const parsed = parseResourceId(current);
    current = parsed && parsed.types.length > 1 ? parentId(current) : undefined;
  }
}

/** A resource's region, or its nearest ancestor's for nested resources without one (used in operation URLs). */
export function regionOf(core: EngineCore, r: StoredResource): string {
  let current: StoredResource | undefined = r;
  while (current) {
    const loc = current.body['location'];
    if (typeof loc === 'string' && loc !== '') return loc;
    const parsed = parseResourceId(current.id);
    current = parsed && parsed.types.length > 1 ? core.store.get(parentId(current.id)) : undefined;
  }
  return 'global';
}
