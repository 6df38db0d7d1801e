// The SecureWorkspace an ImageBuildCompute or a JumpBox names in `workspaceRef`, read from the shared cache: either
// ready to build on (its workspace id, location and subnets), or a sentence saying what the dependant waits for.
// The dependants' controllers watch SecureWorkspaces, so a workspace becoming Ready re-queues them (no polling).
import { applySecureWorkspaceDefaults } from '../../api/index.ts';
import type { NetworkMode, SecureWorkspaceSpec } from '../../api/index.ts';
import { getCondition } from '../../runtime/index.ts';
import type { CacheReader } from '../../runtime/index.ts';
import type { SecureWorkspace } from '../secureworkspace/index.ts';

/** The reason dependants report while they wait (kstatus: Reconciling=True). */
export const WAITING_FOR_WORKSPACE = 'WaitingForWorkspace';

export interface ReadyWorkspace {
  readonly ready: true;
  readonly name: string;
  readonly location: string;
  readonly resourceGroup: string;
  readonly mode: NetworkMode;
  /** Managed mode only: what may leave the managed VNet. */
  readonly isolationMode: SecureWorkspaceSpec['network']['isolationMode'];
  /** ARM id of the Azure Machine Learning workspace. */
  readonly workspaceId: string;
  /** CustomerManaged mode only. */
  readonly vnetId: string | undefined;
  /** Subnet ids by role (training, scoring, bastion); empty in Managed mode. */
  readonly subnetIds: Readonly<Record<string, string>>;
}

export interface PendingWorkspace {
  readonly ready: false;
  readonly message: string;
}

export type WorkspaceRef = ReadyWorkspace | PendingWorkspace;

export function resolveWorkspace(cache: CacheReader<SecureWorkspace>, namespace: string, name: string): WorkspaceRef {
  const ws = cache.get(namespace, name);
  if (!ws) return { ready: false, message: `SecureWorkspace '${name}' does not exist in namespace '${namespace}'` };
  if (ws.metadata.deletionTimestamp) return { ready: false, message: `SecureWorkspace '${name}' is being deleted` };
  const ready = getCondition(ws.status?.conditions, 'Ready');
  const generation = ws.metadata.generation ?? 0;
  if (ready?.status !== 'True' || (ready.observedGeneration ?? generation) !== generation) {
    const why = ready ? `${ready.reason}: ${ready.message}` : 'no status yet';
    return { ready: false, message: `SecureWorkspace '${name}' is not Ready yet (${why})` };
  }
  const workspaceId = ws.status?.workspace?.id;
  if (!workspaceId) return { ready: false, message: `SecureWorkspace '${name}' has no workspace id in its status yet` };
  const spec = applySecureWorkspaceDefaults(ws.spec);
  return {
    ready: true,
    name,
    location: spec.location,
    resourceGroup: spec.resourceGroup,
    mode: spec.network.mode,
    isolationMode: spec.network.isolationMode,
    workspaceId,
    vnetId: ws.status?.network?.vnetId,
    subnetIds: ws.status?.network?.subnetIds ?? {},
  };
}
