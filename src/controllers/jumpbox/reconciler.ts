// Reconciles one JumpBox: finalizer first; then where it goes (its SecureWorkspace's training subnet or a given
// subnet), the admin password from its Secret, the graph (NIC, VM, password, power state, schedule, Bastion), the
// removal of what the spec switched off, status and Events. Delete goes schedule → VM → NIC and Bastion → public IP,
// and leaves the VNet alone.
import type { VirtualMachine } from '@azure/arm-compute';
import type { VirtualNetwork } from '@azure/arm-network';
import { applyJumpBoxDefaults, FINALIZER, GROUP, JUMP_BOX_PLURAL, VERSION } from '../../api/index.ts';
import type { JumpBoxSpec, JumpBoxSpecInput, JumpBoxStatus } from '../../api/index.ts';
import { ADMIN_PASSWORD_VERSION_TAG, SSH_KEY_VERSION_TAG } from '../../azure/adapters/virtual-machine-access.ts';
import { rgAndNames } from '../../azure/index.ts';
import { apply, createPlanGraph, destroy } from '../../plan/index.ts';
import type { ApplyResult, DestroyResult, PlanGraph, PlanNode } from '../../plan/index.ts';
import type { ItemBackoff } from '../../runtime/index.ts';
import { abortReason, getCondition, markReconciling, markStalled, removeFinalizer } from '../../runtime/index.ts';
import type { CacheReader, Condition, Informer, KubeObject, ReconcileContext, Reconciler, Request, ResourceKind, Result } from '../../runtime/index.ts';
import type { SecureWorkspace } from '../secureworkspace/index.ts';
import { conditionReason, describeWrites, markDeleting, withoutStageConditions } from '../shared/conditions.ts';
import { claimObject } from '../shared/claim.ts';
import { requeueBackoff } from '../shared/deps.ts';
import type { ControllerDeps } from '../shared/deps.ts';
import { RunProgress } from '../shared/progress.ts';
import { StatusPublisher } from '../shared/status-publisher.ts';
import { bastionNames, jumpBoxNames } from './names.ts';
import { bastionKey, bastionStillUsed, isForeignBastion, jumpBoxOwnership } from './ownership.ts';
import type { JumpBoxOwnership } from './ownership.ts';
import {
  bastionIdNextTo,
  bastionIdOf,
  KEYS,
  pendingReset,
  planBastionTeardown,
  planJumpBox,
  planVirtualMachineTeardown,
  STAGE_CONDITIONS,
  virtualMachineIdOf,
} from './plan.ts';
import type { JumpBoxPlanInput, PendingReset } from './plan.ts';
import { readAdminPassword } from './secret.ts';
import { appliedStatus } from './status.ts';
import { resolveTarget } from './target.ts';
import type { JumpBoxTarget, NoTarget, TargetResolution } from './target.ts';

export const JUMP_BOX_RESOURCE: ResourceKind = { group: GROUP, version: VERSION, plural: JUMP_BOX_PLURAL };


/** A JumpBox as the runtime reads it (raw JSON). */
export interface JumpBoxObject extends KubeObject {
  spec: JumpBoxSpecInput;
  status?: JumpBoxStatus;
}

type Publisher = StatusPublisher<JumpBoxStatus, JumpBoxObject>;

interface Run {
  readonly obj: JumpBoxObject;
  readonly spec: JumpBoxSpec;
  readonly generation: number;
  readonly publisher: Publisher;
  readonly ownership: JumpBoxOwnership;
  readonly vmId: string;
  readonly bastionName: string | undefined;
}

export class JumpBoxReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #informer: Informer<JumpBoxObject>;
  readonly #workspaces: CacheReader<SecureWorkspace>;
  readonly #backoff: ItemBackoff<string>;

  constructor(deps: ControllerDeps, informer: Informer<JumpBoxObject>, workspaces: CacheReader<SecureWorkspace>) {
    this.#deps = deps;
    this.#informer = informer;
    this.#workspaces = workspaces;
    this.#backoff = requeueBackoff(deps);
  }

  async reconcile(req: Request, ctx: ReconcileContext): Promise<Result | void> {
    const claim = await claimObject(this.#deps, JUMP_BOX_RESOURCE, this.#informer, this.#backoff, req, ctx);
    if (claim.state === 'gone') return;
    if (claim.state === 'deleting') return this.#finalize(claim.obj, claim.key, ctx);
    const { obj: current, key } = claim;
    const { manager, azure } = this.#deps;
    const spec = applyJumpBoxDefaults(current.spec);
    const generation = current.metadata.generation ?? 0;
    const publisher: Publisher = new StatusPublisher(manager, JUMP_BOX_RESOURCE, current, ctx.log);
    const status = current.status ?? {};

    let where: TargetResolution;
    try {
      where = await resolveTarget(spec, req.namespace, {
        workspaces: this.#workspaces,
        subscriptionId: azure.subscriptionId,
        getVirtualNetwork: async (id) => (await this.#observe('Microsoft.Network/virtualNetworks', id, ctx)) as VirtualNetwork | undefined,
      });
    } catch (err) {
      return this.#readFailed(err, publisher, status, generation, key, ctx);
    }
    if ('blocked' in where) return this.#blocked(where.blocked, publisher, status, generation, key);
    const { target } = where;

    let password: JumpBoxPlanInput['password'];
    if (spec.adminPasswordSecretRef) {
      const read = await readAdminPassword(manager.http, req.namespace, spec.adminPasswordSecretRef, ctx.signal);
      if (!read.found) {
        await publisher.publish(markReconciling(status, generation, read.reason, read.message));
        // The Secret watch brings this object back when the Secret appears; without it (get-only RBAC), look again.
        return this.#deps.config.watchSecrets ? undefined : { requeueAfter: this.#backoff.next(key) };
      }
      password = { value: read.value, version: read.version };
    }

    const names = jumpBoxNames({ subscriptionId: azure.subscriptionId, namespace: req.namespace, name: req.name }, spec.os);
    const vmId = virtualMachineIdOf(target, names);
    let vm: VirtualMachine | undefined;
    let observedPower: string | undefined;
    let bastion: JumpBoxPlanInput['bastion'];
    try {
      vm = (await this.#observe('Microsoft.Compute/virtualMachines', vmId, ctx)) as VirtualMachine | undefined;
      observedPower = vm ? await this.#powerState(vmId, ctx) : undefined;
      bastion = spec.bastion.enabled ? await this.#bastion(target, ctx) : undefined;
    } catch (err) {
      return this.#readFailed(err, publisher, status, generation, key, ctx);
    }
    const existingVm = vm ? { passwordVersion: vm.tags?.[ADMIN_PASSWORD_VERSION_TAG], sshKeyVersion: vm.tags?.[SSH_KEY_VERSION_TAG] } : undefined;
    const enforcePower = !vm || status.observedGeneration !== generation;
    const runningAfter = enforcePower ? spec.powerState === 'Running' : observedPower === 'running';
    const bastionName = bastion?.names.bastion;
    if (status.vmId !== vmId || (bastionName !== undefined && status.bastionName !== bastionName)) {
      // Recorded before the first write, so a delete finds the resources even if this run is cut short.
      const ids = { ...status, vmId, ...(bastionName === undefined ? {} : { bastionName }) };
      await publisher.publish(markReconciling(ids, generation, 'Creating', `creating VM '${names.virtualMachine}'`));
    }

    const planInput: JumpBoxPlanInput = {
      spec,
      names,
      target,
      enforcePower,
      runningAfter,
      ...(password ? { password } : {}),
      ...(existingVm ? { existingVm } : {}),
      ...(bastion ? { bastion } : {}),
    };
    const graph = createPlanGraph(planJumpBox(planInput));
    const pending = pendingReset(planInput);
    const ownership = jumpBoxOwnership(azure.adapters, req.namespace, req.name);
    const run: Run = { obj: current, spec, generation, publisher, ownership, vmId, bastionName };
    const ready = getCondition(status.conditions, 'Ready');
    const wasReady = ready?.status === 'True';
    const result = await this.#apply(graph, run, wasReady, ctx);
    if (abortReason(ctx.signal) !== undefined) return;
    const cleanup = await this.#removeSwitchedOff(run, target, ctx);
    if (abortReason(ctx.signal) !== undefined) return;
    await publisher.publish(
      appliedStatus({
        previous: publisher.current.status,
        graph,
        result,
        ...(cleanup ? { cleanup } : {}),
        generation,
        vmId,
        bastionName: bastionName ?? (cleanup && !cleanup.done ? status.bastionName : undefined),
        observedPowerState: observedPower,
        ...(pending ? { pendingReset: pending } : {}),
      }),
    );
    this.#announce(publisher.current, result, wasReady && ready?.observedGeneration === generation, spec);
    this.#announcePending(publisher.current, pending, getCondition(status.conditions, 'Reconciling'));
    if (((result.ready && (cleanup?.done ?? true)) || result.stalled || cleanup?.stalled) && !pending) {
      this.#backoff.forget(key);
      return;
    }
    return { requeueAfter: this.#backoff.next(key) };
  }

  async #blocked(b: NoTarget, publisher: Publisher, status: JumpBoxStatus, generation: number, key: string): Promise<Result | void> {
    await publisher.publish(b.stalled ? markStalled(status, generation, b.reason, b.message) : markReconciling(status, generation, b.reason, b.message));
    if (b.stalled || b.watched) {
      this.#backoff.forget(key);
      return;
    }
    return { requeueAfter: this.#backoff.next(key) };
  }

  /** An ARM read before planning failed: said in status like any executor failure, retried with backoff. */
  async #readFailed(err: unknown, publisher: Publisher, status: JumpBoxStatus, generation: number, key: string, ctx: ReconcileContext): Promise<Result> {
    if (abortReason(ctx.signal) !== undefined) throw err;
    const c = this.#deps.azure.adapters.classifyError(err);
    const reason = conditionReason(c.code);
    await publisher.publish(c.kind === 'terminal' ? markStalled(status, generation, reason, c.message) : markReconciling(status, generation, reason, c.message));
    return { requeueAfter: this.#backoff.next(key) };
  }

  /** One GET through the adapters (404 → undefined); for facts the plan needs before it can be built. */
  async #observe(type: string, id: string, ctx: ReconcileContext): Promise<unknown> {
    const adapter = this.#deps.azure.adapters.resource(type);
    if (!adapter) throw new Error(`no adapter for ${type}`);
    return adapter.get(id, { signal: ctx.signal });
  }

  /** 'running', 'deallocated', … from the VM's instance view. */
  async #powerState(vmId: string, ctx: ReconcileContext): Promise<string | undefined> {
    const [rg, name] = rgAndNames(vmId, 'virtualMachines');
    const view = await this.#deps.azure.clients.compute.virtualMachines.instanceView(rg, name, { abortSignal: ctx.signal });
    return view.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code?.slice('PowerState/'.length);
  }

  async #bastion(target: JumpBoxTarget, ctx: ReconcileContext): Promise<NonNullable<JumpBoxPlanInput['bastion']>> {
    const names = bastionNames(target.vnetName);
    const observed = await this.#observe('Microsoft.Network/bastionHosts', bastionIdOf(target, names.bastion), ctx);
    return { names, foreign: isForeignBastion(observed) };
  }

  async #apply(graph: PlanGraph, run: Run, wasReady: boolean, ctx: ReconcileContext): Promise<ApplyResult> {
    const { publisher } = run;
    const progress = new RunProgress(graph);
    const stop = publisher.follow(
      progress,
      (partial) =>
        appliedStatus({
          previous: publisher.current.status,
          graph,
          result: partial,
          generation: run.generation,
          vmId: run.vmId,
          bastionName: run.bastionName ?? publisher.current.status?.bastionName,
          observedPowerState: undefined,
        }),
      () => !wasReady || progress.wrote,
    );
    try {
      return await apply(graph, run.ownership.adapters, { signal: ctx.signal, onProgress: progress.onProgress, ...this.#deps.executor });
    } finally {
      await stop();
    }
  }

  /** Deletes the schedule when autoShutdown is unset and this JumpBox's Bastion when bastion.enabled turned false. */
  async #removeSwitchedOff(run: Run, target: JumpBoxTarget, ctx: ReconcileContext): Promise<DestroyResult | undefined> {
    const nodes: PlanNode[] = run.spec.autoShutdown ? [] : planVirtualMachineTeardown(run.vmId, { schedule: true, vm: false });
    const previous = run.obj.status?.bastionName;
    if (!run.spec.bastion.enabled && previous !== undefined) {
      const key = bastionKey(run.vmId, previous);
      if (key !== undefined && !bastionStillUsed(key, run.obj, this.#informer.list())) nodes.push(...planBastionTeardown(bastionIdOf(target, previous)));
    }
    if (nodes.length === 0) return undefined;
    return destroy(createPlanGraph(nodes), run.ownership.adapters, { signal: ctx.signal, ...this.#deps.executor });
  }

  /**
   * Rotated credentials are announced as such (also when they waited for the VM to run); other writes on a
   * converged JumpBox are drift being corrected.
   */
  #announce(obj: JumpBoxObject, result: ApplyResult, convergedBefore: boolean, spec: JumpBoxSpec): void {
    const { events } = this.#deps.manager;
    const ran = (key: string) => {
      const r = result.nodes.get(key);
      return r?.state === 'Succeeded' && r.operation !== 'none';
    };
    if (ran(KEYS.adminPassword)) {
      void events.record(obj, {
        type: 'Normal',
        action: 'Reconcile',
        reason: 'AdminPasswordUpdated',
        note: `admin password updated on the VM from Secret '${spec.adminPasswordSecretRef?.name ?? ''}'`,
      });
    }
    if (ran(KEYS.sshPublicKey)) {
      void events.record(obj, {
        type: 'Normal',
        action: 'Reconcile',
        reason: 'SshKeyUpdated',
        note: `SSH public key of '${spec.adminUsername}' replaced on the VM from spec.sshPublicKey (prior keys removed)`,
      });
    }
    const credentials = [`${KEYS.adminPassword}:`, `${KEYS.sshPublicKey}:`];
    const drift = describeWrites(result).filter((w) => !credentials.some((c) => w.startsWith(c)));
    if (convergedBefore && drift.length > 0) {
      void events.record(obj, { type: 'Normal', action: 'Reconcile', reason: 'DriftCorrected', note: `corrected in Azure: ${drift.join('; ')}` });
    }
  }

  /** Once, when a reset starts waiting for the VM to run (the condition says it for as long as it lasts). */
  #announcePending(obj: JumpBoxObject, pending: PendingReset | undefined, before: Condition | undefined): void {
    if (!pending || (before?.status === 'True' && before.reason === pending.reason)) return;
    void this.#deps.manager.events.record(obj, { type: 'Normal', action: 'Reconcile', reason: pending.reason, note: pending.message });
  }

  async #finalize(obj: JumpBoxObject, key: string, ctx: ReconcileContext): Promise<Result | void> {
    const { manager } = this.#deps;
    if (!obj.metadata.finalizers?.includes(FINALIZER)) return;
    const spec = applyJumpBoxDefaults(obj.spec);
    const unlock = (o: JumpBoxObject) => removeFinalizer(manager.http, JUMP_BOX_RESOURCE, o, FINALIZER, { fieldManager: manager.fieldManager, signal: ctx.signal });
    const vmId = obj.status?.vmId;
    if (spec.deletionPolicy === 'Retain' || vmId === undefined) {
      if (vmId !== undefined) {
        void manager.events.record(obj, { type: 'Normal', action: 'Delete', reason: 'Retained', note: 'deletionPolicy is Retain: the VM and the Bastion are left in place' });
      }
      this.#backoff.forget(key);
      await unlock(obj);
      return;
    }
    const generation = obj.metadata.generation ?? 0;
    const publisher: Publisher = new StatusPublisher(manager, JUMP_BOX_RESOURCE, obj, ctx.log);
    const base = withoutStageConditions(obj.status ?? {}, STAGE_CONDITIONS);
    if (getCondition(obj.status?.conditions, 'Reconciling')?.reason !== 'Deleting') {
      void manager.events.record(obj, { type: 'Normal', action: 'Delete', reason: 'Deleting', note: 'deleting the VM, its NIC and schedule, and the Bastion unless another JumpBox uses it' });
    }
    await publisher.publish(markDeleting(base, undefined, generation));
    const nodes = planVirtualMachineTeardown(vmId, { schedule: true, vm: true });
    const bastion = obj.status?.bastionName;
    const shared = bastionKey(vmId, bastion);
    if (bastion !== undefined && shared !== undefined && !bastionStillUsed(shared, obj, this.#informer.list())) {
      nodes.push(...planBastionTeardown(bastionIdNextTo(vmId, bastion)));
    }
    const ownership = jumpBoxOwnership(this.#deps.azure.adapters, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    const result = await destroy(createPlanGraph(nodes), ownership.adapters, { signal: ctx.signal, ...this.#deps.executor });
    if (abortReason(ctx.signal) !== undefined) return;
    if (result.done) {
      const kept = [...ownership.retained()];
      void manager.events.record(publisher.current, {
        type: 'Normal',
        action: 'Delete',
        reason: 'Deleted',
        note: kept.length === 0 ? 'Azure resources deleted' : `Azure resources deleted; kept (not created by this JumpBox): ${kept.join(', ')}`,
      });
      this.#backoff.forget(key);
      await unlock(publisher.current);
      return;
    }
    await publisher.publish(markDeleting(base, result, generation));
    return { requeueAfter: this.#backoff.next(key) };
  }
}
