/**
 * metav1.Condition helpers, with apimachinery's `meta.SetStatusCondition` semantics: lastTransitionTime moves only
 * when `status` changes; reason, message and observedGeneration are updated in place. Functions return new arrays
 * and never mutate their input, so "did anything change?" is a plain comparison.
 */

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  /** RFC 3339, second precision, as metav1.Time serializes. */
  lastTransitionTime: string;
  /** One CamelCase word, for `kubectl get`. */
  reason: string;
  /** A sentence for `kubectl describe`; may be empty. */
  message: string;
}

export interface ConditionInput {
  type: string;
  status: ConditionStatus;
  reason: string;
  message?: string;
  observedGeneration?: number;
}

// From metav1.Condition's validation.
const REASON_PATTERN = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const MAX_MESSAGE = 32768;

/** metav1.Time: RFC 3339 with second precision (the apiserver drops fractions anyway). */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

export function getCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return getCondition(conditions, type)?.status === 'True';
}

export function setCondition(
  conditions: readonly Condition[] | undefined,
  input: ConditionInput,
  now: Date = new Date(),
): Condition[] {
  if (!REASON_PATTERN.test(input.reason) || input.reason.length > 1024) {
    throw new Error(`condition reason ${JSON.stringify(input.reason)} must be CamelCase (metav1.Condition)`);
  }
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === input.type);
  const existing = index >= 0 ? list[index] : undefined;
  const next: Condition = {
    type: input.type,
    status: input.status,
    ...(input.observedGeneration !== undefined ? { observedGeneration: input.observedGeneration } : {}),
    lastTransitionTime:
      existing && existing.status === input.status ? existing.lastTransitionTime : formatTime(now),
    reason: input.reason,
    message: (input.message ?? '').slice(0, MAX_MESSAGE),
  };
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}

export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
