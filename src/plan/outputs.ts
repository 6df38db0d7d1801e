// The view of dependency outputs handed to a node's `desired`/`params` function.
import type { NodeOutputs, NodeRef, PlanNode } from './graph.ts';

/**
 * Thrown by a `desired`/`params` function when an output it needs is not there yet (e.g. a private endpoint that
 * has no IP yet). The node is reported Waiting and retried on the next run; it is not a failure.
 */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
}

/** Thrown when a node reads a node outside its `dependsOn`: a plan bug, caught before it can race. */
export class UndeclaredDependencyError extends Error {
  override readonly name = 'UndeclaredDependencyError';
}

export function outputsFor(node: PlanNode, all: ReadonlyMap<string, unknown>): NodeOutputs {
  const allowed = new Set(node.dependsOn);
  return {
    get<Output>(dep: NodeRef<Output> | string): Output {
      const key = typeof dep === 'string' ? dep : dep.key;
      if (!allowed.has(key)) {
        throw new UndeclaredDependencyError(`node '${node.key}' reads the output of '${key}', which is not in its dependsOn`);
      }
      if (!all.has(key)) throw new NotReadyError(`output of '${key}' is not available yet`);
      return all.get(key) as Output;
    },
  };
}
