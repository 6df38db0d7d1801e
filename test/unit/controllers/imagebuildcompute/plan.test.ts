import { describe, expect, it } from 'vitest';
import { applyImageBuildComputeDefaults } from '../../../../src/api/index.ts';
import { computeIdOf, computeTarget, KEYS, planImageBuildCompute, planTeardown, workspaceIdOf } from '../../../../src/controllers/imagebuildcompute/plan.ts';
import type { ReadyWorkspace } from '../../../../src/controllers/shared/workspace-ref.ts';
import { createPlanGraph } from '../../../../src/plan/index.ts';
import type { NodeOutputs, PlanNode } from '../../../../src/plan/index.ts';

const WS = '/subscriptions/sub/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlprod-mlw';
const TRAINING = '/subscriptions/sub/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/mlprod-vnet/subnets/Training';
const noOutputs: NodeOutputs = {
  get() {
    throw new Error('no outputs in this test');
  },
};

function node(nodes: readonly PlanNode[], key: string): PlanNode {
  const n = nodes.find((x) => x.key === key);
  if (!n) throw new Error(`no node ${key}`);
  return n;
}

describe('ImageBuildCompute plan (seed 002 "Configure image builds")', () => {
  const spec = applyImageBuildComputeDefaults({ workspaceRef: { name: 'ws' }, computeName: 'cpu-cluster' });
  const nodes = planImageBuildCompute(spec, { workspaceId: WS, location: 'eastus', subnetId: TRAINING });

  it('creates the cluster in the workspace, then points the workspace at it', () => {
    const graph = createPlanGraph(nodes);
    expect(graph.order).toEqual([KEYS.compute, KEYS.imageBuildCompute]);
    expect(node(nodes, KEYS.compute)).toMatchObject({
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      id: `${WS}/computes/cpu-cluster`,
      stage: 'Compute',
      ownership: 'managed',
    });
    expect(node(nodes, KEYS.imageBuildCompute)).toMatchObject({
      type: 'Microsoft.MachineLearningServices/workspaces/imageBuildCompute',
      id: `${WS}/imageBuildCompute/cpu-cluster`,
      stage: 'Workspace',
      dependsOn: [KEYS.compute],
    });
  });

  it('uses the tutorial defaults: CPU size, 0..2 nodes, no node public IP, the training subnet', () => {
    const compute = node(nodes, KEYS.compute);
    expect(compute.kind === 'resource' && compute.desired(noOutputs)).toEqual({
      location: 'eastus',
      vmSize: 'Standard_DS3_v2',
      vmPriority: 'Dedicated',
      minNodes: 0,
      maxNodes: 2,
      idleTimeBeforeScaleDown: 'PT120S',
      subnetId: TRAINING,
      enableNodePublicIp: false,
    });
  });

  it('carries every spec field into the cluster', () => {
    const custom = applyImageBuildComputeDefaults({
      workspaceRef: { name: 'ws' },
      computeName: 'builder',
      vmSize: 'Standard_D4s_v3',
      minNodes: 1,
      maxNodes: 4,
      idleTimeBeforeScaleDown: 'PT15M',
      vmPriority: 'LowPriority',
      nodePublicIp: true,
    });
    const compute = node(planImageBuildCompute(custom, { workspaceId: WS, location: 'westeurope', subnetId: 'subnet-id' }), KEYS.compute);
    expect(compute.kind === 'resource' && compute.desired(noOutputs)).toEqual({
      location: 'westeurope',
      vmSize: 'Standard_D4s_v3',
      vmPriority: 'LowPriority',
      minNodes: 1,
      maxNodes: 4,
      idleTimeBeforeScaleDown: 'PT15M',
      subnetId: 'subnet-id',
      enableNodePublicIp: true,
    });
  });
});

describe('ImageBuildCompute target', () => {
  const ready: ReadyWorkspace = {
    ready: true,
    name: 'ws',
    location: 'eastus',
    resourceGroup: 'rg-ml',
    mode: 'CustomerManaged',
    isolationMode: undefined,
    workspaceId: WS,
    vnetId: TRAINING.replace(/\/subnets\/Training$/, ''),
    subnetIds: { training: TRAINING },
  };

  it('joins spec.subnet of a CustomerManaged workspace, and says so when the workspace has no such subnet', () => {
    expect(computeTarget(ready, 'training')).toEqual({ target: { workspaceId: WS, location: 'eastus', subnetId: TRAINING } });
    expect(computeTarget(ready, 'scoring')).toEqual({ unavailable: "SecureWorkspace 'ws' reports no scoring subnet" });
  });

  it('names no subnet in a Managed workspace: Azure Machine Learning places the nodes in its managed VNet', () => {
    const managed = { ...ready, mode: 'Managed' as const, isolationMode: 'AllowOnlyApprovedOutbound' as const, vnetId: undefined, subnetIds: {} };
    const where = computeTarget(managed, 'training');
    expect(where).toEqual({ target: { workspaceId: WS, location: 'eastus' } });
    const spec = applyImageBuildComputeDefaults({ workspaceRef: { name: 'ws' }, computeName: 'cpu-cluster' });
    const compute = node(planImageBuildCompute(spec, 'target' in where ? where.target : { workspaceId: '', location: '' }), KEYS.compute);
    expect(compute.kind === 'resource' && compute.desired(noOutputs)).not.toHaveProperty('subnetId');
  });
});

describe('ImageBuildCompute teardown', () => {
  it('is rebuilt from the compute id alone, the workspace setting undone before the cluster goes', () => {
    const computeId = computeIdOf(WS, 'cpu-cluster');
    expect(workspaceIdOf(computeId)).toBe(WS);
    const graph = createPlanGraph(planTeardown(computeId));
    expect(graph.nodes.get(KEYS.compute)?.id).toBe(computeId);
    expect(graph.nodes.get(KEYS.imageBuildCompute)?.id).toBe(`${WS}/imageBuildCompute/cpu-cluster`);
    // destroy() walks dependants first: the binding before the compute it depends on.
    expect(graph.dependants.get(KEYS.compute)).toEqual([KEYS.imageBuildCompute]);
  });

  it('finds the workspace in a compute id whatever its casing', () => {
    expect(workspaceIdOf(`${WS}/COMPUTES/x`)).toBe(WS);
  });
});
