// What the executor reports: per node and overall, in terms a controller maps straight onto conditions.
import type { PlanGraph } from './graph.ts';

/**
 * - Succeeded: exists and matches (apply), or is gone (destroy);
 * - Waiting: not started because a dependency is not done, or a retryable error outlasted the retry budget;
 * - InProgress: an operation was running when the executor stopped (signal, wait bound); the next run resumes it;
 * - Failed: a terminal error; the branch below it does not run.
 */
export type NodeState = 'Succeeded' | 'Waiting' | 'InProgress' | 'Failed';

/** What the executor did to the node in this run. */
export type NodeOperation = 'none' | 'create' | 'update' | 'delete' | 'action';

export interface NodeResult {
  readonly key: string;
  readonly type: string;
  readonly id: string;
  readonly stage: string;
  readonly state: NodeState;
  /** CamelCase: Created, Updated, UpToDate, Observed, Deleted, Skipped, an ARM code, or a dependency's waitReason. */
  readonly reason: string;
  readonly message: string;
  readonly armCode?: string;
  readonly operation: NodeOperation;
  /** Owned fields that differed and caused an update. */
  readonly changedFields?: readonly string[];
  /** The adapter's output (apply only, Succeeded nodes). */
  readonly output?: unknown;
  readonly durationMs: number;
}

export interface Blocker {
  readonly nodeKey: string;
  readonly reason: string;
  readonly message: string;
}

export interface Stall {
  readonly nodeKey: string;
  readonly code: string;
  readonly message: string;
}

interface RunSummary {
  readonly nodes: ReadonlyMap<string, NodeResult>;
  /** The first terminal failure in topological order: the object should be Stalled with this code. */
  readonly stalled?: Stall;
  /** The first unfinished node whose own dependencies are done: what the whole graph is waiting on. */
  readonly waitingOn?: Blocker;
  readonly progress: { readonly done: number; readonly total: number };
  /** ARM writes issued (PUT/PATCH/POST/DELETE). A converged graph applies with zero. */
  readonly writes: number;
  /** The signal fired before the run finished. */
  readonly aborted: boolean;
}

export interface ApplyResult extends RunSummary {
  /** Every node Succeeded. */
  readonly ready: boolean;
}

export interface DestroyResult extends RunSummary {
  /** Every managed node is gone. */
  readonly done: boolean;
}

export type ProgressEvent =
  | {
      readonly kind: 'node';
      readonly key: string;
      readonly stage: string;
      readonly state: NodeState;
      readonly reason: string;
      readonly message: string;
      readonly operation: NodeOperation;
    }
  /** Every node of the stage has Succeeded (emitted once per run, when it happens during the run). */
  | { readonly kind: 'stage'; readonly stage: string; readonly state: 'Succeeded' };

export interface StageSummary {
  readonly stage: string;
  readonly state: NodeState;
  readonly reason: string;
  readonly message: string;
  readonly done: number;
  readonly total: number;
}

const SEVERITY: Record<NodeState, number> = { Succeeded: 0, Waiting: 1, InProgress: 2, Failed: 3 };

/**
 * One summary per stage, in first-appearance order: Failed beats InProgress beats Waiting beats Succeeded, and the
 * reason/message come from the first node (topologically) in the worst state. Controllers map these to conditions.
 */
export function summarizeStages(graph: PlanGraph, result: RunSummary): StageSummary[] {
  const stages = new Map<string, { worst?: NodeResult; done: number; total: number }>();
  for (const key of graph.order) {
    const r = result.nodes.get(key);
    const stage = graph.nodes.get(key)?.stage;
    if (!r || stage === undefined) continue;
    const s = stages.get(stage) ?? { done: 0, total: 0 };
    s.total++;
    if (r.state === 'Succeeded') s.done++;
    if (!s.worst || SEVERITY[r.state] > SEVERITY[s.worst.state]) s.worst = r;
    stages.set(stage, s);
  }
  return [...stages].map(([stage, s]) => ({
    stage,
    state: s.worst?.state ?? 'Succeeded',
    reason: s.worst?.state === 'Succeeded' ? 'Succeeded' : (s.worst?.reason ?? 'Succeeded'),
    message: s.worst?.state === 'Succeeded' ? `${s.done}/${s.total} resources ready` : (s.worst?.message ?? ''),
    done: s.done,
    total: s.total,
  }));
}
