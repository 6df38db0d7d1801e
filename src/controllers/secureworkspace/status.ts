// A SecureWorkspace's status from an executor run: conditions, the Azure inventory, the private endpoint
// host-name → IP table, the workspace's identity and the network other kinds attach to.
import { SECURE_WORKSPACE_CONDITIONS } from '../../api/index.ts';
import type { ResourceState, SecureWorkspaceStatus } from '../../api/index.ts';
import type { PrivateEndpointOutput } from '../../azure/adapters/private-endpoint.ts';
import type { VirtualNetworkOutput } from '../../azure/adapters/virtual-network.ts';
import type { WorkspaceOutput } from '../../azure/adapters/ml-workspace.ts';
import type { ApplyResult, DestroyResult, NodeResult, PlanGraph } from '../../plan/index.ts';
import { markReconciling } from '../../runtime/index.ts';
import { markApplied, stageConditions } from '../shared/conditions.ts';
import { SUBNET_NAMES } from './names.ts';
import type { AzureNames } from './names.ts';
import { KEYS, STAGE_CONDITIONS } from './plan-kit.ts';
import { ZONES_BY_GROUP } from './private-dns.ts';

export type ResourceRow = NonNullable<SecureWorkspaceStatus['resources']>[number];
/** A row whose state is one of those the API documents (RESOURCE_STATES). */
type InventoryRow = ResourceRow & { readonly state: ResourceState };
type EndpointRow = NonNullable<SecureWorkspaceStatus['privateEndpoints']>[number];

const ENDPOINT_PREFIX = 'privateEndpoint/';

export interface StatusInput {
  readonly previous: SecureWorkspaceStatus | undefined;
  readonly graph: PlanGraph;
  readonly result: ApplyResult;
  readonly generation: number;
  /** Ids (lower case) of resources found in Azure without the operator's stamp: managed, but never deleted. */
  readonly adopted: ReadonlySet<string>;
  /** Resources of an earlier spec not deleted yet (see prune.ts): listed as Deleting, and Ready waits for them. */
  readonly retiring?: readonly ResourceRow[];
  readonly now?: Date;
}

/**
 * Where the operator is with each resource: the executor's state, told apart for resources it adopted (existed
 * before the operator: managed, kept on delete) and those it only references (hub zones, a user's subnet).
 */
function inventory(graph: PlanGraph, result: ApplyResult | DestroyResult, adopted: ReadonlySet<string>): InventoryRow[] {
  const rows: InventoryRow[] = [];
  for (const key of graph.order) {
    const node = graph.nodes.get(key);
    if (node?.kind !== 'resource') continue;
    const r = result.nodes.get(key);
    let state: ResourceState = r?.state ?? 'Waiting';
    if (state === 'Succeeded' && node.ownership === 'external') state = 'External';
    else if (state === 'Succeeded' && adopted.has(node.id.toLowerCase())) state = 'Adopted';
    rows.push({ type: node.type, name: node.id.split('/').at(-1) ?? node.id, id: node.id, state });
  }
  return rows;
}

function outputOf<T>(result: ApplyResult, key: string): T | undefined {
  const r: NodeResult | undefined = result.nodes.get(key);
  return r?.state === 'Succeeded' ? (r.output as T | undefined) : undefined;
}

/** Endpoint rows from this run's outputs; an endpoint not observed this run keeps its previous rows. */
function endpointTable(graph: PlanGraph, result: ApplyResult, previous: readonly EndpointRow[]): EndpointRow[] {
  const rows: EndpointRow[] = [];
  for (const key of graph.order) {
    if (!key.startsWith(ENDPOINT_PREFIX)) continue;
    const node = graph.nodes.get(key);
    const name = node?.id.split('/').at(-1) ?? '';
    const out = outputOf<PrivateEndpointOutput>(result, key);
    if (!out) {
      rows.push(...previous.filter((p) => p.name === name));
      continue;
    }
    for (const c of out.customDnsConfigs) for (const ip of c.ipAddresses) rows.push({ name: out.name, fqdn: c.fqdn, ip });
  }
  return rows;
}

function workspaceInfo(result: ApplyResult, previous: SecureWorkspaceStatus['workspace']): SecureWorkspaceStatus['workspace'] {
  const out = outputOf<WorkspaceOutput>(result, KEYS.workspace);
  if (!out) return previous;
  return {
    id: out.id,
    ...(out.discoveryUrl === undefined ? {} : { discoveryUrl: out.discoveryUrl }),
    ...(out.principalId === undefined ? {} : { principalId: out.principalId }),
  };
}

function networkInfo(result: ApplyResult, previous: SecureWorkspaceStatus['network']): SecureWorkspaceStatus['network'] {
  const out = outputOf<VirtualNetworkOutput>(result, KEYS.virtualNetwork);
  if (!out) return previous;
  const subnetIds: Record<string, string> = {};
  for (const [role, name] of Object.entries(SUBNET_NAMES)) {
    const id = out.subnetIds[name];
    if (id !== undefined) subnetIds[role] = id;
  }
  return { vnetId: out.id, subnetIds };
}

export function appliedStatus(input: StatusInput): SecureWorkspaceStatus {
  const { previous, graph, result, generation, now } = input;
  const retiring = input.retiring ?? [];
  const workspace = workspaceInfo(result, previous?.workspace);
  const network = networkInfo(result, previous?.network);
  const base: SecureWorkspaceStatus = {
    ...(previous?.observedGeneration === undefined ? {} : { observedGeneration: previous.observedGeneration }),
    conditions: stageConditions(previous?.conditions, graph, result, STAGE_CONDITIONS, generation, now),
    progress: `${result.progress.done}/${result.progress.total}`,
    resources: [...inventory(graph, result, input.adopted), ...retiring.map((r): InventoryRow => ({ ...r, state: 'Deleting' }))],
    privateEndpoints: endpointTable(graph, result, previous?.privateEndpoints ?? []),
    ...(workspace ? { workspace } : {}),
    ...(network ? { network } : {}),
  };
  if (result.ready && retiring.length > 0) {
    const names = retiring.map((r) => r.name).join(', ');
    return ordered(markReconciling(base, generation, 'Pruning', `removing what the spec no longer asks for: ${names}`, now));
  }
  return ordered(markApplied(base, result, generation, now));
}

/** Conditions in the documented order (Ready first), whatever order they were first set in. */
function ordered(status: SecureWorkspaceStatus): SecureWorkspaceStatus {
  const rank = (type: string) => {
    const i = (SECURE_WORKSPACE_CONDITIONS as readonly string[]).indexOf(type);
    return i < 0 ? SECURE_WORKSPACE_CONDITIONS.length : i;
  };
  return { ...status, conditions: [...(status.conditions ?? [])].sort((a, b) => rank(a.type) - rank(b.type)) };
}

/** The inventory while deleting: what is left, and the progress of the deletion. */
export function deletingInventory(graph: PlanGraph, result: DestroyResult): Pick<SecureWorkspaceStatus, 'resources' | 'progress'> {
  return {
    progress: `${result.progress.done}/${result.progress.total}`,
    resources: inventory(graph, result, new Set()).map((r): InventoryRow => ({ ...r, state: r.state === 'Succeeded' ? 'Deleted' : r.state })),
  };
}

/**
 * Host names each private endpoint serves, by group id: from this run's outputs where available, else from the
 * status table of an earlier run (so A records can be planned, and deleted, after a restart).
 */
export function knownHostNames(names: AzureNames, rows: readonly EndpointRow[], result?: ApplyResult): Map<string, string[]> {
  const known = new Map<string, string[]>();
  for (const group of Object.keys(ZONES_BY_GROUP)) {
    const fresh = result ? outputOf<PrivateEndpointOutput>(result, KEYS.privateEndpoint(group)) : undefined;
    const hosts = fresh
      ? fresh.customDnsConfigs.map((c) => c.fqdn)
      : rows.filter((r) => r.name === names.privateEndpoint(group)).map((r) => r.fqdn);
    if (hosts.length > 0) known.set(group, [...new Set(hosts)]);
  }
  return known;
}
