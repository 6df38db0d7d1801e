// ARM resource ids: /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{childType}/{childName}]…
// Adapters receive ids and need the SDK's positional arguments back; plans need to build ids deterministically.

export interface ParsedResourceId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** e.g. 'Microsoft.Network'; '' for a resource group itself. */
  readonly namespace: string;
  /** Type segments and names, outermost first: [{type:'virtualNetworks',name:'v'},{type:'subnets',name:'s'}]. */
  readonly segments: readonly { readonly type: string; readonly name: string }[];
}

export class ResourceIdError extends Error {
  override readonly name = 'ResourceIdError';
}

export function parseResourceId(id: string): ParsedResourceId {
  const parts = id.split('/');
  if (parts[0] !== '' || parts[1]?.toLowerCase() !== 'subscriptions' || !parts[2]) {
    throw new ResourceIdError(`not an ARM resource id: '${id}'`);
  }
  const subscriptionId = parts[2];
  if (parts[3]?.toLowerCase() !== 'resourcegroups' || !parts[4]) {
    throw new ResourceIdError(`ARM id has no resource group: '${id}'`);
  }
  const resourceGroup = parts[4];
  if (parts.length === 5) return { subscriptionId, resourceGroup, namespace: '', segments: [] };
  if (parts[5]?.toLowerCase() !== 'providers' || !parts[6]) throw new ResourceIdError(`ARM id has no provider: '${id}'`);
  const rest = parts.slice(7);
  if (rest.length === 0 || rest.length % 2 !== 0 || rest.some((p) => p === '')) {
    throw new ResourceIdError(`ARM id must end in type/name pairs: '${id}'`);
  }
  const segments: { type: string; name: string }[] = [];
  for (let i = 0; i < rest.length; i += 2) segments.push({ type: rest[i] ?? '', name: rest[i + 1] ?? '' });
  return { subscriptionId, resourceGroup, namespace: parts[6], segments };
}

/** The names along the id (`[vnet, subnet]` for a subnet), checked against the expected type path. */
export function namesOf(id: string, ...types: string[]): string[] {
  const parsed = parseResourceId(id);
  const actual = parsed.segments.map((s) => s.type.toLowerCase());
  if (actual.length !== types.length || types.some((t, i) => t.toLowerCase() !== actual[i])) {
    throw new ResourceIdError(`expected an id of ${types.join('/')}, got '${id}'`);
  }
  return parsed.segments.map((s) => s.name);
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/**
 * Builds an id: `resourceId(sub, rg, 'Microsoft.Network', 'virtualNetworks', 'vnet', 'subnets', 'training')`.
 */
export function resourceId(subscriptionId: string, resourceGroup: string, namespace: string, ...typeNamePairs: string[]): string {
  if (typeNamePairs.length === 0 || typeNamePairs.length % 2 !== 0 || typeNamePairs.some((p) => p === '' || p.includes('/'))) {
    throw new ResourceIdError(`resourceId needs non-empty type/name pairs, got [${typeNamePairs.join(', ')}]`);
  }
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${namespace}/${typeNamePairs.join('/')}`;
}

/** 'Microsoft.Network/virtualNetworks/subnets' for a subnet id; 'Microsoft.Resources/resourceGroups' for a group. */
export function resourceTypeOf(id: string): string {
  const parsed = parseResourceId(id);
  if (parsed.segments.length === 0) return 'Microsoft.Resources/resourceGroups';
  return [parsed.namespace, ...parsed.segments.map((s) => s.type)].join('/');
}

/** ARM ids and names compare case-insensitively. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * The SDK's positional arguments for an id: `[resourceGroup, ...names]`, checked against the expected type path,
 * e.g. `rgAndNames(subnetId, 'virtualNetworks', 'subnets')` → `[rg, vnet, subnet]`.
 */
export function rgAndNames(id: string, t1: string): [string, string];
export function rgAndNames(id: string, t1: string, t2: string): [string, string, string];
export function rgAndNames(id: string, ...types: string[]): string[] {
  return [parseResourceId(id).resourceGroup, ...namesOf(id, ...types)];
}
