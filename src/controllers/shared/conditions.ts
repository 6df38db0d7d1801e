// From an executor run to kstatus conditions: Ready / Reconciling / Stalled plus one condition per plan stage.
// Shared by every controller; the stage → condition-type table is the controller's.
import { markReady, markReconciling, markStalled, removeCondition, setCondition } from '../../runtime/index.ts';
import type { Condition, KStatus } from '../../runtime/index.ts';
import { summarizeStages } from '../../plan/index.ts';
import type { ApplyResult, DestroyResult, NodeResult, PlanGraph } from '../../plan/index.ts';

/** Stage label → condition type (e.g. Network → NetworkReady). */
export type StageConditionTypes = Readonly<Record<string, string>>;

const REASON = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;

/** A metav1.Condition reason from an ARM code or executor reason ('Microsoft.X/failed' → 'MicrosoftXfailed'). */
export function conditionReason(raw: string, fallback = 'Error'): string {
  if (REASON.test(raw) && raw.length <= 1024) return raw;
  const cleaned = raw.replace(/[^A-Za-z0-9_]/g, '').replace(/^[^A-Za-z]+/, '').slice(0, 1024);
  return cleaned === '' ? fallback : cleaned;
}

/**
 * One condition per stage, in the table's order: True when every node of the stage Succeeded; otherwise False with
 * the reason and message of the stage's worst node (a dependency it waits for, an ARM code). A stage without nodes
 * in this graph (e.g. private endpoints in a managed network without inbound endpoint) is True, NotRequired.
 */
export function stageConditions(
  conditions: readonly Condition[] | undefined,
  graph: PlanGraph,
  result: ApplyResult | DestroyResult,
  types: StageConditionTypes,
  generation: number,
  now = new Date(),
): Condition[] {
  const summaries = new Map(summarizeStages(graph, result).map((s) => [s.stage, s]));
  let next = [...(conditions ?? [])];
  for (const [stage, type] of Object.entries(types)) {
    const s = summaries.get(stage);
    const input = !s
      ? { status: 'True' as const, reason: 'NotRequired', message: 'nothing to provision for this stage in this configuration' }
      : s.state === 'Succeeded'
        ? { status: 'True' as const, reason: 'Succeeded', message: `${s.done}/${s.total} resources ready` }
        : { status: 'False' as const, reason: conditionReason(s.reason), message: `${s.done}/${s.total} ready; ${s.message}` };
    next = setCondition(next, { type, observedGeneration: generation, ...input }, now);
  }
  return next;
}

function describeStall(result: ApplyResult | DestroyResult): string {
  const s = result.stalled;
  if (!s) return '';
  const node = result.nodes.get(s.nodeKey);
  return `${node ? `${node.type} '${node.id}'` : s.nodeKey}: ${s.code}: ${s.message}`;
}

/** Ready / Reconciling / Stalled after an apply, following the kstatus contract (runtime/kstatus.ts). */
export function markApplied<S extends KStatus>(status: S, result: ApplyResult, generation: number, now = new Date()): S {
  if (result.ready) {
    return markReady(status, generation, 'Succeeded', `all ${result.progress.total} Azure resources are ready`, now);
  }
  if (result.stalled) return markStalled(status, generation, conditionReason(result.stalled.code), describeStall(result), now);
  const waiting = result.waitingOn;
  const reason = conditionReason(waiting?.reason ?? 'Progressing');
  const message = `${result.progress.done}/${result.progress.total} Azure resources ready; ${waiting?.message ?? 'in progress'}`;
  return markReconciling(status, generation, reason, message, now);
}

/** Ready=False, Reconciling=True (Deleting) while the Azure resources are removed; Stalled on a terminal error. */
export function markDeleting<S extends KStatus>(status: S, result: DestroyResult | undefined, generation: number, now = new Date()): S {
  if (result?.stalled) {
    return markStalled(status, generation, conditionReason(result.stalled.code), `deleting: ${describeStall(result)}`, now);
  }
  const progress = result ? `${result.progress.done}/${result.progress.total} Azure resources deleted` : 'deleting the Azure resources';
  const waiting = result?.waitingOn ? `; ${result.waitingOn.message}` : '';
  return markReconciling(status, generation, 'Deleting', `${progress}${waiting}`, now);
}

/** Stage conditions are meaningless once deletion starts; only the kstatus trio remains. */
export function withoutStageConditions<S extends KStatus>(status: S, types: StageConditionTypes): S {
  let conditions = status.conditions;
  for (const type of Object.values(types)) conditions = removeCondition(conditions, type);
  return { ...status, conditions };
}

/** "storageAccount: networkRuleSet.defaultAction" for every node the run wrote to (what drift was corrected). */
export function describeWrites(result: ApplyResult): string[] {
  return [...result.nodes.values()]
    .filter((r: NodeResult) => r.operation !== 'none')
    .map((r) => `${r.key}: ${r.operation}${r.changedFields ? ` (${r.changedFields.join(', ')})` : ''}`);
}
