import { ArmError, badRequest } from './errors.ts';
import { fullType, joinId, parseResourceId, splitPath, type ParsedId } from './ids.ts';
import type { Operation, OperationTable } from './operations.ts';
import type { ActionDef, TypeDef } from './types.ts';

/** What a request path addresses. */
export type Route =
  | { kind: 'subscription' }
  | { kind: 'resourceGroups' }
  | { kind: 'resourceGroup'; name: string }
  | { kind: 'genericList'; resourceGroup: string | undefined }
  | { kind: 'operation'; op: Operation; which: 'status' | 'result' }
  | { kind: 'resource'; id: string; parsed: ParsedId; def: TypeDef }
  | { kind: 'collection'; parentId: string; scope: ParsedScope; def: TypeDef }
  | { kind: 'action'; id: string; parsed: ParsedId; def: TypeDef; name: string; action: ActionDef };

/** Where a collection hangs: the subscription, a group, or a resource (parent or extension scope). */
export type ParsedScope =
  | { kind: 'subscription' }
  | { kind: 'resourceGroup'; resourceGroup: string }
  | { kind: 'resource'; resourceGroup: string | undefined };

export type TypeLookup = (type: string) => TypeDef | undefined;

const unknownType = (type: string, apiVersion: string | null): ArmError =>
  badRequest(
    'InvalidResourceType',
    `The resource type '${type.split('/').slice(1).join('/')}' could not be found in the namespace '${type.split('/')[0]}'` +
      ` for api version '${apiVersion ?? ''}'.`,
  );

const notFoundPath = (pathname: string): ArmError =>
  new ArmError(404, 'NotFound', `The requested path '${pathname}' is not served by the ARM emulator.`);

function scopeOf(segs: readonly string[]): ParsedScope {
  if (segs.length === 2) return { kind: 'subscription' };
  const rg = segs[2]?.toLowerCase() === 'resourcegroups' ? segs[3] : undefined;
  if (segs.length === 4 && rg !== undefined) return { kind: 'resourceGroup', resourceGroup: rg };
  return { kind: 'resource', resourceGroup: rg };
}

/** Resolves a request path; errors come back as values so faults and auth can be applied first. */
export function resolveRoute(
  pathname: string,
  apiVersion: string | null,
  subscriptionId: string,
  lookup: TypeLookup,
  ops: OperationTable,
): Route | ArmError {
  const segs = splitPath(pathname);
  if (segs.length < 2 || segs[0]!.toLowerCase() !== 'subscriptions') return notFoundPath(pathname);
  if (segs[1]!.toLowerCase() !== subscriptionId.toLowerCase()) {
    return new ArmError(404, 'SubscriptionNotFound', `The subscription '${segs[1]}' could not be found.`);
  }
  const byPath = ops.byPath(pathname);
  if (byPath) return { kind: 'operation', op: byPath.op, which: byPath.kind };

  const penultimate = segs[segs.length - 2]?.toLowerCase() ?? '';
  if (/operation|asyncoperations/.test(penultimate) && segs.length > 4) {
    return new ArmError(404, 'OperationNotFound', `The operation '${segs[segs.length - 1]}' was not found (unknown id, or an emulator restarted without its state file).`);
  }
  const third = segs[2]?.toLowerCase();
  if (segs.length === 2) return { kind: 'subscription' };
  if (third === 'resources' && segs.length === 3) return { kind: 'genericList', resourceGroup: undefined };
  if (third === 'resourcegroups') {
    if (segs.length === 3) return { kind: 'resourceGroups' };
    if (segs.length === 4) return { kind: 'resourceGroup', name: segs[3]! };
    if (segs.length === 5 && segs[4]!.toLowerCase() === 'resources') return { kind: 'genericList', resourceGroup: segs[3] };
  }

  let p = -1;
  for (let i = segs.length - 2; i >= 2; i--) {
    if (segs[i]!.toLowerCase() === 'providers' && segs[i + 1]!.includes('.')) {
      p = i;
      break;
    }
  }
  if (p < 0) return notFoundPath(pathname);
  const namespace = segs[p + 1]!;
  const rest = segs.slice(p + 2);
  if (rest.length === 0) return notFoundPath(pathname);
  const types = rest.filter((_, i) => i % 2 === 0);

  if (rest.length % 2 === 0) {
    const parsed = parseResourceId(pathname)!;
    const def = lookup(fullType(parsed));
    if (!def) return unknownType(fullType(parsed), apiVersion);
    return { kind: 'resource', id: joinId(segs), parsed, def };
  }

  const collectionType = [namespace, ...types].join('/');
  const collectionDef = lookup(collectionType);
  if (collectionDef) {
    const parentSegs = segs.slice(0, -1);
    const parentId = types.length === 1 ? joinId(segs.slice(0, p)) : joinId(parentSegs);
    return { kind: 'collection', parentId, scope: scopeOf(segs.slice(0, p)), def: collectionDef };
  }
  if (types.length >= 2) {
    const id = joinId(segs.slice(0, -1));
    const parsed = parseResourceId(id);
    const def = parsed && lookup(fullType(parsed));
    const name = segs[segs.length - 1]!;
    const actionKey = def && Object.keys(def.actions ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
    if (parsed && def && actionKey) return { kind: 'action', id, parsed, def, name: actionKey, action: def.actions![actionKey]! };
  }
  return unknownType(collectionType, apiVersion);
}
