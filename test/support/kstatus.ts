/**
 * A small re-implementation of kstatus' generic rules (kubernetes-sigs/cli-utils pkg/kstatus/status, as summarised
 * in the operator-patterns reference §4.1) for custom resources, so tests can assert what Flux and `kstatus` would
 * report for our objects:
 *   1. deletionTimestamp                                  → Terminating
 *   2. status.observedGeneration present and ≠ generation → InProgress (LatestGenerationNotObserved)
 *   3. Reconciling=True → InProgress; Stalled=True → Failed (abnormal-true conditions win, Stalled first)
 *   4. (built-in kinds only; not applicable)
 *   5. Ready=True → Current; Ready=False/Unknown → InProgress (never Failed)
 *   6. otherwise → Current
 */

export type KStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating';

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

interface Resource {
  metadata: { generation?: number; deletionTimestamp?: string };
  status?: { observedGeneration?: number; conditions?: Condition[] };
}

export function computeKStatus(obj: Resource): { status: KStatus; reason: string } {
  if (obj.metadata.deletionTimestamp) return { status: 'Terminating', reason: 'Deleting' };
  const observed = obj.status?.observedGeneration;
  if (observed !== undefined && observed !== obj.metadata.generation) {
    return { status: 'InProgress', reason: 'LatestGenerationNotObserved' };
  }
  const conditions = obj.status?.conditions ?? [];
  const isTrue = (type: string): Condition | undefined => conditions.find((c) => c.type === type && c.status === 'True');
  const stalled = isTrue('Stalled');
  if (stalled) return { status: 'Failed', reason: stalled.reason ?? 'Stalled' };
  const reconciling = isTrue('Reconciling');
  if (reconciling) return { status: 'InProgress', reason: reconciling.reason ?? 'Reconciling' };
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready && ready.status !== 'True') return { status: 'InProgress', reason: ready.reason ?? 'NotReady' };
  return { status: 'Current', reason: ready ? 'Ready' : 'NoConditions' };
}
