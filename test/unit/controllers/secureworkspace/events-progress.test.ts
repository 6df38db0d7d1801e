// Shared helpers the SecureWorkspace controller is built on: transition Events, condition reasons, live progress.
import { describe, expect, it } from 'vitest';
import { conditionReason } from '../../../../src/controllers/shared/conditions.ts';
import { eventReason, transitionEvents } from '../../../../src/controllers/shared/events.ts';
import { RunProgress } from '../../../../src/controllers/shared/progress.ts';
import { KEYS } from '../../../../src/controllers/secureworkspace/plan-kit.ts';
import { planSecureWorkspace } from '../../../../src/controllers/secureworkspace/plan.ts';
import { createPlanGraph } from '../../../../src/plan/index.ts';
import type { Condition } from '../../../../src/runtime/index.ts';
import { customerSpec, input } from './fixtures.ts';

const c = (type: string, status: Condition['status'], reason = 'Succeeded', message = `${type} message`): Condition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});

describe('transitionEvents', () => {
  it('announces each condition that became True, once', () => {
    const before = [c('Ready', 'False', 'Creating'), c('NetworkReady', 'True'), c('StorageReady', 'False', 'WaitingForResourceGroup')];
    const after = [c('Ready', 'True'), c('NetworkReady', 'True'), c('StorageReady', 'True')];
    expect(transitionEvents(before, after)).toEqual([
      { type: 'Normal', action: 'Reconcile', reason: 'Ready', note: 'Ready message' },
      { type: 'Normal', action: 'Provision', reason: 'StorageReady', note: 'StorageReady message' },
    ]);
    expect(transitionEvents(after, after)).toEqual([]);
  });

  it('warns with the ARM code when the object stalls, and stays quiet about Reconciling and NotRequired stages', () => {
    const after = [c('Stalled', 'True', 'AuthorizationFailed', 'no permission'), c('Reconciling', 'True', 'Creating'), c('PrivateDnsReady', 'True', 'NotRequired')];
    expect(transitionEvents(undefined, after)).toEqual([{ type: 'Warning', action: 'Reconcile', reason: 'AuthorizationFailed', note: 'no permission' }]);
  });
});

describe('reasons', () => {
  it.each([
    ['AuthorizationFailed', 'AuthorizationFailed', 'AuthorizationFailed'],
    ['Http500', 'Http500', 'Http500'],
    ['ECONNRESET', 'ECONNRESET', 'ECONNRESET'],
    ['Microsoft.Storage/failed', 'MicrosoftStoragefailed', 'MicrosoftStoragefailed'],
    ['429-throttled', 'throttled', 'Fallback'],
    ['', 'Error', 'Fallback'],
  ])('%j → condition %j, event %j', (raw, condition, event) => {
    expect(conditionReason(raw)).toBe(condition);
    expect(eventReason(raw, 'Fallback')).toBe(event);
  });
});

describe('RunProgress', () => {
  const graph = createPlanGraph(planSecureWorkspace(input(customerSpec())));

  it('folds executor events into a partial result: done count, the node being worked on, the rest waiting', () => {
    const progress = new RunProgress(graph);
    expect(progress.wrote).toBe(false);
    progress.onProgress({ kind: 'node', key: KEYS.resourceGroup, stage: 'Network', state: 'Succeeded', reason: 'UpToDate', message: 'ok', operation: 'none' });
    progress.onProgress({ kind: 'node', key: KEYS.networkSecurityGroup, stage: 'Network', state: 'InProgress', reason: 'Creating', message: 'creating the NSG', operation: 'create' });
    progress.onProgress({ kind: 'stage', stage: 'Network', state: 'Succeeded' });
    const snapshot = progress.snapshot();
    expect(progress.wrote).toBe(true);
    expect(progress.version).toBe(2);
    expect(snapshot.ready).toBe(false);
    expect(snapshot.progress).toEqual({ done: 1, total: graph.nodes.size });
    expect(snapshot.waitingOn).toEqual({ nodeKey: KEYS.networkSecurityGroup, reason: 'Creating', message: 'networkSecurityGroup: creating the NSG' });
    expect(snapshot.nodes.get(KEYS.virtualNetwork)).toMatchObject({ state: 'Waiting', reason: 'WaitingForVirtualNetwork' });
  });
});
