// A run seen while it happens: the executor's progress events folded into a partial ApplyResult, so status (the
// progress figure, stage conditions, what is being worked on) can be published long before a 10-minute apply ends.
import type { ApplyResult, NodeResult, PlanGraph, ProgressEvent } from '../../plan/index.ts';

export class RunProgress {
  readonly #graph: PlanGraph;
  readonly #nodes = new Map<string, NodeResult>();
  #current: NodeResult | undefined;
  #wrote = false;
  #version = 0;

  constructor(graph: PlanGraph) {
    this.#graph = graph;
  }

  /** Pass as the executor's `onProgress`. */
  readonly onProgress = (event: ProgressEvent): void => {
    if (event.kind !== 'node') return;
    const node = this.#graph.nodes.get(event.key);
    if (!node) return;
    const result: NodeResult = {
      key: event.key,
      type: node.type,
      id: node.id,
      stage: event.stage,
      state: event.state,
      reason: event.reason,
      message: event.message,
      operation: event.operation,
      durationMs: 0,
    };
    this.#nodes.set(event.key, result);
    if (event.state === 'InProgress') this.#current = result;
    if (event.operation !== 'none') this.#wrote = true;
    this.#version++;
  };

  /** Bumped by every event: nothing to publish while it stays the same. */
  get version(): number {
    return this.#version;
  }

  /** The run has started a write (create, update, delete, action): the object is changing, say so. */
  get wrote(): boolean {
    return this.#wrote;
  }

  /** The run so far; nodes not heard of yet are Waiting. Never ready: the real result says that. */
  snapshot(): ApplyResult {
    const nodes = new Map<string, NodeResult>();
    for (const key of this.#graph.order) {
      const node = this.#graph.nodes.get(key);
      if (!node) continue;
      nodes.set(
        key,
        this.#nodes.get(key) ?? {
          key,
          type: node.type,
          id: node.id,
          stage: node.stage,
          state: 'Waiting',
          reason: node.waitReason,
          message: 'not started yet',
          operation: 'none',
          durationMs: 0,
        },
      );
    }
    const done = [...nodes.values()].filter((r) => r.state === 'Succeeded').length;
    const current = this.#current && this.#nodes.get(this.#current.key)?.state === 'InProgress' ? this.#current : undefined;
    return {
      ready: false,
      nodes,
      ...(current ? { waitingOn: { nodeKey: current.key, reason: current.reason, message: `${current.key}: ${current.message}` } } : {}),
      progress: { done, total: nodes.size },
      writes: 0,
      aborted: false,
    };
  }
}
