// "The workspace builds its images on this compute" (properties.imageBuildCompute), modelled as a resource of its
// own so the ImageBuildCompute graph can order it after the cluster and undo it before deleting the cluster. Its
// id is `<workspace id>/imageBuildCompute/<compute name>`: it exists when the workspace points at that compute.
import type { Workspace } from '@azure/arm-machinelearning';
import { defineResourceAdapter } from './define.ts';
import { workspaceArgs } from './ml-workspace.ts';

export const IMAGE_BUILD_COMPUTE = 'Microsoft.MachineLearningServices/workspaces/imageBuildCompute';

/** Nothing to declare: the id names the workspace and the compute. */
export type ImageBuildComputeSpec = Record<string, never>;

export interface ImageBuildComputeOutput {
  readonly workspaceId: string;
  readonly computeName: string;
}

interface Binding {
  readonly workspace: Workspace;
  readonly computeName: string;
}

export function imageBuildComputeId(workspaceId: string, computeName: string): string {
  return `${workspaceId}/imageBuildCompute/${computeName}`;
}

function parse(id: string): { workspaceId: string; rg: string; workspace: string; computeName: string } {
  const at = id.toLowerCase().lastIndexOf('/imagebuildcompute/');
  const workspaceId = id.slice(0, Math.max(at, 0));
  const computeName = id.slice(at + '/imageBuildCompute/'.length);
  const [rg, workspace] = workspaceArgs(workspaceId);
  return { workspaceId, rg, workspace, computeName };
}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

export const imageBuildComputes = defineResourceAdapter<ImageBuildComputeSpec, Binding, ImageBuildComputeOutput>({
  key: IMAGE_BUILD_COMPUTE,
  noun: 'ImageBuildCompute',
  async get({ clients }, id, opts) {
    const p = parse(id);
    const workspace = await clients.machineLearning.workspaces.get(p.rg, p.workspace, opts);
    return same(workspace.imageBuildCompute, p.computeName) ? { workspace, computeName: p.computeName } : undefined;
  },
  async put({ clients }, id, _spec, _observed, opts) {
    const p = parse(id);
    const workspace = await clients.machineLearning.workspaces.beginUpdateAndWait(p.rg, p.workspace, { imageBuildCompute: p.computeName }, opts);
    return { workspace, computeName: p.computeName };
  },
  async delete({ clients }, id, opts) {
    const p = parse(id);
    const workspace = await clients.machineLearning.workspaces.get(p.rg, p.workspace, opts);
    // Only undo our own setting: someone may have pointed the workspace at another compute since.
    if (same(workspace.imageBuildCompute, p.computeName)) {
      await clients.machineLearning.workspaces.beginUpdateAndWait(p.rg, p.workspace, { imageBuildCompute: '' }, opts);
    }
  },
  owned: () => ({}),
  provisioningState: (b) => b.workspace.provisioningState,
  output: (_b, id) => ({ workspaceId: parse(id).workspaceId, computeName: parse(id).computeName }),
});
