// Registers the JumpBox controller: its own kind, indexed by the SecureWorkspace and the Secret it names, and
// re-queued when either changes (a workspace becoming Ready, a password rotated or a missing Secret created).
import { enqueueByIndex } from '../../runtime/index.ts';
import { SECURE_WORKSPACE_RESOURCE } from '../secureworkspace/index.ts';
import type { SecureWorkspace } from '../secureworkspace/index.ts';
import type { ControllerRegistration } from '../shared/deps.ts';
import { JUMP_BOX_RESOURCE, JumpBoxReconciler } from './reconciler.ts';
import type { JumpBoxObject } from './reconciler.ts';
import { SECRET_RESOURCE } from './secret.ts';

export { JUMP_BOX_RESOURCE } from './reconciler.ts';
export type { JumpBoxObject } from './reconciler.ts';

const WORKSPACE_INDEX = 'workspace';
const SECRET_INDEX = 'secret';

const key = (obj: JumpBoxObject, name: string | undefined): string[] => (name === undefined ? [] : [`${obj.metadata.namespace ?? ''}/${name}`]);

export const jumpBoxController: ControllerRegistration = {
  name: 'jumpbox',
  register(deps) {
    const informer = deps.manager.informer<JumpBoxObject>(JUMP_BOX_RESOURCE);
    const workspaces = deps.manager.informer<SecureWorkspace>(SECURE_WORKSPACE_RESOURCE);
    deps.manager.addController<JumpBoxObject>({
      name: 'jumpbox',
      kind: JUMP_BOX_RESOURCE,
      reconciler: new JumpBoxReconciler(deps, informer, workspaces),
      indexes: {
        [WORKSPACE_INDEX]: (o) => key(o, o.spec.workspaceRef?.name),
        [SECRET_INDEX]: (o) => key(o, o.spec.adminPasswordSecretRef?.name),
      },
      watches: [
        { kind: SECURE_WORKSPACE_RESOURCE, map: enqueueByIndex<JumpBoxObject>(WORKSPACE_INDEX) },
        // Metadata only: a changed Secret bumps its resourceVersion, which is all we need; its value is read at reconcile.
        // Without list/watch on Secrets (secret-get-only RBAC) the periodic resync brings the change instead.
        ...(deps.config.watchSecrets
          ? [{ kind: SECRET_RESOURCE, metadataOnly: true, map: enqueueByIndex<JumpBoxObject>(SECRET_INDEX) }]
          : []),
      ],
    });
  },
};
