// One apply of a SecureWorkspace: plan passes (the second adds the A records of the host names the endpoints turned
// out to serve), live progress in status while it runs, then removal of what an earlier spec created and this one
// no longer plans.
import { applySecureWorkspaceDefaults } from '../../api/index.ts';
import type { SecureWorkspaceSpec, SecureWorkspaceSpecInput, SecureWorkspaceStatus } from '../../api/index.ts';
import { apply, createPlanGraph, destroy } from '../../plan/index.ts';
import type { ApplyResult, PlanGraph } from '../../plan/index.ts';
import { getCondition } from '../../runtime/index.ts';
import type { KubeObject, ReconcileContext } from '../../runtime/index.ts';
import type { ControllerDeps } from '../shared/deps.ts';
import { ownerTagValue, trackOwnership } from '../shared/ownership.ts';
import type { OwnershipTracker } from '../shared/ownership.ts';
import { RunProgress } from '../shared/progress.ts';
import type { StatusPublisher } from '../shared/status-publisher.ts';
import { azureNames } from './names.ts';
import type { WorkspaceIdentity } from './names.ts';
import { planSecureWorkspace } from './plan.ts';
import { orphanRows, pruneGraph } from './prune.ts';
import { appliedStatus, knownHostNames } from './status.ts';
import type { ResourceRow } from './status.ts';

/** A SecureWorkspace as the runtime reads it (raw JSON: timestamps are strings). */
export interface SecureWorkspace extends KubeObject {
  spec: SecureWorkspaceSpecInput;
  status?: SecureWorkspaceStatus;
}

export type Publisher = StatusPublisher<SecureWorkspaceStatus, SecureWorkspace>;

/** Plan passes per reconcile: the second adds the A records of host names the first pass discovered. */
const MAX_PASSES = 3;

/** A spec the plan cannot be built from (only reachable when the CRD's validation was bypassed). */
export class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError';
}

export interface Run {
  readonly graph: PlanGraph;
  readonly result: ApplyResult;
  /** ARM writes over all passes and the pruning. */
  readonly writes: number;
  /** Resources found without the operator's stamp (lower-cased ids). */
  readonly adopted: ReadonlySet<string>;
  /** Resources of an earlier spec still to delete. */
  readonly retiring: readonly ResourceRow[];
}

export function identityOf(deps: ControllerDeps, obj: SecureWorkspace): WorkspaceIdentity {
  return { subscriptionId: deps.azure.subscriptionId, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' };
}

export function ownershipOf(deps: ControllerDeps, obj: SecureWorkspace): OwnershipTracker {
  return trackOwnership(deps.azure.adapters, ownerTagValue(obj.metadata.namespace ?? '', obj.metadata.name ?? ''));
}

export function planGraph(deps: ControllerDeps, obj: SecureWorkspace, spec: SecureWorkspaceSpec, known: ReadonlyMap<string, readonly string[]>): PlanGraph {
  try {
    return createPlanGraph(planSecureWorkspace({ spec, identity: identityOf(deps, obj), tenantId: deps.azure.tenantId, known }));
  } catch (err) {
    throw new InvalidSpecError(err instanceof Error ? err.message : String(err));
  }
}

/** The plan of the object as its status last recorded it (A records included), e.g. for deletion. */
export function recordedGraph(deps: ControllerDeps, obj: SecureWorkspace): PlanGraph {
  const spec = applySecureWorkspaceDefaults(obj.spec);
  const names = azureNames(spec.namePrefix, spec.resourceGroup, identityOf(deps, obj));
  return planGraph(deps, obj, spec, knownHostNames(names, obj.status?.privateEndpoints ?? []));
}

export async function applyWorkspace(deps: ControllerDeps, obj: SecureWorkspace, publisher: Publisher, ctx: ReconcileContext): Promise<Run> {
  const spec = applySecureWorkspaceDefaults(obj.spec);
  const names = azureNames(spec.namePrefix, spec.resourceGroup, identityOf(deps, obj));
  const tracker = ownershipOf(deps, obj);
  const previousRows = obj.status?.resources;
  const generation = obj.metadata.generation ?? 0;
  const wasReady = getCondition(obj.status?.conditions, 'Ready')?.status === 'True';
  let graph = planGraph(deps, obj, spec, knownHostNames(names, obj.status?.privateEndpoints ?? []));
  let writes = 0;
  for (let pass = 1; ; pass++) {
    const retiring = orphanRows(previousRows, graph);
    const progress = new RunProgress(graph);
    const stop = publisher.follow(
      progress,
      (partial) => appliedStatus({ previous: publisher.current.status, graph, result: partial, generation, adopted: tracker.adopted(), retiring }),
      // A converged object stays quiet during a resync unless the run has to change something.
      () => !wasReady || progress.wrote,
    );
    let result: ApplyResult;
    try {
      result = await apply(graph, tracker.adapters, { signal: ctx.signal, onProgress: progress.onProgress, ...deps.executor });
    } finally {
      await stop();
    }
    writes += result.writes;
    const next = result.ready && pass < MAX_PASSES ? planGraph(deps, obj, spec, knownHostNames(names, [], result)) : undefined;
    if (next && next.nodes.size !== graph.nodes.size) {
      graph = next;
      continue;
    }
    if (!result.ready || retiring.length === 0) return { graph, result, writes, adopted: tracker.adopted(), retiring };
    const pruned = await destroy(pruneGraph(retiring), tracker.adapters, { signal: ctx.signal, ...deps.executor });
    const left = retiring.filter((_, i) => pruned.nodes.get(`prune/${i}`)?.state !== 'Succeeded');
    return { graph, result, writes: writes + pruned.writes, adopted: tracker.adopted(), retiring: left };
  }
}
