// Reconciles one ImageBuildCompute: finalizer first; then, once its SecureWorkspace is Ready and no older
// ImageBuildCompute holds that workspace, the AmlCompute cluster (in a subnet of the workspace's VNet, or in its
// managed VNet) and the workspace's imageBuildCompute; status and Events. Delete resets imageBuildCompute to ''
// (serverless builds) before deleting the cluster.
import { applyImageBuildComputeDefaults, FINALIZER, GROUP, IMAGE_BUILD_COMPUTE_PLURAL, VERSION } from '../../api/index.ts';
import type { ImageBuildComputeSpec, ImageBuildComputeSpecInput, ImageBuildComputeStatus } from '../../api/index.ts';
import { apply, createPlanGraph, destroy } from '../../plan/index.ts';
import type { AdapterSet, ApplyResult, PlanGraph } from '../../plan/index.ts';
import type { ItemBackoff } from '../../runtime/index.ts';
import { abortReason, getCondition, markReconciling, markStalled, removeFinalizer } from '../../runtime/index.ts';
import type { CacheReader, Informer, KubeObject, ReconcileContext, Reconciler, Request, ResourceKind, Result } from '../../runtime/index.ts';
import { describeWrites, markDeleting, withoutStageConditions } from '../shared/conditions.ts';
import { claimObject } from '../shared/claim.ts';
import { requeueBackoff } from '../shared/deps.ts';
import type { ControllerDeps } from '../shared/deps.ts';
import { ownerTagValue, trackOwnership } from '../shared/ownership.ts';
import { RunProgress } from '../shared/progress.ts';
import { recordProvisioningStates } from '../shared/observed-states.ts';
import { StatusPublisher } from '../shared/status-publisher.ts';
import { resolveWorkspace, WAITING_FOR_WORKSPACE } from '../shared/workspace-ref.ts';
import type { SecureWorkspace } from '../secureworkspace/index.ts';
import { workspaceHolder } from './holder.ts';
import { computeIdOf, computeTarget, KEYS, planImageBuildCompute, planTeardown, STAGE_CONDITIONS } from './plan.ts';
import { appliedStatus, outboundNote } from './status.ts';

export const IMAGE_BUILD_COMPUTE_RESOURCE: ResourceKind = { group: GROUP, version: VERSION, plural: IMAGE_BUILD_COMPUTE_PLURAL };

/** Index of the primary cache: ImageBuildComputes by `namespace/workspace`. */
export const WORKSPACE_INDEX = 'workspace';


/** An ImageBuildCompute as the runtime reads it (raw JSON). */
export interface ImageBuildComputeObject extends KubeObject {
  spec: ImageBuildComputeSpecInput;
  status?: ImageBuildComputeStatus;
}

type Publisher = StatusPublisher<ImageBuildComputeStatus, ImageBuildComputeObject>;

export function workspaceKey(obj: ImageBuildComputeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.spec.workspaceRef.name}`;
}

export class ImageBuildComputeReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #informer: Informer<ImageBuildComputeObject>;
  readonly #workspaces: CacheReader<SecureWorkspace>;
  readonly #backoff: ItemBackoff<string>;

  constructor(deps: ControllerDeps, informer: Informer<ImageBuildComputeObject>, workspaces: CacheReader<SecureWorkspace>) {
    this.#deps = deps;
    this.#informer = informer;
    this.#workspaces = workspaces;
    this.#backoff = requeueBackoff(deps);
  }

  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    const claim = await claimObject(this.#deps, IMAGE_BUILD_COMPUTE_RESOURCE, this.#informer, this.#backoff, req, ctx);
    if (claim.state === 'gone') return;
    if (claim.state === 'deleting') return this.#finalize(claim.obj, claim.key, ctx);
    const { obj: current, key } = claim;
    const { manager } = this.#deps;
    const spec = applyImageBuildComputeDefaults(current.spec);
    const generation = current.metadata.generation ?? 0;
    const publisher: Publisher = new StatusPublisher(manager, IMAGE_BUILD_COMPUTE_RESOURCE, current, ctx.log);
    const status = current.status ?? {};

    const holder = workspaceHolder(this.#informer.byIndex(WORKSPACE_INDEX, workspaceKey(current)));
    if (holder && holder.metadata.name !== current.metadata.name) {
      const name = spec.workspaceRef.name;
      await publisher.publish(
        holder.metadata.deletionTimestamp
          ? markReconciling(status, generation, 'WaitingForImageBuildCompute', `ImageBuildCompute '${holder.metadata.name}' still holds SecureWorkspace '${name}' and is being deleted`)
          : markStalled(
              status,
              generation,
              'WorkspaceHasImageBuildCompute',
              `SecureWorkspace '${name}' already builds its images on ImageBuildCompute '${holder.metadata.name}' ` +
                `(compute '${holder.spec.computeName}'); a workspace has one image-build compute: delete one of the two`,
            ),
      );
      return;
    }

    const ws = resolveWorkspace(this.#workspaces, req.namespace, spec.workspaceRef.name);
    if (!ws.ready) {
      // No requeue: the watch on SecureWorkspaces brings this object back when the workspace changes.
      await publisher.publish(markReconciling(status, generation, WAITING_FOR_WORKSPACE, ws.message));
      return;
    }
    const where = computeTarget(ws, spec.subnet);
    if ('unavailable' in where) {
      await publisher.publish(markStalled(status, generation, 'SubnetNotAvailable', where.unavailable));
      return;
    }
    const note = outboundNote(ws, spec.nodePublicIp);

    const computeId = computeIdOf(ws.workspaceId, spec.computeName);
    if (status.computeId !== computeId) {
      // Recorded before the first write, so a delete finds the cluster even if this run is cut short.
      await publisher.publish(
        markReconciling({ ...status, computeId }, generation, 'Creating', `creating compute '${spec.computeName}' in workspace '${ws.workspaceId}'`),
      );
    }
    const graph = createPlanGraph(planImageBuildCompute(spec, where.target));
    const wasReady = getCondition(status.conditions, 'Ready')?.status === 'True';
    const states = recordProvisioningStates(this.#deps.azure.adapters);
    const result = await this.#apply(graph, spec, states.adapters, publisher, { generation, wasReady, computeId, current, note }, ctx);
    if (abortReason(ctx.signal) !== undefined) return;
    await publisher.publish(
      appliedStatus({
        previous: publisher.current.status,
        graph,
        result,
        generation,
        computeName: spec.computeName,
        computeId,
        outboundNote: note,
        provisioningState: states.stateOf(computeId),
      }),
    );
    if (wasReady && result.writes > 0) {
      void manager.events.record(publisher.current, {
        type: 'Normal',
        action: 'Reconcile',
        reason: 'DriftCorrected',
        note: `corrected in Azure: ${describeWrites(result).join('; ')}`,
      });
    }
    if (result.ready || result.stalled) {
      this.#backoff.forget(key);
      return;
    }
    return { requeueAfter: this.#backoff.next(key) };
  }

  async #apply(
    graph: PlanGraph,
    spec: ImageBuildComputeSpec,
    adapters: AdapterSet,
    publisher: Publisher,
    run: { generation: number; wasReady: boolean; computeId: string; current: ImageBuildComputeObject; note: string | undefined },
    ctx: ReconcileContext,
  ): Promise<ApplyResult> {
    const tracker = trackOwnership(adapters, ownerTagValue(run.current.metadata.namespace ?? '', run.current.metadata.name ?? ''));
    const progress = new RunProgress(graph);
    const stop = publisher.follow(
      progress,
      (partial) =>
        appliedStatus({
          previous: publisher.current.status,
          graph,
          result: partial,
          generation: run.generation,
          computeName: spec.computeName,
          computeId: run.computeId,
          outboundNote: run.note,
          provisioningState: undefined,
        }),
      () => !run.wasReady || progress.wrote,
    );
    try {
      return await apply(graph, tracker.adapters, { signal: ctx.signal, onProgress: progress.onProgress, ...this.#deps.executor });
    } finally {
      await stop();
    }
  }

  async #finalize(obj: ImageBuildComputeObject, key: string, ctx: ReconcileContext): Promise<Result | void> {
    const { manager } = this.#deps;
    if (!obj.metadata.finalizers?.includes(FINALIZER)) return;
    const spec = applyImageBuildComputeDefaults(obj.spec);
    const unlock = (o: ImageBuildComputeObject) =>
      removeFinalizer(manager.http, IMAGE_BUILD_COMPUTE_RESOURCE, o, FINALIZER, { fieldManager: manager.fieldManager, signal: ctx.signal });
    const computeId = obj.status?.computeId;
    if (spec.deletionPolicy === 'Retain' || computeId === undefined) {
      // Retain, or nothing was ever created (e.g. refused because another object holds the workspace).
      if (computeId !== undefined) {
        void manager.events.record(obj, {
          type: 'Normal',
          action: 'Delete',
          reason: 'Retained',
          note: 'deletionPolicy is Retain: the compute and the workspace setting are left in place',
        });
      }
      this.#backoff.forget(key);
      await unlock(obj);
      return;
    }
    const generation = obj.metadata.generation ?? 0;
    const publisher: Publisher = new StatusPublisher(manager, IMAGE_BUILD_COMPUTE_RESOURCE, obj, ctx.log);
    const base = withoutStageConditions(obj.status ?? {}, STAGE_CONDITIONS);
    if (getCondition(obj.status?.conditions, 'Reconciling')?.reason !== 'Deleting') {
      void manager.events.record(obj, {
        type: 'Normal',
        action: 'Delete',
        reason: 'Deleting',
        note: 'resetting the workspace to serverless image builds, then deleting the compute',
      });
    }
    await publisher.publish(markDeleting(base, undefined, generation));
    const graph = createPlanGraph(planTeardown(computeId));
    const tracker = trackOwnership(this.#deps.azure.adapters, ownerTagValue(obj.metadata.namespace ?? '', obj.metadata.name ?? ''));
    const result = await destroy(graph, tracker.adapters, { signal: ctx.signal, ...this.#deps.executor });
    if (abortReason(ctx.signal) !== undefined) return;
    if (result.done) {
      const kept = [...tracker.retained()];
      const binding = result.nodes.get(KEYS.imageBuildCompute)?.reason === 'Deleted' ? "imageBuildCompute reset to ''" : 'workspace already without it';
      void manager.events.record(publisher.current, {
        type: 'Normal',
        action: 'Delete',
        reason: 'Deleted',
        note: kept.length === 0 ? `${binding}; compute deleted` : `${binding}; kept (not created by the operator): ${kept.join(', ')}`,
      });
      this.#backoff.forget(key);
      await unlock(publisher.current);
      return;
    }
    await publisher.publish(markDeleting(base, result, generation));
    return { requeueAfter: this.#backoff.next(key) };
  }
}
