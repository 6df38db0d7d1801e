// The ImageBuildCompute graph (seed 002 "Configure image builds", seed 003): a CPU AmlCompute cluster in a subnet of
// the workspace's VNet (or in its managed VNet), then the workspace's imageBuildCompute pointed at it. Pure: spec +
// workspace facts → nodes.
import type { ImageBuildComputeSpec } from '../../api/index.ts';
import { amlComputes, armResource, imageBuildComputeId, imageBuildComputes } from '../../azure/index.ts';
import type { PlanNode } from '../../plan/index.ts';
import type { ReadyWorkspace } from '../shared/workspace-ref.ts';

/** Stage label → the condition it feeds. */
export const STAGE_CONDITIONS = { Compute: 'ComputeReady', Workspace: 'WorkspaceUpdated' } as const;

export const KEYS = { compute: 'compute', imageBuildCompute: 'imageBuildCompute' } as const;

export interface ImageBuildComputeTarget {
  /** ARM id of the Azure Machine Learning workspace. */
  readonly workspaceId: string;
  readonly location: string;
  /** The subnet the nodes join; absent in a managed VNet, where Azure Machine Learning places them itself. */
  readonly subnetId?: string;
}

/**
 * Where the cluster goes in a Ready workspace: `spec.subnet` of its own VNet (CustomerManaged), or its managed VNet
 * (Managed: there is no subnet to name, so `spec.subnet` does not apply). `unavailable` says why it cannot go.
 */
export function computeTarget(ws: ReadyWorkspace, subnet: string): { target: ImageBuildComputeTarget } | { unavailable: string } {
  const base = { workspaceId: ws.workspaceId, location: ws.location };
  if (ws.mode === 'Managed') return { target: base };
  const subnetId = ws.subnetIds[subnet];
  return subnetId === undefined ? { unavailable: `SecureWorkspace '${ws.name}' reports no ${subnet} subnet` } : { target: { ...base, subnetId } };
}

export function computeIdOf(workspaceId: string, computeName: string): string {
  return `${workspaceId}/computes/${computeName}`;
}

/** The workspace id back from a compute id (what a delete works from once the SecureWorkspace may be gone). */
export function workspaceIdOf(computeId: string): string {
  return computeId.slice(0, computeId.toLowerCase().lastIndexOf('/computes/'));
}

export function planImageBuildCompute(spec: ImageBuildComputeSpec, target: ImageBuildComputeTarget): PlanNode[] {
  const compute = armResource(amlComputes, {
    key: KEYS.compute,
    id: computeIdOf(target.workspaceId, spec.computeName),
    stage: 'Compute',
    desired: {
      location: target.location,
      vmSize: spec.vmSize,
      vmPriority: spec.vmPriority,
      minNodes: spec.minNodes,
      maxNodes: spec.maxNodes,
      idleTimeBeforeScaleDown: spec.idleTimeBeforeScaleDown,
      ...(target.subnetId === undefined ? {} : { subnetId: target.subnetId }),
      enableNodePublicIp: spec.nodePublicIp,
    },
  });
  const binding = armResource(imageBuildComputes, {
    key: KEYS.imageBuildCompute,
    id: imageBuildComputeId(target.workspaceId, spec.computeName),
    stage: 'Workspace',
    dependsOn: [compute],
    desired: {},
  });
  return [compute, binding];
}

/**
 * What a delete removes, from the compute id alone: first the workspace goes back to serverless image builds
 * (seed 003: imageBuildCompute ''), then the cluster. Both are gone already when the workspace is.
 */
export function planTeardown(computeId: string): PlanNode[] {
  const workspaceId = workspaceIdOf(computeId);
  const computeName = computeId.slice(workspaceId.length + '/computes/'.length);
  const compute = armResource(amlComputes, {
    key: KEYS.compute,
    id: computeId,
    stage: 'Compute',
    desired: () => {
      throw new Error('a teardown graph is only destroyed');
    },
  });
  const binding = armResource(imageBuildComputes, {
    key: KEYS.imageBuildCompute,
    id: imageBuildComputeId(workspaceId, computeName),
    stage: 'Workspace',
    dependsOn: [compute],
    desired: {},
  });
  return [compute, binding];
}
