// Walks a DAG with maximum parallelism: a node starts as soon as every predecessor has Succeeded (dependencies
// for apply, dependants for destroy). Knows nothing of what a node does.
import type { PlanGraph, PlanNode } from './graph.ts';
import type { NodeResult } from './result.ts';

export interface ScheduleInput {
  readonly graph: PlanGraph;
  /** Traversal order: graph.order for apply, its reverse for destroy (predecessors come first). */
  readonly order: readonly string[];
  /** The keys a node must wait for. */
  readonly predecessors: (node: PlanNode) => readonly string[];
  /** Never rejects: failures are results. */
  readonly run: (node: PlanNode) => Promise<NodeResult>;
  /** The result of a node that could not start because `blocker` did not succeed. */
  readonly blocked: (node: PlanNode, blocker: PlanNode, blockerResult: NodeResult | undefined) => NodeResult;
  /** The result of a node still running (`started`) or never started when the signal fired. */
  readonly interrupted: (node: PlanNode, started: boolean) => NodeResult;
  readonly onResult: (result: NodeResult) => void;
  readonly maxConcurrency: number;
  readonly signal: AbortSignal;
}

/** Results for every node, in the graph's topological order. */
export async function schedule(input: ScheduleInput): Promise<Map<string, NodeResult>> {
  const { graph, signal } = input;
  const results = new Map<string, NodeResult>();
  const running = new Map<string, Promise<void>>();
  const started = new Set<string>();
  const aborted = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

  const canStart = (node: PlanNode): boolean =>
    !started.has(node.key) && input.predecessors(node).every((k) => results.get(k)?.state === 'Succeeded');

  const start = (node: PlanNode): void => {
    started.add(node.key);
    const task = input
      .run(node)
      .then((result) => {
        if (signal.aborted && result.state !== 'Succeeded' && result.state !== 'Failed') return;
        results.set(node.key, result);
        input.onResult(result);
      })
      .finally(() => running.delete(node.key));
    running.set(node.key, task);
  };

  while (!signal.aborted) {
    for (const key of input.order) {
      if (running.size >= input.maxConcurrency) break;
      const node = graph.nodes.get(key);
      if (node && canStart(node)) start(node);
    }
    if (running.size === 0) break;
    await Promise.race([...running.values(), aborted]);
  }

  const final = new Map<string, NodeResult>();
  for (const key of input.order) {
    const node = graph.nodes.get(key);
    if (!node) continue;
    let result = results.get(key);
    if (!result) {
      const blockerKey = input.predecessors(node).find((k) => final.get(k)?.state !== 'Succeeded');
      const blocker = blockerKey === undefined ? undefined : graph.nodes.get(blockerKey);
      result =
        blocker && !started.has(key)
          ? input.blocked(node, blocker, final.get(blocker.key))
          : input.interrupted(node, started.has(key));
    }
    final.set(key, result);
  }
  return new Map(graph.order.flatMap((k) => {
    const r = final.get(k);
    return r ? [[k, r] as const] : [];
  }));
}
