import { removeCondition, setCondition } from './conditions.ts';
import type { Condition } from './conditions.ts';

/**
 * The status contract Flux (kstatus), Argo CD (the project's health.lua) and `kubectl describe` read:
 * - Reconciling=True while acting on a generation; Stalled=True only when a human must act; both are
 *   "abnormal-true" and removed when not true;
 * - Ready is the summary: True only when everything is done for this generation;
 * - status.observedGeneration = metadata.generation only when Ready or Stalled, so kstatus reports InProgress
 *   until the operator has really finished with the latest spec;
 * - every condition carries the generation it was computed for.
 * Each helper returns a new status object; the input is not modified.
 */

export const READY = 'Ready';
export const RECONCILING = 'Reconciling';
export const STALLED = 'Stalled';

export interface KStatus {
  observedGeneration?: number;
  conditions?: Condition[];
}

type Observed = { observedGeneration: number; conditions: Condition[] };

/** Working on `generation`: Ready=False and Reconciling=True with the same reason (e.g. Progressing, Creating). */
export function markReconciling<S extends KStatus>(
  status: S,
  generation: number,
  reason: string,
  message: string,
  now = new Date(),
): S & { conditions: Condition[] } {
  let conditions = removeCondition(status.conditions, STALLED);
  conditions = setCondition(conditions, { type: RECONCILING, status: 'True', reason, message, observedGeneration: generation }, now);
  conditions = setCondition(conditions, { type: READY, status: 'False', reason, message, observedGeneration: generation }, now);
  return { ...status, conditions };
}

/** Done with `generation`: Ready=True, no Reconciling/Stalled, observedGeneration = generation. */
export function markReady<S extends KStatus>(
  status: S,
  generation: number,
  reason: string,
  message: string,
  now = new Date(),
): S & Observed {
  let conditions = removeCondition(removeCondition(status.conditions, RECONCILING), STALLED);
  conditions = setCondition(conditions, { type: READY, status: 'True', reason, message, observedGeneration: generation }, now);
  return { ...status, observedGeneration: generation, conditions };
}

/** Cannot progress without a human (invalid spec, quota, permission): Stalled=True, Ready=False, observed. */
export function markStalled<S extends KStatus>(
  status: S,
  generation: number,
  reason: string,
  message: string,
  now = new Date(),
): S & Observed {
  let conditions = removeCondition(status.conditions, RECONCILING);
  conditions = setCondition(conditions, { type: STALLED, status: 'True', reason, message, observedGeneration: generation }, now);
  conditions = setCondition(conditions, { type: READY, status: 'False', reason, message, observedGeneration: generation }, now);
  return { ...status, observedGeneration: generation, conditions };
}
