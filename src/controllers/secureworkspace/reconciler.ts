// Reconciles one SecureWorkspace: finalizer first, then apply (or destroy) the plan, then status and Events.
import { applySecureWorkspaceDefaults, FINALIZER, GROUP, SECURE_WORKSPACE_PLURAL, VERSION } from '../../api/index.ts';
import { destroy } from '../../plan/index.ts';
import type { PlanGraph } from '../../plan/index.ts';
import type { ItemBackoff } from '../../runtime/index.ts';
import { abortReason, getCondition, markStalled, removeFinalizer } from '../../runtime/index.ts';
import type { Informer, ReconcileContext, Reconciler, Request, ResourceKind, Result } from '../../runtime/index.ts';
import { describeWrites, markDeleting, withoutStageConditions } from '../shared/conditions.ts';
import { claimObject } from '../shared/claim.ts';
import { requeueBackoff } from '../shared/deps.ts';
import type { ControllerDeps } from '../shared/deps.ts';
import { StatusPublisher } from '../shared/status-publisher.ts';
import { applyWorkspace, InvalidSpecError, ownershipOf, recordedGraph } from './apply-run.ts';
import type { Publisher, Run, SecureWorkspace } from './apply-run.ts';
import { STAGE_CONDITIONS } from './plan-kit.ts';
import { appliedStatus, deletingInventory } from './status.ts';

export type { SecureWorkspace } from './apply-run.ts';

export const SECURE_WORKSPACE_RESOURCE: ResourceKind = { group: GROUP, version: VERSION, plural: SECURE_WORKSPACE_PLURAL };


export class SecureWorkspaceReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #informer: Informer<SecureWorkspace>;
  /** Per object: how long to wait before looking at Azure again while something is not done. */
  readonly #backoff: ItemBackoff<string>;

  constructor(deps: ControllerDeps, informer: Informer<SecureWorkspace>) {
    this.#deps = deps;
    this.#informer = informer;
    this.#backoff = requeueBackoff(deps);
  }

  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    const claim = await claimObject(this.#deps, SECURE_WORKSPACE_RESOURCE, this.#informer, this.#backoff, req, ctx);
    if (claim.state === 'gone') return;
    if (claim.state === 'deleting') return this.#finalize(claim.obj, claim.key, ctx);
    const { obj: current, key } = claim;
    const { manager } = this.#deps;
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
      run = await applyWorkspace(this.#deps, current, publisher, ctx);
    } catch (err) {
      if (!(err instanceof InvalidSpecError)) throw err;
      await publisher.publish(markStalled(current.status ?? {}, generation, 'InvalidSpec', err.message));
      return;
    }
    // A newer generation, deletion or shutdown interrupted the run; the next reconcile starts from the new state.
    if (abortReason(ctx.signal) !== undefined) return;
    const { graph, result } = run;
    await publisher.publish(
      appliedStatus({ previous: publisher.current.status, graph, result, generation, adopted: run.adopted, retiring: run.retiring }),
    );
    // Writes for a generation already Ready were not asked for by a spec change: something changed in Azure.
    const wasReady = getCondition(current.status?.conditions, 'Ready');
    const corrected = describeWrites(result);
    if (wasReady?.status === 'True' && wasReady.observedGeneration === generation && corrected.length > 0) {
      void manager.events.record(publisher.current, {
        type: 'Normal',
        action: 'Reconcile',
        reason: 'DriftCorrected',
        note: `corrected in Azure: ${corrected.join('; ')}`,
      });
    }
    if (result.stalled || (result.ready && run.retiring.length === 0)) {
      this.#backoff.forget(key);
      return;
    }
    return { requeueAfter: this.#backoff.next(key) };
  }

  async #finalize(obj: SecureWorkspace, key: string, ctx: ReconcileContext): Promise<Result | void> {
    const { manager } = this.#deps;
    if (!obj.metadata.finalizers?.includes(FINALIZER)) return;
    const release = (target: SecureWorkspace) =>
      removeFinalizer(manager.http, SECURE_WORKSPACE_RESOURCE, target, FINALIZER, { fieldManager: manager.fieldManager, signal: ctx.signal });
    if (applySecureWorkspaceDefaults(obj.spec).deletionPolicy === 'Retain') {
      void manager.events.record(obj, {
        type: 'Normal',
        action: 'Delete',
        reason: 'Retained',
        note: 'deletionPolicy is Retain: the Azure resources are left in place and no longer managed',
      });
      await release(obj);
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
      graph = recordedGraph(this.#deps, obj);
    } catch (err) {
      if (!(err instanceof InvalidSpecError)) throw err;
      await publisher.publish(markStalled(base, generation, 'InvalidSpec', `cannot delete: ${err.message}`));
      return { requeueAfter: this.#backoff.next(key) };
    }
    await publisher.publish(markDeleting(base, undefined, generation));
    const tracker = ownershipOf(this.#deps, obj);
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
      await release(publisher.current);
      return;
    }
    await publisher.publish({ ...markDeleting(base, result, generation), ...deletingInventory(graph, result) });
    // Even a terminal error is retried, slowly: the object cannot go away until Azure is cleaned up.
    return { requeueAfter: this.#backoff.next(key) };
  }
}
