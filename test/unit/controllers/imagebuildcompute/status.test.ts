import { describe, expect, it } from 'vitest';
import { applyImageBuildComputeDefaults } from '../../../../src/api/index.ts';
import { KEYS, planImageBuildCompute } from '../../../../src/controllers/imagebuildcompute/plan.ts';
import { appliedStatus, MANAGED_OUTBOUND_NOTE, OUTBOUND_NOTE, outboundNote } from '../../../../src/controllers/imagebuildcompute/status.ts';
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

const input = (r: ApplyResult) => ({
  previous: undefined,
  graph,
  result: r,
  generation: 3,
  computeName: 'cpu-cluster',
  computeId: COMPUTE_ID,
  outboundNote: OUTBOUND_NOTE as string | undefined,
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

  it('states the outbound note in the Ready and ComputeReady messages, and nothing when there is none', () => {
    const noted = appliedStatus(input(result({})));
    expect(getCondition(noted.conditions, 'Ready')?.message).toContain(OUTBOUND_NOTE);
    expect(getCondition(noted.conditions, 'ComputeReady')?.message).toContain(OUTBOUND_NOTE);
    const plain = appliedStatus({ ...input(result({})), outboundNote: undefined });
    expect(getCondition(plain.conditions, 'Ready')?.message).toBe("the workspace builds its images on compute 'cpu-cluster'.");
  });

  it.each([
    ['CustomerManaged', undefined, false, OUTBOUND_NOTE],
    ['CustomerManaged', undefined, true, undefined],
    ['Managed', 'AllowOnlyApprovedOutbound', false, MANAGED_OUTBOUND_NOTE],
    ['Managed', 'AllowOnlyApprovedOutbound', true, MANAGED_OUTBOUND_NOTE],
    ['Managed', 'AllowInternetOutbound', false, undefined],
  ] as const)('outbound note: %s network, isolation %s, nodePublicIp %s', (mode, isolationMode, nodePublicIp, note) => {
    // Seed 003: a customer VNet needs its own route out; a managed VNet lets out what its isolation mode allows.
    expect(outboundNote({ mode, isolationMode }, nodePublicIp)).toBe(note);
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
