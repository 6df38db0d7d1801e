// Shared vocabulary of the SecureWorkspace plan: stages (one per status condition), node keys and the typed node
// builder every plan file uses.
import type { SecureWorkspaceSpec } from '../../api/index.ts';
import type { ArmActionAdapter, ArmResourceAdapter } from '../../azure/adapters/define.ts';
import type { ActionNode, NodeOutputs, Ownership, ResourceNode } from '../../plan/index.ts';
import type { AzureNames, WorkspaceIdentity } from './names.ts';

/** Stage label → the per-stage condition it feeds. */
export const STAGE_CONDITIONS = {
  Network: 'NetworkReady',
  Storage: 'StorageReady',
  KeyVault: 'KeyVaultReady',
  Registry: 'RegistryReady',
  Workspace: 'WorkspaceReady',
  PrivateEndpoints: 'PrivateEndpointsReady',
  PrivateDns: 'PrivateDnsReady',
} as const;

export type Stage = keyof typeof STAGE_CONDITIONS;

/** Node keys; parametrised ones take the private-link group id or the zone name. */
export const KEYS = {
  resourceGroup: 'resourceGroup',
  networkSecurityGroup: 'networkSecurityGroup',
  virtualNetwork: 'virtualNetwork',
  inboundSubnet: 'inboundSubnet',
  storageAccount: 'storageAccount',
  keyVault: 'keyVault',
  containerRegistry: 'containerRegistry',
  applicationInsights: 'applicationInsights',
  workspace: 'workspace',
  provisionManagedNetwork: 'provisionManagedNetwork',
  privateEndpoint: (group: string) => `privateEndpoint/${group}`,
  privateDnsZone: (zone: string) => `privateDnsZone/${zone}`,
  virtualNetworkLink: (zone: string) => `virtualNetworkLink/${zone}`,
  zoneGroup: (group: string) => `privateDnsZoneGroup/${group}`,
  aRecord: (zone: string, record: string) => `aRecord/${zone}/${record}`,
  roleAssignment: (group: string) => `roleAssignment/${group}`,
} as const;

/** Everything the plan functions read: the defaulted spec and the names and ids derived from it. */
export interface PlanContext {
  readonly spec: SecureWorkspaceSpec;
  readonly identity: WorkspaceIdentity;
  readonly names: AzureNames;
  /** The Azure AD tenant of the subscription: key vaults are bound to it. */
  readonly tenantId: string;
  /** `/subscriptions/{s}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}` in the workspace's group. */
  id(namespace: string, ...typeNamePairs: string[]): string;
}

interface NodeFields<Spec> {
  readonly key: string;
  readonly id: string;
  readonly stage: Stage;
  readonly waitReason: string;
  readonly dependsOn?: readonly string[];
  readonly ownership?: Ownership;
  /** Omitted for external nodes, which are only observed. */
  readonly desired?: (outputs: NodeOutputs) => Spec;
}

/**
 * A resource node typed by its adapter: `resourceNode(storageAccounts)({ key, id, …, desired })`. `desired` must
 * return the adapter's spec and readers get the adapter's output type. Curried so that the adapter fixes the types
 * before `desired` is checked: object literals there keep their literal types ('Disabled', not string).
 */
export function resourceNode<Spec, Observed, Output>(adapter: ArmResourceAdapter<Spec, Observed, Output>) {
  // An alternative adapter of the same ARM type is keyed 'type@api-version'; the node's type stays the ARM type.
  const [type = adapter.key] = adapter.key.split('@');
  return (fields: NodeFields<Spec>): ResourceNode<Spec, Output> => ({
    kind: 'resource',
    type,
    ...(type === adapter.key ? {} : { adapter: adapter.key }),
    key: fields.key,
    id: fields.id,
    stage: fields.stage,
    waitReason: fields.waitReason,
    dependsOn: fields.dependsOn ?? [],
    ownership: fields.ownership ?? 'managed',
    desired:
      fields.desired ??
      (() => {
        throw new Error(`node '${fields.key}' is external and has no desired state`);
      }),
  });
}

interface ActionFields<Params> {
  readonly key: string;
  /** The resource the action is posted to. */
  readonly id: string;
  readonly stage: Stage;
  readonly waitReason: string;
  readonly dependsOn: readonly string[];
  readonly params: (outputs: NodeOutputs) => Params;
}

export function actionNode<Params, Output>(adapter: ArmActionAdapter<Params, Output>) {
  return (fields: ActionFields<Params>): ActionNode<Params, Output> => ({ kind: 'action', type: adapter.key, ...fields });
}

/** The user's tags, when they set any: tags are only owned (and compared) when the spec names them. */
export function userTags(spec: SecureWorkspaceSpec): { tags?: Record<string, string> } {
  return spec.tags === undefined ? {} : { tags: { ...spec.tags } };
}
