import { describe, expect, it } from 'vitest';
import { formatTime, getCondition, isConditionTrue, removeCondition, setCondition } from '../../../src/runtime/conditions.ts';
import { markReady, markReconciling, markStalled } from '../../../src/runtime/kstatus.ts';
import type { KStatus } from '../../../src/runtime/kstatus.ts';
import { computeKStatus } from '../../support/kstatus.ts';

const T0 = new Date('2026-01-01T10:00:00.123Z');
const T1 = new Date('2026-01-01T10:05:00.999Z');

describe('setCondition', () => {
  it('adds a condition with a second-precision transition time', () => {
    const list = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'Creating', message: 'm' }, T0);
    expect(list).toEqual([{ type: 'Ready', status: 'False', lastTransitionTime: '2026-01-01T10:00:00Z', reason: 'Creating', message: 'm' }]);
  });

  it('keeps lastTransitionTime when the status is unchanged, updating reason, message and generation', () => {
    const a = setCondition([], { type: 'Ready', status: 'False', reason: 'Creating', observedGeneration: 1 }, T0);
    const b = setCondition(a, { type: 'Ready', status: 'False', reason: 'Waiting', message: 'still', observedGeneration: 2 }, T1);
    expect(b[0]).toMatchObject({ lastTransitionTime: formatTime(T0), reason: 'Waiting', message: 'still', observedGeneration: 2 });
    expect(a[0]!.reason).toBe('Creating');
  });

  it('moves lastTransitionTime when the status changes', () => {
    const a = setCondition([], { type: 'Ready', status: 'False', reason: 'Creating' }, T0);
    const b = setCondition(a, { type: 'Ready', status: 'True', reason: 'Succeeded' }, T1);
    expect(b[0]!.lastTransitionTime).toBe('2026-01-01T10:05:00Z');
  });

  it('leaves other conditions and their order alone', () => {
    let list = setCondition([], { type: 'A', status: 'True', reason: 'X' }, T0);
    list = setCondition(list, { type: 'B', status: 'True', reason: 'X' }, T0);
    list = setCondition(list, { type: 'A', status: 'False', reason: 'Y' }, T1);
    expect(list.map((c) => c.type)).toEqual(['A', 'B']);
    expect(getCondition(list, 'B')!.lastTransitionTime).toBe(formatTime(T0));
    expect(isConditionTrue(list, 'B')).toBe(true);
    expect(isConditionTrue(list, 'A')).toBe(false);
    expect(removeCondition(list, 'A').map((c) => c.type)).toEqual(['B']);
  });

  it('rejects reasons that are not metav1.Condition reasons', () => {
    expect(() => setCondition([], { type: 'Ready', status: 'True', reason: 'not a reason' })).toThrow(/CamelCase/);
    expect(() => setCondition([], { type: 'Ready', status: 'True', reason: '' })).toThrow(/CamelCase/);
  });
});

describe('kstatus helpers, checked with the kstatus rules', () => {
  const object = (generation: number, status: KStatus) => ({ metadata: { generation }, status });

  it('a new object without status is Current to kstatus (the race the CRD default observedGeneration -1 closes)', () => {
    expect(computeKStatus({ metadata: { generation: 1 } }).status).toBe('Current');
    expect(computeKStatus({ metadata: { generation: 1 }, status: { observedGeneration: -1 } }).status).toBe('InProgress');
  });

  it('markReconciling → InProgress, and does not claim the generation as observed', () => {
    const status = markReconciling({ observedGeneration: -1 }, 3, 'Creating', 'Creating the virtual network', T0);
    expect(status.observedGeneration).toBe(-1);
    expect(computeKStatus(object(3, status))).toEqual({ status: 'InProgress', reason: 'LatestGenerationNotObserved' });
    // Even with the generation observed (a later spec change in flight), Reconciling=True keeps it InProgress.
    expect(computeKStatus(object(3, { ...status, observedGeneration: 3 })).status).toBe('InProgress');
    expect(status.conditions!.every((c) => c.observedGeneration === 3)).toBe(true);
  });

  it('markReady → Current, removes Reconciling and Stalled, observes the generation', () => {
    const progressing = markReconciling({}, 2, 'Creating', '', T0);
    const ready = markReady(progressing, 2, 'Succeeded', 'All resources are ready', T1);
    expect(ready.observedGeneration).toBe(2);
    expect(ready.conditions!.map((c) => c.type)).toEqual(['Ready']);
    expect(computeKStatus(object(2, ready)).status).toBe('Current');
    // A newer spec is not Current until the operator has observed it.
    expect(computeKStatus(object(3, ready)).status).toBe('InProgress');
  });

  it('markStalled → Failed, observes the generation', () => {
    const stalled = markStalled(markReconciling({}, 4, 'Creating', '', T0), 4, 'QuotaExceeded', 'Quota exceeded', T1);
    expect(stalled.observedGeneration).toBe(4);
    expect(computeKStatus(object(4, stalled))).toEqual({ status: 'Failed', reason: 'QuotaExceeded' });
    expect(stalled.conditions!.some((c) => c.type === 'Reconciling')).toBe(false);
  });

  it('recovering from Stalled goes back to InProgress, then Current', () => {
    const stalled = markStalled({}, 1, 'InvalidSpec', 'bad', T0);
    const retrying = markReconciling(stalled, 2, 'Progressing', '', T1);
    expect(computeKStatus(object(2, retrying)).status).toBe('InProgress');
    expect(retrying.conditions!.some((c) => c.type === 'Stalled')).toBe(false);
    expect(computeKStatus(object(2, markReady(retrying, 2, 'Succeeded', '', T1))).status).toBe('Current');
  });

  it('a no-op pass returns an equal status with a stable lastTransitionTime', () => {
    const first = markReady({}, 1, 'Succeeded', 'ok', T0);
    const again = markReady(first, 1, 'Succeeded', 'ok', T1);
    expect(again).toEqual(first);
  });

  it('kstatus: Terminating wins over everything', () => {
    const ready = markReady({}, 1, 'Succeeded', '', T0);
    expect(computeKStatus({ metadata: { generation: 1, deletionTimestamp: '2026-01-01T00:00:00Z' }, status: ready }).status).toBe('Terminating');
  });
});
