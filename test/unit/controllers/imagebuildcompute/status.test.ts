import { describe, expect, it } from 'vitest';
import { applyImageBuildComputeDefaults } from '../../../../src/api/index.ts';
import { KEYS, planImageBuildCompute } from '../../../../src/controllers/imagebuildcompute/plan.ts';
import { appliedStatus, OUTBOUND_NOTE } from '../../../../src/controllers/imagebuildcompute/status.ts';
import { createPlanGraph } from '../../../../src/plan/index.ts';
import type { ApplyResult, NodeResult, NodeState } from '../../../../src/plan/index.ts';
import { getCondition } from '../../../../src/runtime/index.ts';

const WS = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w';
const COMPUTE_ID = `${WS}/computes/cpu-cluster`;
const graph = createPlanGraph(
  planImageBuildCompute(applyImageBuildComputeDefaults({ workspaceRef: { name: 'ws' }, computeName: 'cpu-cluster' }), {
    workspaceId: WS,
    location: 'eastus',
    subnetId: 'subnet',
  }),
);
const NOW = new Date('2026-01-01T00:00:00Z');

function result(states: Record<string, [NodeState, string]>, extra: Partial<ApplyResult> = {}): ApplyResult {
  const nodes = new Map<string, NodeResult>();
  for (const key of graph.order) {
    const node = graph.nodes.get(key)!;
    const [state, reason] = states[key] ?? ['Succeeded', 'UpToDate'];
    nodes.set(key, { key, type: node.type, id: node.id, stage: node.stage, state, reason, message: `${key} ${reason}`, operation: 'none', durationMs: 1 });
  }
  const done = [...nodes.values()].filter((n) => n.state === 'Succeeded').length;
  return { ready: done === nodes.size, nodes, progress: { done, total: nodes.size }, writes: 0, aborted: false, ...extra };
}

const input = (r: ApplyResult, nodePublicIp = false) => ({
  previous: undefined,
  graph,
  result: r,
  generation: 3,
  computeName: 'cpu-cluster',
  computeId: COMPUTE_ID,
  nodePublicIp,
  provisioningState: 'Succeeded',
  now: NOW,
});

describe('ImageBuildCompute status', () => {
  it('is Ready with both stage conditions True, and observed, once the workspace points at the compute', () => {
    const status = appliedStatus(input(result({})));
    expect(status.observedGeneration).toBe(3);
    expect(status.computeId).toBe(COMPUTE_ID);
    expect(status.provisioningState).toBe('Succeeded');
    for (const type of ['Ready', 'ComputeReady', 'WorkspaceUpdated']) {
      expect(getCondition(status.conditions, type), type).toMatchObject({ status: 'True', observedGeneration: 3 });
    }
    expect(getCondition(status.conditions, 'Reconciling')).toBeUndefined();
    expect(getCondition(status.conditions, 'Stalled')).toBeUndefined();
  });

  it('states the outbound requirement of a cluster without public IPs (seed 003), and only then', () => {
    const without = appliedStatus(input(result({}), false));
    expect(getCondition(without.conditions, 'Ready')?.message).toContain(OUTBOUND_NOTE);
    expect(getCondition(without.conditions, 'ComputeReady')?.message).toContain(OUTBOUND_NOTE);
    const withIp = appliedStatus(input(result({}), true));
    expect(getCondition(withIp.conditions, 'Ready')?.message).not.toContain('outbound');
  });

  it('is Reconciling while the workspace update waits for the compute', () => {
    const r = result(
      { [KEYS.compute]: ['InProgress', 'WaitingForOperation'], [KEYS.imageBuildCompute]: ['Waiting', 'WaitingForCompute'] },
      { waitingOn: { nodeKey: KEYS.compute, reason: 'WaitingForOperation', message: 'compute: provisioning' } },
    );
    const status = appliedStatus(input(r));
    expect(status.observedGeneration).toBeUndefined();
    expect(getCondition(status.conditions, 'Reconciling')).toMatchObject({ status: 'True', reason: 'WaitingForOperation' });
    expect(getCondition(status.conditions, 'Ready')?.status).toBe('False');
    expect(getCondition(status.conditions, 'ComputeReady')).toMatchObject({ status: 'False', reason: 'WaitingForOperation' });
    expect(getCondition(status.conditions, 'WorkspaceUpdated')).toMatchObject({ status: 'False', reason: 'WaitingForCompute' });
  });

  it('is Stalled with the ARM code when Azure refuses the compute', () => {
    const r = result(
      { [KEYS.compute]: ['Failed', 'QuotaExceeded'], [KEYS.imageBuildCompute]: ['Waiting', 'WaitingForCompute'] },
      { stalled: { nodeKey: KEYS.compute, code: 'QuotaExceeded', message: 'no cores left' } },
    );
    const status = appliedStatus(input(r));
    expect(getCondition(status.conditions, 'Stalled')).toMatchObject({ status: 'True', reason: 'QuotaExceeded' });
    expect(getCondition(status.conditions, 'Stalled')?.message).toContain('no cores left');
    expect(status.observedGeneration).toBe(3);
  });

  it('keeps the last reported provisioningState when this run did not observe the compute', () => {
    const status = appliedStatus({ ...input(result({})), previous: { provisioningState: 'Updating' }, provisioningState: undefined });
    expect(status.provisioningState).toBe('Updating');
  });
});
