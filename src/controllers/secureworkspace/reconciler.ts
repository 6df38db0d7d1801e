// Reconciles one SecureWorkspace: finalizer first, then plan → apply (or destroy) → status and Events.
import { applySecureWorkspaceDefaults, FINALIZER, GROUP, SECURE_WORKSPACE_PLURAL, VERSION } from '../../api/index.ts';
import type { SecureWorkspaceSpec, SecureWorkspaceSpecInput, SecureWorkspaceStatus } from '../../api/index.ts';
import { apply, createPlanGraph, destroy } from '../../plan/index.ts';
import type { ApplyResult, PlanGraph } from '../../plan/index.ts';
import { ItemBackoff } from '../../runtime/backoff.ts';
import { abortReason, addFinalizer, getCondition, markStalled, removeFinalizer } from '../../runtime/index.ts';
import type { Informer, KubeObject, ReconcileContext, Reconciler, Request, ResourceKind, Result } from '../../runtime/index.ts';
import { describeWrites, markDeleting, withoutStageConditions } from '../shared/conditions.ts';
import type { ControllerDeps } from '../shared/deps.ts';
import { ownerTagValue, trackOwnership } from '../shared/ownership.ts';
import type { OwnershipTracker } from '../shared/ownership.ts';
import { RunProgress } from '../shared/progress.ts';
import { StatusPublisher } from '../shared/status-publisher.ts';
import { azureNames } from './names.ts';
import type { WorkspaceIdentity } from './names.ts';
import { STAGE_CONDITIONS } from './plan-kit.ts';
import { planSecureWorkspace } from './plan.ts';
import { appliedStatus, deletingInventory, knownHostNames } from './status.ts';

export const SECURE_WORKSPACE_RESOURCE: ResourceKind = { group: GROUP, version: VERSION, plural: SECURE_WORKSPACE_PLURAL };

/** Plan passes per reconcile: the second adds the A records of host names the first pass discovered. */
const MAX_PASSES = 3;
const MAX_REQUEUE_MS = 5 * 60_000;

/** A SecureWorkspace as the runtime reads it (raw JSON: timestamps are strings). */
export interface SecureWorkspace extends KubeObject {
  spec: SecureWorkspaceSpecInput;
  status?: SecureWorkspaceStatus;
}

type Publisher = StatusPublisher<SecureWorkspaceStatus, SecureWorkspace>;

interface Run {
  readonly graph: PlanGraph;
  readonly result: ApplyResult;
  /** ARM writes over all passes. */
  readonly writes: number;
  /** Resources found without the operator's stamp (lower-cased ids). */
  readonly adopted: ReadonlySet<string>;
}

/** A spec the plan cannot be built from (only reachable when the CRD's validation was bypassed). */
class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError';
}

export class SecureWorkspaceReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #informer: Informer<SecureWorkspace>;
  readonly #backoff: ItemBackoff<string>;

  constructor(deps: ControllerDeps, informer: Informer<SecureWorkspace>) {
    this.#deps = deps;
    this.#informer = informer;
    const base = deps.executor.requeueBaseMs ?? 5_000;
    this.#backoff = new ItemBackoff({ baseMs: base, maxMs: Math.max(base, MAX_REQUEUE_MS) });
  }

  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    const obj = this.#informer.get(req.namespace, req.name);
    if (!obj) {
      this.#backoff.forget(keyOf(req));
      return;
    }
    if (obj.metadata.deletionTimestamp) return this.#finalize(obj, ctx);
    const { manager } = this.#deps;
    // Before any Azure call: whatever gets created from here on is cleaned up when the object is deleted.
    const current = await addFinalizer(manager.http, SECURE_WORKSPACE_RESOURCE, obj, FINALIZER, {
      fieldManager: manager.fieldManager,
      signal: ctx.signal,
    });
    const generation = current.metadata.generation ?? 0;
    const stalled = getCondition(current.status?.conditions, 'Stalled');
    if (stalled?.status === 'True' && stalled.observedGeneration === generation) {
      // A terminal ARM error needs a human; calling ARM again with the same spec would fail the same way.
      ctx.log.debug({ reason: stalled.reason }, 'stalled on this generation; waiting for a spec change');
      return;
    }
    const publisher: Publisher = new StatusPublisher(manager, SECURE_WORKSPACE_RESOURCE, current, ctx.log);
    let run: Run;
    try {
      run = await this.#applyUntilComplete(current, publisher, ctx);
    } catch (err) {
      if (!(err instanceof InvalidSpecError)) throw err;
      await publisher.publish(markStalled(current.status ?? {}, generation, 'InvalidSpec', err.message));
      return;
    }
    if (abortReason(ctx.signal) !== undefined) return;
    const { graph, result } = run;
    const status = appliedStatus({
      previous: publisher.current.status,
      graph,
      result,
      generation,
      adopted: run.adopted,
    });
    const wasReady = getCondition(current.status?.conditions, 'Ready')?.status === 'True';
    await publisher.publish(status);
    if (wasReady && run.writes > 0) {
      void manager.events.record(publisher.current, {
        type: 'Normal',
        action: 'Reconcile',
        reason: 'DriftCorrected',
        note: `corrected in Azure: ${describeWrites(result).join('; ')}`,
      });
    }
    if (result.ready || result.stalled) {
      this.#backoff.forget(keyOf(req));
      return;
    }
    return { requeueAfter: this.#backoff.next(keyOf(req)) };
  }

  #identity(obj: SecureWorkspace): WorkspaceIdentity {
    return {
      subscriptionId: this.#deps.azure.subscriptionId,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name ?? '',
    };
  }

  #graph(obj: SecureWorkspace, spec: SecureWorkspaceSpec, known: ReadonlyMap<string, readonly string[]>): PlanGraph {
    try {
      return createPlanGraph(
        planSecureWorkspace({ spec, identity: this.#identity(obj), tenantId: this.#deps.azure.tenantId, known }),
      );
    } catch (err) {
      throw new InvalidSpecError(err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * Applies the plan, then re-plans with the host names the private endpoints turned out to serve: their A
   * records join the graph. Stops when the graph no longer grows, or on anything but full success.
   */
  async #applyUntilComplete(obj: SecureWorkspace, publisher: Publisher, ctx: ReconcileContext): Promise<Run> {
    const spec = applySecureWorkspaceDefaults(obj.spec);
    const names = azureNames(spec.namePrefix, spec.resourceGroup, this.#identity(obj));
    const tracker = trackOwnership(this.#deps.azure.adapters, ownerTagValue(obj.metadata.namespace ?? '', obj.metadata.name ?? ''));
    const generation = obj.metadata.generation ?? 0;
    const wasReady = getCondition(obj.status?.conditions, 'Ready')?.status === 'True';
    let known = knownHostNames(names, obj.status?.privateEndpoints ?? []);
    let graph = this.#graph(obj, spec, known);
    let writes = 0;
    for (let pass = 1; ; pass++) {
      const result = await this.#applyOnce(graph, tracker, publisher, generation, wasReady, ctx);
      writes += result.writes;
      const done = { graph, result, writes, adopted: tracker.adopted() };
      if (!result.ready || pass === MAX_PASSES) return done;
      known = knownHostNames(names, [], result);
      const next = this.#graph(obj, spec, known);
      if (next.nodes.size === graph.nodes.size) return done;
      graph = next;
    }
  }

  async #applyOnce(
    graph: PlanGraph,
    tracker: OwnershipTracker,
    publisher: Publisher,
    generation: number,
    wasReady: boolean,
    ctx: ReconcileContext,
  ): Promise<ApplyResult> {
    const progress = new RunProgress(graph);
    const stop = publisher.follow(
      progress,
      (partial) =>
        appliedStatus({ previous: publisher.current.status, graph, result: partial, generation, adopted: tracker.adopted() }),
      // A converged object stays quiet during a resync unless the run has to change something.
      () => !wasReady || progress.wrote,
    );
    try {
      return await apply(graph, tracker.adapters, {
        signal: ctx.signal,
        onProgress: progress.onProgress,
        ...this.#deps.executor,
      });
    } finally {
      await stop();
    }
  }

  async #finalize(obj: SecureWorkspace, ctx: ReconcileContext): Promise<Result | void> {
    const { manager } = this.#deps;
    const key = keyOf({ namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' });
    if (!obj.metadata.finalizers?.includes(FINALIZER)) return;
    const spec = applySecureWorkspaceDefaults(obj.spec);
    const unlock = () =>
      removeFinalizer(manager.http, SECURE_WORKSPACE_RESOURCE, obj, FINALIZER, { fieldManager: manager.fieldManager, signal: ctx.signal });
    if (spec.deletionPolicy === 'Retain') {
      void manager.events.record(obj, {
        type: 'Normal',
        action: 'Delete',
        reason: 'Retained',
        note: 'deletionPolicy is Retain: the Azure resources are left in place and no longer managed',
      });
      await unlock();
      return;
    }
    const generation = obj.metadata.generation ?? 0;
    const publisher: Publisher = new StatusPublisher(manager, SECURE_WORKSPACE_RESOURCE, obj, ctx.log);
    const base = withoutStageConditions(obj.status ?? {}, STAGE_CONDITIONS);
    if (getCondition(obj.status?.conditions, 'Reconciling')?.reason !== 'Deleting') {
      void manager.events.record(obj, { type: 'Normal', action: 'Delete', reason: 'Deleting', note: 'deleting the Azure resources in reverse order' });
    }
    let graph: PlanGraph;
    try {
      const names = azureNames(spec.namePrefix, spec.resourceGroup, this.#identity(obj));
      graph = this.#graph(obj, spec, knownHostNames(names, obj.status?.privateEndpoints ?? []));
    } catch (err) {
      if (!(err instanceof InvalidSpecError)) throw err;
      await publisher.publish(markStalled(base, generation, 'InvalidSpec', `cannot delete: ${err.message}`));
      return { requeueAfter: this.#backoff.next(key) };
    }
    await publisher.publish(markDeleting(base, undefined, generation));
    const tracker = trackOwnership(this.#deps.azure.adapters, ownerTagValue(obj.metadata.namespace ?? '', obj.metadata.name ?? ''));
    const result = await destroy(graph, tracker.adapters, { signal: ctx.signal, ...this.#deps.executor });
    if (abortReason(ctx.signal) !== undefined) return;
    if (result.done) {
      const kept = [...tracker.retained()];
      void manager.events.record(publisher.current, {
        type: 'Normal',
        action: 'Delete',
        reason: 'Deleted',
        note: kept.length === 0 ? 'all Azure resources deleted' : `Azure resources deleted; kept (not created by the operator): ${kept.join(', ')}`,
      });
      this.#backoff.forget(key);
      await removeFinalizer(manager.http, SECURE_WORKSPACE_RESOURCE, publisher.current, FINALIZER, {
        fieldManager: manager.fieldManager,
        signal: ctx.signal,
      });
      return;
    }
    await publisher.publish({ ...markDeleting(base, result, generation), ...deletingInventory(graph, result) });
    // Even a terminal error is retried, slowly: the object cannot go away until Azure is cleaned up.
    return { requeueAfter: this.#backoff.next(key) };
  }
}

function keyOf(req: Request): string {
  return `${req.namespace}/${req.name}`;
}
