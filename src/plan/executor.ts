// The generic executor: applies or destroys a plan graph through an AdapterSet. It knows graphs, waits, retries and
// error kinds, and nothing about workspaces. Independent nodes run at the same time; a node never starts before the
// nodes it depends on (apply) or that depend on it (destroy) have Succeeded.
import type { AdapterSet } from './adapter.ts';
import type { PlanGraph, PlanNode } from './graph.ts';
import type { ApplyResult, Blocker, DestroyResult, NodeResult, ProgressEvent, Stall } from './result.ts';
import { DEFAULT_RETRY, DEFAULT_SETTLE } from './retry.ts';
import type { RetryPolicy, SettlePolicy } from './retry.ts';
import { schedule } from './scheduler.ts';
import { applyAction, applyResource, destroyNode } from './steps.ts';
import type { StepContext } from './steps.ts';

export interface ExecutorOptions {
  /** Stops starting nodes and returns promptly with what is known; running operations continue in ARM. */
  readonly signal?: AbortSignal;
  /** Node transitions and stage completions. Must not throw (exceptions are ignored). */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Nodes worked on at the same time; default 16 (bounds the ARM request rate of one graph). */
  readonly maxConcurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly settle?: Partial<SettlePolicy>;
}

interface Run {
  readonly ctx: StepContext;
  readonly writes: () => number;
  readonly emit: (event: ProgressEvent) => void;
  /** Silences progress: after an abort, operations still settling must not report once the caller has moved on. */
  readonly close: () => void;
}

function startRun(adapters: AdapterSet, opts: ExecutorOptions): Run {
  let writes = 0;
  let closed = false;
  const emit = (event: ProgressEvent): void => {
    if (closed) return;
    try {
      opts.onProgress?.(event);
    } catch {
      // A failing progress sink must not change what happens in Azure.
    }
  };
  const ctx: StepContext = {
    adapters,
    signal: opts.signal ?? new AbortController().signal,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    settle: { ...DEFAULT_SETTLE, ...opts.settle },
    outputs: new Map(),
    countWrite: () => void writes++,
    progress: (node, reason, message, operation) =>
      emit({ kind: 'node', key: node.key, stage: node.stage, state: 'InProgress', reason, message, operation }),
  };
  return { ctx, writes: () => writes, emit, close: () => void (closed = true) };
}

function nodeEvent(r: NodeResult): ProgressEvent {
  return { kind: 'node', key: r.key, stage: r.stage, state: r.state, reason: r.reason, message: r.message, operation: r.operation };
}

function firstFailure(results: ReadonlyMap<string, NodeResult>): Stall | undefined {
  for (const r of results.values()) {
    if (r.state === 'Failed') return { nodeKey: r.key, code: r.armCode ?? r.reason, message: r.message };
  }
  return undefined;
}

/** The first unfinished node (in traversal order) whose predecessors are all done: the real blocker. */
function frontier(
  graph: PlanGraph,
  order: readonly string[],
  results: ReadonlyMap<string, NodeResult>,
  predecessors: (node: PlanNode) => readonly string[],
  reasonOf: (node: PlanNode, r: NodeResult) => string,
): Blocker | undefined {
  for (const key of order) {
    const node = graph.nodes.get(key);
    const r = results.get(key);
    if (!node || !r || r.state === 'Succeeded' || r.state === 'Failed') continue;
    if (predecessors(node).every((k) => results.get(k)?.state === 'Succeeded')) {
      return { nodeKey: key, reason: reasonOf(node, r), message: `${key}: ${r.reason}: ${r.message}` };
    }
  }
  return undefined;
}

const dependencies = (node: PlanNode): readonly string[] => node.dependsOn;

export async function apply(graph: PlanGraph, adapters: AdapterSet, opts: ExecutorOptions = {}): Promise<ApplyResult> {
  const { ctx, writes, emit, close } = startRun(adapters, opts);
  const remainingByStage = new Map<string, number>();
  for (const node of graph.nodes.values()) remainingByStage.set(node.stage, (remainingByStage.get(node.stage) ?? 0) + 1);

  const results = await schedule({
    graph,
    order: graph.order,
    predecessors: dependencies,
    maxConcurrency: opts.maxConcurrency ?? 16,
    signal: ctx.signal,
    run: (node) => (node.kind === 'action' ? applyAction(node, ctx) : applyResource(node, ctx)),
    blocked: (node, blocker, blockerResult) => ({
      key: node.key,
      type: node.type,
      id: node.id,
      stage: node.stage,
      state: 'Waiting',
      reason: blocker.waitReason,
      message: `waiting for ${blocker.key}${blockerResult ? ` (${blockerResult.reason})` : ''}`,
      operation: 'none',
      durationMs: 0,
    }),
    interrupted: (node, started) => interrupted(node, started),
    onResult: (r) => {
      emit(nodeEvent(r));
      if (r.state !== 'Succeeded') return;
      const left = (remainingByStage.get(r.stage) ?? 1) - 1;
      remainingByStage.set(r.stage, left);
      if (left === 0) emit({ kind: 'stage', stage: r.stage, state: 'Succeeded' });
    },
  });
  close();

  const done = [...results.values()].filter((r) => r.state === 'Succeeded').length;
  const stalled = firstFailure(results);
  const waitingOn = frontier(graph, graph.order, results, dependencies, (node) => node.waitReason);
  return {
    ready: done === graph.nodes.size,
    nodes: results,
    ...(stalled ? { stalled } : {}),
    ...(waitingOn ? { waitingOn } : {}),
    progress: { done, total: graph.nodes.size },
    writes: writes(),
    aborted: ctx.signal.aborted,
  };
}

export async function destroy(graph: PlanGraph, adapters: AdapterSet, opts: ExecutorOptions = {}): Promise<DestroyResult> {
  const { ctx, writes, emit, close } = startRun(adapters, opts);
  const dependants = (node: PlanNode): readonly string[] => graph.dependants.get(node.key) ?? [];
  const reverse = [...graph.order].reverse();

  const results = await schedule({
    graph,
    order: reverse,
    predecessors: dependants,
    maxConcurrency: opts.maxConcurrency ?? 16,
    signal: ctx.signal,
    run: (node) => destroyNode(node, ctx),
    blocked: (node, blocker, blockerResult) => ({
      key: node.key,
      type: node.type,
      id: node.id,
      stage: node.stage,
      state: 'Waiting',
      reason: 'WaitingForDependents',
      message: `waiting for ${blocker.key} to be deleted${blockerResult ? ` (${blockerResult.reason})` : ''}`,
      operation: 'none',
      durationMs: 0,
    }),
    interrupted: (node, started) => interrupted(node, started),
    onResult: (r) => emit(nodeEvent(r)),
  });
  close();

  const owned = [...graph.nodes.values()].filter((n) => n.kind === 'resource' && n.ownership === 'managed');
  const done = owned.filter((n) => results.get(n.key)?.state === 'Succeeded').length;
  const stalled = firstFailure(results);
  const waitingOn = frontier(graph, reverse, results, dependants, (_node, r) => r.reason);
  return {
    done: [...results.values()].every((r) => r.state === 'Succeeded'),
    nodes: results,
    ...(stalled ? { stalled } : {}),
    ...(waitingOn ? { waitingOn } : {}),
    progress: { done, total: owned.length },
    writes: writes(),
    aborted: ctx.signal.aborted,
  };
}

function interrupted(node: PlanNode, started: boolean): NodeResult {
  return {
    key: node.key,
    type: node.type,
    id: node.id,
    stage: node.stage,
    state: started ? 'InProgress' : 'Waiting',
    reason: 'Interrupted',
    message: started ? 'stopped while working on it; the next run resumes' : 'stopped before it started',
    operation: 'none',
    durationMs: 0,
  };
}
