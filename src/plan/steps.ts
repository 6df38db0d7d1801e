// What the executor does for one node: observe → (wait for a running operation) → diff → write only if needed.
import type { ActionCheck, AdapterSet, CallContext, ResourceAdapter } from './adapter.ts';
import type { ActionNode, PlanNode, ResourceNode } from './graph.ts';
import { NotReadyError, outputsFor } from './outputs.ts';
import type { NodeOperation, NodeResult, NodeState } from './result.ts';
import { ClassifiedFailure, pollUntil, withRetry } from './retry.ts';
import type { RetryPolicy, SettlePolicy } from './retry.ts';

export interface StepContext {
  readonly adapters: AdapterSet;
  readonly signal: AbortSignal;
  readonly retry: RetryPolicy;
  readonly settle: SettlePolicy;
  /** Outputs of the nodes that have Succeeded so far, by key. */
  readonly outputs: Map<string, unknown>;
  countWrite(): void;
  progress(node: PlanNode, reason: string, message: string, operation: NodeOperation): void;
}

/** The wait bound passed while an operation was still running; not an error, the next run resumes the wait. */
class StillRunning extends ClassifiedFailure {
  constructor(message: string) {
    super({ kind: 'terminal', code: 'OperationInProgress', message });
  }
}

const TERMINAL_STATES = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);
const FAILED_STATES = new Set(['failed', 'canceled', 'cancelled']);

/** ARM: an absent provisioningState means Succeeded; anything but Succeeded/Failed/Canceled is still running. */
export function isTerminalState(state: string | undefined): boolean {
  return state === undefined || TERMINAL_STATES.has(state.toLowerCase());
}

function isFailedState(state: string | undefined): boolean {
  return state !== undefined && FAILED_STATES.has(state.toLowerCase());
}

interface Outcome {
  readonly state: NodeState;
  readonly reason: string;
  readonly message: string;
  readonly armCode?: string;
  readonly output?: unknown;
}

/** What a step has done so far; a holder because it is updated inside the retried closure. */
interface Work {
  operation: NodeOperation;
  changed?: string[];
}

function finish(node: PlanNode, t0: number, work: Work, o: Outcome): NodeResult {
  return {
    key: node.key,
    type: node.type,
    id: node.id,
    stage: node.stage,
    operation: work.operation,
    ...(work.changed && work.changed.length > 0 ? { changedFields: work.changed } : {}),
    ...o,
    durationMs: Math.round(performance.now() - t0),
  };
}

function failureOutcome(err: unknown, wrote: boolean): Outcome {
  if (err instanceof StillRunning) {
    return { state: 'InProgress', reason: 'OperationInProgress', message: err.classified.message };
  }
  if (err instanceof NotReadyError) return { state: 'Waiting', reason: 'OutputNotReady', message: err.message };
  if (!(err instanceof ClassifiedFailure)) {
    // Only plan bugs get here (a desired() that throws): retrying cannot fix them.
    const message = err instanceof Error ? err.message : String(err);
    return { state: 'Failed', reason: 'InvalidPlan', message, armCode: 'InvalidPlan' };
  }
  const c = err.classified;
  if (c.kind === 'aborted') {
    return wrote
      ? { state: 'InProgress', reason: 'Interrupted', message: 'stopped while an operation ran; the next run resumes it' }
      : { state: 'Waiting', reason: 'Interrupted', message: 'stopped before any change' };
  }
  if (c.kind === 'terminal') return { state: 'Failed', reason: c.code, message: c.message, armCode: c.code };
  return { state: 'Waiting', reason: c.code, message: c.message, armCode: c.code };
}

/** Waits until the resource's provisioningState is terminal; undefined when it disappeared meanwhile. */
async function settle<O>(adapter: ResourceAdapter<unknown, O>, node: PlanNode, ctx: StepContext): Promise<O | undefined> {
  const call: CallContext = { signal: ctx.signal };
  const settled = await pollUntil(
    async () => {
      const o = await adapter.get(node.id, call);
      if (o === undefined) return { observed: undefined };
      return isTerminalState(adapter.provisioningState(o)) ? { observed: o } : undefined;
    },
    ctx.settle,
    ctx.signal,
  );
  if (!settled) {
    throw new StillRunning(`${node.type} '${node.id}' is still being provisioned after ${ctx.settle.timeoutMs / 1000}s`);
  }
  return settled.observed;
}

async function observeSettled<O>(adapter: ResourceAdapter<unknown, O>, node: PlanNode, ctx: StepContext) {
  const current = await adapter.get(node.id, { signal: ctx.signal });
  if (current === undefined) return undefined;
  const state = adapter.provisioningState(current);
  if (isTerminalState(state)) return current;
  ctx.progress(node, 'WaitingForOperation', `an operation is running (provisioningState ${state})`, 'none');
  return settle(adapter, node, ctx);
}

function lookup(ctx: StepContext, node: ResourceNode): ResourceAdapter {
  const adapter = ctx.adapters.resource(node.adapter ?? node.type);
  if (!adapter) throw new Error(`no resource adapter is registered for '${node.adapter ?? node.type}'`);
  return adapter;
}

export async function applyResource(node: ResourceNode, ctx: StepContext): Promise<NodeResult> {
  const t0 = performance.now();
  const work: Work = { operation: 'none' };
  try {
    const adapter = lookup(ctx, node);
    const spec: unknown = node.ownership === 'managed' ? node.desired(outputsFor(node, ctx.outputs)) : undefined;
    const observed = await withRetry(
      async () => {
        const current = await observeSettled(adapter, node, ctx);
        if (node.ownership === 'external') return current;
        if (current === undefined) {
          work.operation = 'create';
          delete work.changed;
        } else if (isFailedState(adapter.provisioningState(current))) {
          work.operation = 'update';
          work.changed = ['provisioningState'];
        } else {
          const diff = adapter.diff(spec, current, node.id);
          if (diff.length === 0) return current;
          work.operation = 'update';
          work.changed = diff;
        }
        const verb = work.operation === 'create' ? 'Creating' : 'Updating';
        const what = work.changed ? `changed: ${work.changed.join(', ')}` : `creating ${node.type}`;
        ctx.progress(node, verb, what, work.operation);
        ctx.countWrite();
        const written = await adapter.put(node.id, spec, current, { signal: ctx.signal });
        const after = isTerminalState(adapter.provisioningState(written)) ? written : await settle(adapter, node, ctx);
        if (after === undefined) {
          throw new ClassifiedFailure({
            kind: 'transient',
            code: 'ResourceVanished',
            message: `${node.type} '${node.id}' disappeared right after it was written`,
          });
        }
        if (isFailedState(adapter.provisioningState(after))) {
          throw new ClassifiedFailure({
            kind: 'terminal',
            code: 'ProvisioningFailed',
            message: `${node.type} '${node.id}' ended in provisioningState ${adapter.provisioningState(after)}`,
          });
        }
        return after;
      },
      (err) => ctx.adapters.classifyError(err),
      ctx.retry,
      ctx.signal,
    );
    if (observed === undefined) {
      return finish(node, t0, work, {
        state: 'Waiting',
        reason: 'ExternalResourceNotFound',
        message: `external ${node.type} '${node.id}' does not exist; it is referenced but never created by the operator`,
      });
    }
    const output = adapter.output(observed, node.id);
    ctx.outputs.set(node.key, output);
    const reason = node.ownership === 'external' ? 'Observed' : REASON_BY_OPERATION[work.operation];
    const message = describe(node, work.operation);
    return finish(node, t0, work, { state: 'Succeeded', reason, message, output });
  } catch (err) {
    return finish(node, t0, work, failureOutcome(err, work.operation !== 'none'));
  }
}

const REASON_BY_OPERATION: Record<NodeOperation, string> = {
  none: 'UpToDate',
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  action: 'ActionCompleted',
};

function describe(node: PlanNode, operation: NodeOperation): string {
  return `${node.type} '${node.id}' ${operation === 'none' ? 'is up to date' : `${REASON_BY_OPERATION[operation].toLowerCase()}`}`;
}

export async function applyAction(node: ActionNode, ctx: StepContext): Promise<NodeResult> {
  const t0 = performance.now();
  const work: Work = { operation: 'none' };
  try {
    const adapter = ctx.adapters.action(node.type);
    if (!adapter) throw new Error(`no action adapter is registered for '${node.type}'`);
    const params: unknown = node.params(outputsFor(node, ctx.outputs));
    const call: CallContext = { signal: ctx.signal };
    const check = await withRetry(
      async (): Promise<ActionCheck> => {
        const first = await adapter.check(node.id, params, call);
        if (first.done) return first;
        if (!first.inProgress) {
          work.operation = 'action';
          ctx.progress(node, 'Running', `running ${node.type} (was: ${first.detail ?? 'not done'})`, 'action');
          ctx.countWrite();
          await adapter.run(node.id, params, call);
        }
        const done = await pollUntil(
          async () => {
            const c = await adapter.check(node.id, params, call);
            return c.done ? c : undefined;
          },
          ctx.settle,
          ctx.signal,
        );
        if (!done) throw new StillRunning(`${node.type} on '${node.id}' has not taken effect after ${ctx.settle.timeoutMs / 1000}s`);
        return done;
      },
      (err) => ctx.adapters.classifyError(err),
      ctx.retry,
      ctx.signal,
    );
    ctx.outputs.set(node.key, check.output);
    return finish(node, t0, work, {
      state: 'Succeeded',
      reason: REASON_BY_OPERATION[work.operation],
      message: `${node.type} on '${node.id}': ${check.detail ?? 'done'}`,
      output: check.output,
    });
  } catch (err) {
    return finish(node, t0, work, failureOutcome(err, work.operation !== 'none'));
  }
}

export async function destroyNode(node: PlanNode, ctx: StepContext): Promise<NodeResult> {
  const t0 = performance.now();
  if (node.kind === 'action' || node.ownership === 'external') {
    return finish(node, t0, { operation: 'none' }, { state: 'Succeeded', reason: 'Skipped', message: 'not owned by the operator' });
  }
  const work: Work = { operation: 'none' };
  try {
    const adapter = lookup(ctx, node);
    await withRetry(
      async () => {
        const current = await observeSettled(adapter, node, ctx);
        if (current === undefined) return;
        work.operation = 'delete';
        ctx.progress(node, 'Deleting', `deleting ${node.type} '${node.id}'`, 'delete');
        ctx.countWrite();
        await adapter.delete(node.id, { signal: ctx.signal });
      },
      (err) => ctx.adapters.classifyError(err),
      ctx.retry,
      ctx.signal,
    );
    const reason = work.operation === 'delete' ? 'Deleted' : 'AlreadyGone';
    return finish(node, t0, work, { state: 'Succeeded', reason, message: `${node.type} '${node.id}' is gone` });
  } catch (err) {
    return finish(node, t0, work, failureOutcome(err, work.operation !== 'none'));
  }
}
