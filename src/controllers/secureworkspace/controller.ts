// Registers the SecureWorkspace controller with the manager.
import type { ControllerRegistration } from '../shared/deps.ts';
import { SECURE_WORKSPACE_RESOURCE, SecureWorkspaceReconciler } from './reconciler.ts';
import type { SecureWorkspace } from './reconciler.ts';

export const secureWorkspaceController: ControllerRegistration = {
  name: 'secureworkspace',
  register(deps) {
    const informer = deps.manager.informer<SecureWorkspace>(SECURE_WORKSPACE_RESOURCE);
    deps.manager.addController<SecureWorkspace>({
      name: 'secureworkspace',
      kind: SECURE_WORKSPACE_RESOURCE,
      reconciler: new SecureWorkspaceReconciler(deps, informer),
    });
  },
};
