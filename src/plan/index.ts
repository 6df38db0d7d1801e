// Public surface of the plan layer: build a graph of nodes, then apply or destroy it through an AdapterSet.
//
//   const graph = createPlanGraph([rg, vnet, pe, zoneGroup]);      // validates keys, deps, cycles
//   const result = await apply(graph, adapters, { signal, onProgress });
//   result.ready / result.stalled / result.waitingOn / result.progress / result.writes
//   summarizeStages(graph, result)                                 // one summary per stage → conditions
//   await destroy(graph, adapters, { signal });                    // reverse order, external nodes untouched
export type { ActionAdapter, ActionCheck, AdapterSet, CallContext, ClassifiedError, ErrorKind, ResourceAdapter } from './adapter.ts';
export { apply, destroy } from './executor.ts';
export type { ExecutorOptions } from './executor.ts';
export { createPlanGraph, criticalPath, PlanGraphError, topologicalLayers } from './graph.ts';
export type { ActionNode, CriticalPath, NodeOutputs, NodeRef, Ownership, PlanGraph, PlanNode, ResourceNode } from './graph.ts';
export { NotReadyError, UndeclaredDependencyError } from './outputs.ts';
export { summarizeStages } from './result.ts';
export type {
  ApplyResult,
  Blocker,
  DestroyResult,
  NodeOperation,
  NodeResult,
  NodeState,
  ProgressEvent,
  Stall,
  StageSummary,
} from './result.ts';
export { DEFAULT_RETRY, DEFAULT_SETTLE } from './retry.ts';
export type { RetryPolicy, SettlePolicy } from './retry.ts';
export { isTerminalState } from './steps.ts';
