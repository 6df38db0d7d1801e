/**
 * ARM resource ids: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{childType}/{childName}]…`,
 * possibly an extension resource under another id (`{scope}/providers/Microsoft.Authorization/roleAssignments/{n}`).
 * Names are case-insensitive: the store keys on `idKey(id)` and keeps the caller's casing in the id itself.
 */
export interface ParsedId {
  subscriptionId: string;
  resourceGroup: string | undefined;
  /** The id this resource lives under: the group, the subscription, or the resource an extension hangs off. */
  scope: string;
  namespace: string;
  /** Type segments after the namespace, e.g. ['virtualNetworks', 'subnets']. */
  types: string[];
  names: string[];
}

/** Path segments, percent-decoded, empty ones dropped (clients may send `//` for an empty parent path). */
export function splitPath(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
}

export const idKey = (id: string): string => '/' + splitPath(id).join('/').toLowerCase();

export const joinId = (segments: readonly string[]): string => '/' + segments.join('/');

/** Index of the `providers` segment that starts the resource's own type path (the last one). */
function lastProvidersIndex(segs: readonly string[]): number {
  for (let i = segs.length - 2; i >= 2; i--) {
    if (segs[i]!.toLowerCase() === 'providers' && segs[i + 1]!.includes('.')) return i;
  }
  return -1;
}

/** Parses a resource id; undefined when it is not one (wrong prefix, odd type/name pairing). */
export function parseResourceId(id: string): ParsedId | undefined {
  const segs = splitPath(id);
  if (segs.length < 2 || segs[0]!.toLowerCase() !== 'subscriptions') return undefined;
  const subscriptionId = segs[1]!;
  const resourceGroup = segs[2]?.toLowerCase() === 'resourcegroups' ? segs[3] : undefined;
  const p = lastProvidersIndex(segs);
  if (p < 0) return undefined;
  const rest = segs.slice(p + 2);
  if (rest.length === 0 || rest.length % 2 !== 0) return undefined;
  return {
    subscriptionId,
    resourceGroup,
    scope: joinId(segs.slice(0, p)),
    namespace: segs[p + 1]!,
    types: rest.filter((_, i) => i % 2 === 0),
    names: rest.filter((_, i) => i % 2 === 1),
  };
}

export const fullType = (p: Pick<ParsedId, 'namespace' | 'types'>): string => [p.namespace, ...p.types].join('/');

/** `Microsoft.Network/virtualNetworks/vnet/subnets/s`: how ARM names a resource in not-found messages. */
export function typePath(p: ParsedId): string {
  const parts: string[] = [p.namespace];
  p.types.forEach((t, i) => parts.push(t, p.names[i]!));
  return parts.join('/');
}

/** The enclosing resource of a nested resource, or the scope (group, subscription, resource) of a top-level one. */
export function parentId(id: string): string {
  const p = parseResourceId(id);
  if (!p) throw new Error(`not a resource id: ${id}`);
  if (p.types.length === 1) return p.scope;
  const segs = splitPath(id);
  return joinId(segs.slice(0, -2));
}

export const nameOf = (id: string): string => {
  const segs = splitPath(id);
  return segs[segs.length - 1] ?? '';
};

export const resourceGroupId = (subscriptionId: string, resourceGroup: string): string =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** True for a string shaped like a fully qualified resource id (as a reference property must be). */
export const isResourceIdLike = (value: unknown): value is string =>
  typeof value === 'string' && parseResourceId(value) !== undefined;

export const sameId = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && idKey(a) === idKey(b);
