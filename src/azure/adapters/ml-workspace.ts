import type { Workspace } from '@azure/arm-machinelearning';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

/** The workspace properties both workspace adapters own (base: arm-machinelearning 2.1.1 at 2022-10-01). */
export interface WorkspaceSpec {
  readonly location: string;
  readonly friendlyName?: string;
  readonly description?: string;
  readonly storageAccountId: string;
  readonly keyVaultId: string;
  readonly applicationInsightsId: string;
  readonly containerRegistryId: string;
  readonly publicNetworkAccess?: 'Enabled' | 'Disabled';
  readonly hbiWorkspace?: boolean;
  readonly tags?: Record<string, string>;
}

export interface WorkspaceOutput {
  readonly id: string;
  readonly name: string;
  /** The workspace's GUID (used in its private FQDNs). */
  readonly workspaceId: string | undefined;
  /** System-assigned identity: what role assignments grant to. */
  readonly principalId: string | undefined;
  readonly tenantId: string | undefined;
  readonly discoveryUrl: string | undefined;
}

export const workspaceArgs = (id: string) => rgAndNames(id, 'workspaces');

/** Properties other controllers or users set that a PUT must carry over, or it would reset them. */
const CARRIED_OVER = [
  'imageBuildCompute',
  'sharedPrivateLinkResources',
  'encryption',
  'serviceManagedResourcesSettings',
  'primaryUserAssignedIdentity',
  'v1LegacyMode',
  'allowPublicAccessWhenBehindVnet',
] as const;

function owned(spec: WorkspaceSpec): Workspace {
  return withTags(
    {
      location: spec.location,
      identity: { type: 'SystemAssigned' },
      sku: { name: 'Basic', tier: 'Basic' },
      storageAccount: spec.storageAccountId,
      keyVault: spec.keyVaultId,
      applicationInsights: spec.applicationInsightsId,
      containerRegistry: spec.containerRegistryId,
      publicNetworkAccess: spec.publicNetworkAccess ?? 'Disabled',
      ...(spec.friendlyName === undefined ? {} : { friendlyName: spec.friendlyName }),
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(spec.hbiWorkspace === undefined ? {} : { hbiWorkspace: spec.hbiWorkspace }),
    },
    spec.tags,
  );
}

function body(spec: WorkspaceSpec, observed: Workspace | undefined): Workspace {
  const kept = Object.fromEntries(CARRIED_OVER.flatMap((k) => (observed?.[k] === undefined ? [] : [[k, observed[k]]])));
  return { ...kept, ...owned(spec) };
}

export function workspaceOutput(o: { id?: string; name?: string; workspaceId?: string; discoveryUrl?: string; identity?: { principalId?: string; tenantId?: string } }, id: string): WorkspaceOutput {
  return {
    id: o.id ?? id,
    name: o.name ?? workspaceArgs(id)[1],
    workspaceId: o.workspaceId,
    principalId: o.identity?.principalId,
    tenantId: o.identity?.tenantId,
    discoveryUrl: o.discoveryUrl,
  };
}

/** Storage and key vault are fixed at creation; HBI too. */
export const WORKSPACE_IMMUTABLE = ['location', 'storageAccount', 'keyVault', 'hbiWorkspace'] as const;

export const workspaces = defineResourceAdapter<WorkspaceSpec, Workspace, WorkspaceOutput>({
  key: 'Microsoft.MachineLearningServices/workspaces',
  noun: 'Workspace',
  get: ({ clients }, id, opts) => clients.machineLearning.workspaces.get(...workspaceArgs(id), opts),
  put: ({ clients }, id, spec, observed, opts) =>
    clients.machineLearning.workspaces.beginCreateOrUpdateAndWait(...workspaceArgs(id), body(spec, observed), opts),
  delete: ({ clients }, id, opts) => clients.machineLearning.workspaces.beginDeleteAndWait(...workspaceArgs(id), opts),
  owned,
  immutable: WORKSPACE_IMMUTABLE,
  provisioningState: (o) => o.provisioningState,
  output: workspaceOutput,
});
