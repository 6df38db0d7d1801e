import { randomUUID } from 'node:crypto';
import { idKey, splitPath } from './ids.ts';
import type { AsyncPattern, OperationUrlStyle } from './types.ts';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

/** One long-running operation. Plain data, so in-flight operations survive a restart through the state file. */
export interface Operation {
  id: string;
  resourceId: string;
  type: string;
  verb: 'put' | 'patch' | 'delete' | 'action';
  action?: string;
  /** Request body of an action, replayed to its `complete`. */
  actionRequest?: Record<string, unknown>;
  apiVersion: string;
  pattern: AsyncPattern;
  /** Paths (no host) of the status monitor (`Azure-AsyncOperation`) and the result (`Location`). */
  statusPath?: string;
  resultPath?: string;
  status: OperationStatus;
  startTime: number;
  readyAt: number;
  endTime?: number;
  /** How the operation will end when a fault was injected; otherwise it succeeds. */
  outcome?: { status: 'Failed' | 'Canceled'; code: string; message: string };
  error?: { code: string; message: string };
  /** Body the `Location` URL answers once done (the resource for PUT/PATCH, an action's result). */
  result?: unknown;
}

export const DEFAULT_OPERATION_URLS: OperationUrlStyle = {
  namespace: 'Microsoft.Resources',
  scope: 'location',
  statusSegment: 'operationStatuses',
  resultSegment: 'operationResults',
};

/** Builds the status and result paths of an operation in the provider's own URL style. */
export function operationPaths(
  style: OperationUrlStyle,
  subscriptionId: string,
  resourceGroup: string | undefined,
  location: string,
  opId: string,
): { statusPath: string; resultPath: string } {
  const base =
    style.scope === 'resourceGroup' && resourceGroup
      ? `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${style.namespace}`
      : `/subscriptions/${subscriptionId}/providers/${style.namespace}/locations/${location || 'global'}`;
  return { statusPath: `${base}/${style.statusSegment}/${opId}`, resultPath: `${base}/${style.resultSegment}/${opId}` };
}

export class OperationTable {
  readonly #ops = new Map<string, Operation>();

  create(fields: Omit<Operation, 'id' | 'status'>): Operation {
    const op: Operation = { ...fields, id: randomUUID(), status: 'InProgress' };
    this.#ops.set(op.id, op);
    return op;
  }

  get(id: string): Operation | undefined {
    return this.#ops.get(id);
  }

  /** The operation a status or result path names, with which of the two it is. */
  byPath(pathname: string): { op: Operation; kind: 'status' | 'result' } | undefined {
    const segs = splitPath(pathname);
    const op = this.#ops.get(segs[segs.length - 1] ?? '');
    if (!op) return undefined;
    const key = idKey(pathname);
    if (op.statusPath && idKey(op.statusPath) === key) return { op, kind: 'status' };
    if (op.resultPath && idKey(op.resultPath) === key) return { op, kind: 'result' };
    return undefined;
  }

  /** The running operation on a resource, if any. */
  runningOn(resourceId: string): Operation | undefined {
    const key = idKey(resourceId);
    for (const op of this.#ops.values()) if (op.status === 'InProgress' && idKey(op.resourceId) === key) return op;
    return undefined;
  }

  /** Running operations whose time has come, oldest deadline first. */
  due(now: number): Operation[] {
    return [...this.#ops.values()].filter((o) => o.status === 'InProgress' && o.readyAt <= now).sort((a, b) => a.readyAt - b.readyAt);
  }

  /** Forgets operations that ended more than `ageMs` ago, so a long run does not accumulate them forever. */
  prune(now: number, ageMs: number): void {
    for (const [id, op] of this.#ops) if (op.endTime !== undefined && now - op.endTime > ageMs) this.#ops.delete(id);
  }

  all(): Operation[] {
    return [...this.#ops.values()];
  }

  load(ops: readonly Operation[]): void {
    this.#ops.clear();
    for (const op of ops) this.#ops.set(op.id, op);
  }

  clear(): void {
    this.#ops.clear();
  }
}
