// The resource graph: pure data describing what should exist, in which order, and how each node's body depends on
// the outputs of the nodes before it. No I/O here; the executor walks it, the adapters talk to ARM.

/** `managed` nodes are created, updated and deleted; `external` (bring-your-own, hub) nodes are only observed. */
export type Ownership = 'managed' | 'external';

/**
 * A typed handle on a node's output. Nodes built by the azure layer's typed builders carry their output type, so
 * `outputs.get(vnet)` is typed; a plain key string gives `unknown`.
 */
export interface NodeRef<Output = unknown> {
  readonly key: string;
  /** Type-level only (never set): lets `NodeOutputs.get` infer the output type. */
  readonly outputType?: Output;
}

/** What a node's `desired`/`params` function may read: the outputs of the nodes listed in its `dependsOn`. */
export interface NodeOutputs {
  get<Output>(dep: NodeRef<Output> | string): Output;
}

interface NodeBase {
  /** Unique within the graph; also the handle dependants use. */
  readonly key: string;
  /** The node's keys of dependencies: it starts only when all of them have Succeeded. */
  readonly dependsOn: readonly string[];
  /** Label the controller maps to a condition (e.g. 'Network' → NetworkReady). */
  readonly stage: string;
  /** Reason reported for dependants blocked on this node (e.g. 'WaitingForPrivateEndpoint'). */
  readonly waitReason: string;
}

/** An ARM resource that should exist with (at least) the fields `desired` returns. */
export interface ResourceNode<Spec = unknown, Output = unknown> extends NodeBase, NodeRef<Output> {
  readonly kind: 'resource';
  /** ARM resource type, e.g. 'Microsoft.Network/virtualNetworks/subnets'. */
  readonly type: string;
  /** Adapter registry key when it differs from `type` (e.g. the same ARM type at another api-version). */
  readonly adapter?: string;
  /** Full ARM id, deterministic from the spec (never from outputs), so observe-before-create finds it again. */
  readonly id: string;
  readonly ownership: Ownership;
  /** Pure function of the dependencies' outputs (e.g. an A record needs the private endpoint's IP). */
  readonly desired: (outputs: NodeOutputs) => Spec;
}

/**
 * A POST action on an existing resource (VM start/deallocate, provisionManagedNetwork). Its adapter checks whether
 * the action's effect already holds, so a converged graph makes no call.
 */
export interface ActionNode<Params = unknown, Output = unknown> extends NodeBase, NodeRef<Output> {
  readonly kind: 'action';
  /** Action adapter key, e.g. 'Microsoft.Compute/virtualMachines/start'. */
  readonly type: string;
  /** ARM id of the resource the action applies to. */
  readonly id: string;
  readonly params: (outputs: NodeOutputs) => Params;
}

// `any` keeps heterogeneous typed nodes assignable to one graph; the typed builders provide the safety.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PlanNode = ResourceNode<any, any> | ActionNode<any, any>;

/** A validated graph: unique keys, existing dependencies, no cycle. Build it with `createPlanGraph`. */
export interface PlanGraph {
  readonly nodes: ReadonlyMap<string, PlanNode>;
  /** A topological order (dependencies first), stable with respect to insertion order. */
  readonly order: readonly string[];
  /** Reverse edges: key → keys of the nodes that depend on it. */
  readonly dependants: ReadonlyMap<string, readonly string[]>;
}

export class PlanGraphError extends Error {
  override readonly name = 'PlanGraphError';
}

export function createPlanGraph(nodes: readonly PlanNode[]): PlanGraph {
  const byKey = new Map<string, PlanNode>();
  for (const node of nodes) {
    if (node.key === '') throw new PlanGraphError('a plan node has an empty key');
    if (byKey.has(node.key)) throw new PlanGraphError(`duplicate plan node key '${node.key}'`);
    byKey.set(node.key, node);
  }
  const dependants = new Map<string, string[]>([...byKey.keys()].map((k) => [k, []]));
  for (const node of nodes) {
    const seen = new Set<string>();
    for (const dep of node.dependsOn) {
      if (!byKey.has(dep)) throw new PlanGraphError(`node '${node.key}' depends on unknown node '${dep}'`);
      if (dep === node.key) throw new PlanGraphError(`dependency cycle: ${dep} → ${dep}`);
      if (seen.has(dep)) continue;
      seen.add(dep);
      dependants.get(dep)?.push(node.key);
    }
  }
  const order = topologicalOrder(byKey, dependants);
  return { nodes: byKey, order, dependants };
}

/** Kahn's algorithm, taking ready nodes in insertion order; on a cycle, names one cycle found by DFS. */
function topologicalOrder(nodes: ReadonlyMap<string, PlanNode>, dependants: ReadonlyMap<string, string[]>): string[] {
  const pending = new Map<string, number>();
  for (const node of nodes.values()) pending.set(node.key, new Set(node.dependsOn).size);
  const ready = [...pending].filter(([, n]) => n === 0).map(([k]) => k);
  const order: string[] = [];
  for (let key = ready.shift(); key !== undefined; key = ready.shift()) {
    order.push(key);
    pending.delete(key);
    for (const child of dependants.get(key) ?? []) {
      const left = (pending.get(child) ?? 0) - 1;
      pending.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (pending.size > 0) throw new PlanGraphError(`dependency cycle: ${findCycle(nodes, pending).join(' → ')}`);
  return order;
}

function findCycle(nodes: ReadonlyMap<string, PlanNode>, candidates: ReadonlyMap<string, number>): string[] {
  const stack: string[] = [];
  const onStack = new Set<string>();
  const done = new Set<string>();
  const visit = (key: string): string[] | undefined => {
    if (onStack.has(key)) return [...stack.slice(stack.indexOf(key)), key];
    if (done.has(key)) return undefined;
    stack.push(key);
    onStack.add(key);
    for (const dep of nodes.get(key)?.dependsOn ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    onStack.delete(key);
    done.add(key);
    return undefined;
  };
  for (const key of candidates.keys()) {
    const cycle = visit(key);
    if (cycle) return cycle;
  }
  return [...candidates.keys()];
}

/** Groups of nodes that can run together: layer n holds the nodes whose longest dependency chain has n edges. */
export function topologicalLayers(graph: PlanGraph): string[][] {
  const depth = new Map<string, number>();
  const layers: string[][] = [];
  for (const key of graph.order) {
    const node = graph.nodes.get(key);
    const level = Math.max(-1, ...(node?.dependsOn ?? []).map((d) => depth.get(d) ?? 0)) + 1;
    depth.set(key, level);
    (layers[level] ??= []).push(key);
  }
  return layers;
}

export interface CriticalPath {
  /** Sum of the durations along the longest dependency chain: no schedule can finish sooner. */
  readonly durationMs: number;
  /** Keys along that chain, first to last. */
  readonly path: readonly string[];
}

/** The lower bound on wall time for applying the graph with unlimited parallelism, given per-node durations. */
export function criticalPath(graph: PlanGraph, durationMs: (node: PlanNode) => number): CriticalPath {
  const finish = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  for (const key of graph.order) {
    const node = graph.nodes.get(key);
    if (!node) continue;
    const start = Math.max(0, ...node.dependsOn.map((d) => finish.get(d) ?? 0));
    const prev = node.dependsOn.find((d) => (finish.get(d) ?? 0) === start);
    const own = durationMs(node);
    if (!(own >= 0)) throw new PlanGraphError(`duration of node '${key}' must be a non-negative number, got ${own}`);
    finish.set(key, start + own);
    via.set(key, prev);
  }
  let last: string | undefined;
  let best = -1;
  for (const [key, f] of finish) {
    if (f > best) {
      best = f;
      last = key;
    }
  }
  const path: string[] = [];
  for (let k = last; k !== undefined; k = via.get(k)) path.unshift(k);
  return { durationMs: Math.max(best, 0), path };
}
