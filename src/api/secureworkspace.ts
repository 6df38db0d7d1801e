import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { ConditionsSchema, ObservedGenerationSchema } from './common.ts';
import type { API_VERSION } from './constants.ts';
import { SecureWorkspaceSpecSchema } from './secureworkspace-spec.ts';
import type { InputOf } from './schema-kit.ts';

export { SecureWorkspaceSpecSchema };

/** Condition types of a SecureWorkspace, in the order the resources are built. */
export const SECURE_WORKSPACE_CONDITIONS = [
  'Ready',
  'Reconciling',
  'Stalled',
  'NetworkReady',
  'StorageReady',
  'KeyVaultReady',
  'RegistryReady',
  'WorkspaceReady',
  'PrivateEndpointsReady',
  'PrivateDnsReady',
] as const;

/** Every value of `status.resources[].state`, with what it tells the user (the controller writes only these). */
export const RESOURCE_STATES = {
  Waiting: 'for a dependency, or for a retry after a passing Azure error',
  InProgress: 'an Azure operation on it is running',
  Succeeded: 'in Azure as the spec asks',
  Failed: 'a terminal error; the conditions say why',
  Adopted: "found in Azure without the operator's tag: managed, but kept when this object is deleted",
  External: 'only referenced, never written or deleted: a hub DNS zone, a subnet of yours',
  Deleting: 'no longer planned after a spec change, being removed from Azure',
  Deleted: 'removed from Azure while this object is being deleted',
} as const;

export type ResourceState = keyof typeof RESOURCE_STATES;

const RESOURCE_STATE_DESCRIPTION =
  'Where the operator is with it: ' +
  Object.entries(RESOURCE_STATES)
    .map(([state, meaning]) => `${state} (${meaning})`)
    .join('; ') +
  '.';

export const SecureWorkspaceStatusSchema = Type.Object(
  {
    observedGeneration: Type.Optional(ObservedGenerationSchema),
    conditions: Type.Optional(ConditionsSchema),
    progress: Type.Optional(
      Type.String({ description: 'Azure resources in place over resources planned, e.g. "14/21".', maxLength: 16 }),
    ),
    resources: Type.Optional(
      Type.Array(
        Type.Object(
          {
            type: Type.String({ description: 'ARM resource type, e.g. Microsoft.Network/privateEndpoints.' }),
            name: Type.String({ description: 'Azure name of the resource.' }),
            id: Type.String({ description: 'Full ARM id of the resource.' }),
            state: Type.String({ description: RESOURCE_STATE_DESCRIPTION }),
          },
          { description: 'One Azure resource managed or referenced by this workspace.' },
        ),
        { description: 'Inventory of the Azure resources, so users see what exists in Azure without the portal.' },
      ),
    ),
    privateEndpoints: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ description: 'Name of the private endpoint.' }),
            fqdn: Type.String({ description: 'A host name served through the endpoint.' }),
            ip: Type.String({ description: 'Private IP address the host name resolves to inside the VNet.' }),
          },
          { description: 'One host name of a private endpoint and its private IP.' },
        ),
        { description: 'Host name → private IP table of all private endpoints (what custom DNS servers need).' },
      ),
    ),
    workspace: Type.Optional(
      Type.Object(
        {
          id: Type.Optional(Type.String({ description: 'ARM id of the Azure Machine Learning workspace.' })),
          discoveryUrl: Type.Optional(Type.String({ description: 'Discovery URL of the workspace API.' })),
          principalId: Type.Optional(Type.String({ description: 'Object id of the workspace\'s system-assigned identity.' })),
        },
        { description: 'Identity of the Azure Machine Learning workspace once created.' },
      ),
    ),
    network: Type.Optional(
      Type.Object(
        {
          vnetId: Type.Optional(Type.String({ description: 'ARM id of the VNet (CustomerManaged mode).' })),
          subnetIds: Type.Optional(
            Type.Unsafe<Record<string, string>>({
              type: 'object',
              description: 'ARM ids of the subnets by role: training, scoring, bastion.',
              additionalProperties: { type: 'string' },
            }),
          ),
        },
        { description: 'The network other kinds attach to (ImageBuildCompute and JumpBox read it).' },
      ),
    ),
  },
  { description: 'Observed state, written by the operator only (status subresource).' },
);

export type SecureWorkspaceSpec = Static<typeof SecureWorkspaceSpecSchema>;
/** A spec as a user may write it: fields with defaults may be omitted. */
export type SecureWorkspaceSpecInput = InputOf<typeof SecureWorkspaceSpecSchema>;
export type SecureWorkspaceStatus = Static<typeof SecureWorkspaceStatusSchema>;
export type SecureWorkspaceConditionType = (typeof SECURE_WORKSPACE_CONDITIONS)[number];
export type NetworkMode = SecureWorkspaceSpec['network']['mode'];
export type OutboundRule = NonNullable<SecureWorkspaceSpec['network']['outboundRules']>[number];

export interface SecureWorkspace {
  apiVersion: typeof API_VERSION;
  kind: 'SecureWorkspace';
  metadata: V1ObjectMeta;
  spec: SecureWorkspaceSpec;
  status?: SecureWorkspaceStatus;
}
