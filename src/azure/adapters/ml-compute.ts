import type { ComputeResource } from '@azure/arm-machinelearning';
import { AdapterError } from '../errors.ts';
import { diffSubset } from '../diff.ts';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

/**
 * A CPU AmlCompute cluster without public IPs on its nodes: in a subnet of the customer's VNet, or (no subnet) in
 * the workspace's managed VNet, where Azure Machine Learning places it itself.
 */
export interface AmlComputeSpec {
  readonly location: string;
  readonly vmSize: string;
  readonly vmPriority?: 'Dedicated' | 'LowPriority';
  readonly minNodes: number;
  readonly maxNodes: number;
  /** ISO 8601 duration, e.g. PT120S. */
  readonly idleTimeBeforeScaleDown: string;
  /** Absent for a workspace with a managed VNet. */
  readonly subnetId?: string;
  readonly enableNodePublicIp?: boolean;
  readonly description?: string;
  readonly tags?: Record<string, string>;
}

export interface AmlComputeOutput {
  readonly id: string;
  readonly name: string;
}

const args = (id: string) => {
  const [rg, workspace, compute] = rgAndNames(id, 'workspaces', 'computes');
  return { rg, workspace, compute };
};

function scaleSettings(spec: AmlComputeSpec) {
  return { minNodeCount: spec.minNodes, maxNodeCount: spec.maxNodes, nodeIdleTimeBeforeScaleDown: spec.idleTimeBeforeScaleDown };
}

function body(spec: AmlComputeSpec): ComputeResource {
  return withTags(
    {
      location: spec.location,
      properties: {
        computeType: 'AmlCompute',
        ...(spec.description === undefined ? {} : { description: spec.description }),
        properties: {
          osType: 'Linux',
          vmSize: spec.vmSize,
          vmPriority: spec.vmPriority ?? 'Dedicated',
          scaleSettings: scaleSettings(spec),
          ...(spec.subnetId === undefined ? {} : { subnet: { id: spec.subnetId } }),
          enableNodePublicIp: spec.enableNodePublicIp ?? false,
          remoteLoginPortPublicAccess: 'Disabled',
        },
      },
    },
    spec.tags,
  );
}

/** Tags are applied at creation only: AmlCompute's update (PATCH) carries scale settings and nothing else. */
function owned(spec: AmlComputeSpec): unknown {
  const { tags: _tags, ...rest } = body(spec);
  return rest;
}

const SCALE = 'properties.properties.scaleSettings';

export const amlComputes = defineResourceAdapter<AmlComputeSpec, ComputeResource, AmlComputeOutput>({
  key: 'Microsoft.MachineLearningServices/workspaces/computes',
  noun: 'Compute',
  get: ({ clients }, id, opts) => {
    const a = args(id);
    return clients.machineLearning.computeOperations.get(a.rg, a.workspace, a.compute, opts);
  },
  put: async ({ clients }, id, spec, observed, opts) => {
    const a = args(id);
    if (observed === undefined) {
      return clients.machineLearning.computeOperations.beginCreateOrUpdateAndWait(a.rg, a.workspace, a.compute, body(spec), opts);
    }
    const changed = diffSubset(owned(spec), observed);
    const fixed = changed.filter((p) => p !== SCALE && !p.startsWith(`${SCALE}.`));
    if (fixed.length > 0) {
      throw new AdapterError(
        'ImmutableFieldChanged',
        `Compute '${id}': ${fixed.join(', ')} cannot be changed on an existing cluster (only scale settings can); ` +
          'restore the previous value, or delete the ImageBuildCompute so it is created again',
      );
    }
    const update = { properties: { scaleSettings: scaleSettings(spec) } };
    return clients.machineLearning.computeOperations.beginUpdateAndWait(a.rg, a.workspace, a.compute, update, opts);
  },
  delete: ({ clients }, id, opts) => {
    const a = args(id);
    return clients.machineLearning.computeOperations.beginDeleteAndWait(a.rg, a.workspace, a.compute, 'Delete', opts);
  },
  owned,
  provisioningState: (o) => o.properties?.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? args(id).compute }),
});
