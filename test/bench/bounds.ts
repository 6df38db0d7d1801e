// Lower bounds on wall time from the emulator's duration table: no schedule can apply (or delete) a graph faster
// than its critical path with every operation taking its realistic, scaled duration.
import { operationDurationMs } from '../../src/emulator/index.ts';
import { createPlanGraph, criticalPath } from '../../src/plan/index.ts';
import type { CriticalPath, PlanGraph, PlanNode } from '../../src/plan/index.ts';

/** Duration of what the executor does to a node: PUT for a resource, the action's own entry for an action. */
function applyDuration(node: PlanNode, timeScale: number): number {
  if (node.kind === 'action') {
    const at = node.type.lastIndexOf('/');
    return operationDurationMs(node.type.slice(0, at), node.type.slice(at + 1)) * timeScale;
  }
  return node.ownership === 'external' ? 0 : operationDurationMs(node.type, 'put') * timeScale;
}

export function applyBound(graph: PlanGraph, timeScale: number): CriticalPath {
  return criticalPath(graph, (node) => applyDuration(node, timeScale));
}

/** The same graph with every edge reversed: a node is deleted once everything that depends on it is gone. */
export function deleteBound(graph: PlanGraph, timeScale: number): CriticalPath {
  const reversed = createPlanGraph(
    [...graph.nodes.values()].map((node) => ({ ...node, dependsOn: [...(graph.dependants.get(node.key) ?? [])] })),
  );
  return criticalPath(reversed, (node) =>
    node.kind === 'action' || node.ownership === 'external' ? 0 : operationDurationMs(node.type, 'delete') * timeScale,
  );
}
