// Registers the ImageBuildCompute controller: its own kind, indexed by the workspace it names, re-queued when that
// SecureWorkspace changes (e.g. becomes Ready) and when another ImageBuildCompute of the same workspace comes or goes.
import type { CacheReader, Request } from '../../runtime/index.ts';
import { enqueueByIndex } from '../../runtime/index.ts';
import { SECURE_WORKSPACE_RESOURCE } from '../secureworkspace/index.ts';
import type { SecureWorkspace } from '../secureworkspace/index.ts';
import type { ControllerRegistration } from '../shared/deps.ts';
import { IMAGE_BUILD_COMPUTE_RESOURCE, ImageBuildComputeReconciler, WORKSPACE_INDEX, workspaceKey } from './reconciler.ts';
import type { ImageBuildComputeObject } from './reconciler.ts';

export { IMAGE_BUILD_COMPUTE_RESOURCE } from './reconciler.ts';
export type { ImageBuildComputeObject } from './reconciler.ts';

function siblings(obj: ImageBuildComputeObject, primary: CacheReader<ImageBuildComputeObject>): Request[] {
  return primary
    .byIndex(WORKSPACE_INDEX, workspaceKey(obj))
    .filter((o) => o.metadata.name !== obj.metadata.name)
    .map((o) => ({ namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' }));
}

export const imageBuildComputeController: ControllerRegistration = {
  name: 'imagebuildcompute',
  register(deps) {
    const informer = deps.manager.informer<ImageBuildComputeObject>(IMAGE_BUILD_COMPUTE_RESOURCE);
    const workspaces = deps.manager.informer<SecureWorkspace>(SECURE_WORKSPACE_RESOURCE);
    deps.manager.addController<ImageBuildComputeObject>({
      name: 'imagebuildcompute',
      kind: IMAGE_BUILD_COMPUTE_RESOURCE,
      reconciler: new ImageBuildComputeReconciler(deps, informer, workspaces),
      indexes: { [WORKSPACE_INDEX]: (o) => [workspaceKey(o)] },
      watches: [
        { kind: SECURE_WORKSPACE_RESOURCE, map: enqueueByIndex<ImageBuildComputeObject>(WORKSPACE_INDEX) },
        { kind: IMAGE_BUILD_COMPUTE_RESOURCE, map: siblings },
      ],
    });
  },
};
