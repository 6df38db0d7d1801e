import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { V1ObjectMeta } from '@kubernetes/client-node';
import {
  ConditionsSchema,
  DEFAULT_VM_SIZE,
  DeletionPolicySchema,
  ObjectNameSchema,
  ObservedGenerationSchema,
  VM_SIZE_PATTERN,
} from './common.ts';
import type { API_VERSION } from './constants.ts';
import { Defaulted, immutable, StringEnum, X_VALIDATIONS } from './schema-kit.ts';
import type { InputOf } from './schema-kit.ts';

export const IMAGE_BUILD_COMPUTE_CONDITIONS = ['Ready', 'Reconciling', 'Stalled', 'ComputeReady', 'WorkspaceUpdated'] as const;

export const ImageBuildComputeSpecSchema = Type.Object(
  {
    workspaceRef: Type.Object(
      {
        name: {
          ...ObjectNameSchema,
          description: 'Name of the SecureWorkspace, in the same namespace, that the compute joins.',
        },
      },
      {
        description: 'The SecureWorkspace whose network hosts the compute and whose image builds it runs. Immutable.',
        [X_VALIDATIONS]: [immutable('workspaceRef', 'a compute cannot move between workspaces; create a new one')],
      },
    ),
    computeName: Type.String({
      description:
        'Name of the AmlCompute cluster in the workspace: 2–16 letters, digits and hyphens, starting with a ' +
        'letter and not ending with a hyphen. Immutable.',
      minLength: 2,
      maxLength: 16,
      pattern: '^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$',
      [X_VALIDATIONS]: [immutable('computeName', 'Azure cannot rename a compute')],
    }),
    vmSize: Defaulted(
      Type.String({
        description:
          'VM size of the nodes, e.g. Standard_DS3_v2. CPU sizes only: image builds do not use GPUs, so the ' +
          'GPU families NC, ND, NV and NG are refused.',
        minLength: 3,
        maxLength: 64,
        pattern: VM_SIZE_PATTERN,
        [X_VALIDATIONS]: [
          {
            rule: "!self.lowerAscii().matches('(^|_)n[cdvg]')",
            message: 'vmSize must be a CPU size: GPU families (NC, ND, NV, NG) are refused for image builds',
          },
        ],
      }),
      DEFAULT_VM_SIZE,
    ),
    minNodes: Defaulted(
      Type.Integer({ description: 'Nodes kept when idle; 0 scales to zero.', minimum: 0, maximum: 1000 }),
      0,
    ),
    maxNodes: Defaulted(Type.Integer({ description: 'Upper bound of the cluster size.', minimum: 1, maximum: 1000 }), 2),
    idleTimeBeforeScaleDown: Defaulted(
      Type.String({
        description: 'How long a node stays idle before it is released, as an ISO 8601 duration, e.g. PT120S or PT15M.',
        maxLength: 32,
        pattern: '^P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$',
        [X_VALIDATIONS]: [
          {
            rule: "self != 'P' && !self.endsWith('T')",
            message: 'idleTimeBeforeScaleDown must be an ISO 8601 duration with at least one value, e.g. PT120S',
          },
        ],
      }),
      'PT120S',
    ),
    subnet: Defaulted(
      StringEnum(['training', 'scoring'] as const, {
        description:
          'Subnet of the workspace VNet the nodes join (CustomerManaged workspaces; in a Managed-mode workspace the nodes join the managed VNet and this is ignored).',
      }),
      'training',
    ),
    vmPriority: Defaulted(
      StringEnum(['Dedicated', 'LowPriority'] as const, {
        description: 'Dedicated nodes, or cheaper LowPriority nodes that Azure may preempt (a build then retries).',
      }),
      'Dedicated',
    ),
    nodePublicIp: Defaulted(
      Type.Boolean({ description: 'Give nodes a public IP. Keep false for a private setup (no inbound from internet).' }),
      false,
    ),
    deletionPolicy: DeletionPolicySchema,
  },
  {
    description:
      'Desired state of a CPU compute cluster in the workspace VNet that builds the workspace\'s Docker images ' +
      '(the workspace is updated with imageBuildCompute = computeName).',
    [X_VALIDATIONS]: [
      {
        rule: 'self.minNodes <= self.maxNodes',
        message: 'minNodes must be less than or equal to maxNodes',
        fieldPath: '.minNodes',
      },
    ],
  },
);

export const ImageBuildComputeStatusSchema = Type.Object(
  {
    observedGeneration: Type.Optional(ObservedGenerationSchema),
    conditions: Type.Optional(ConditionsSchema),
    computeId: Type.Optional(Type.String({ description: 'ARM id of the AmlCompute cluster.' })),
    provisioningState: Type.Optional(
      Type.String({ description: 'provisioningState of the compute as Azure last reported it.' }),
    ),
  },
  { description: 'Observed state, written by the operator only (status subresource).' },
);

export type ImageBuildComputeSpec = Static<typeof ImageBuildComputeSpecSchema>;
/** A spec as a user may write it: fields with defaults may be omitted. */
export type ImageBuildComputeSpecInput = InputOf<typeof ImageBuildComputeSpecSchema>;
export type ImageBuildComputeStatus = Static<typeof ImageBuildComputeStatusSchema>;
export type ImageBuildComputeConditionType = (typeof IMAGE_BUILD_COMPUTE_CONDITIONS)[number];

export interface ImageBuildCompute {
  apiVersion: typeof API_VERSION;
  kind: 'ImageBuildCompute';
  metadata: V1ObjectMeta;
  spec: ImageBuildComputeSpec;
  status?: ImageBuildComputeStatus;
}
