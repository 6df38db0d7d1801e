import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Defaulted, StringEnum } from './schema-kit.ts';

/** metav1.Condition, field for field (kubernetes apimachinery `meta/v1/types.go`), so generic tools can read it. */
export const ConditionSchema = Type.Object(
  {
    type: Type.String({
      description: 'Type of condition in CamelCase, e.g. Ready, Reconciling, Stalled.',
      maxLength: 316,
      pattern:
        '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
    }),
    status: StringEnum(['True', 'False', 'Unknown'] as const, { description: 'Status of the condition.' }),
    observedGeneration: Type.Optional(
      Type.Integer({
        description: 'The metadata.generation the condition was set for; older than the object means stale.',
        format: 'int64',
        minimum: 0,
      }),
    ),
    lastTransitionTime: Type.String({
      description: 'When the condition last changed status (RFC 3339).',
      format: 'date-time',
    }),
    reason: Type.String({
      description: 'One CamelCase word saying why the condition has its status, for `kubectl get`.',
      minLength: 1,
      maxLength: 1024,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
    }),
    message: Type.String({
      description: 'A human-readable sentence with details, for `kubectl describe`. May be empty.',
      maxLength: 32768,
    }),
  },
  { description: 'One aspect of the current state of the resource (metav1.Condition).' },
);
export type Condition = Static<typeof ConditionSchema>;
export type ConditionStatus = Condition['status'];

export const ConditionsSchema = Type.Array(ConditionSchema, {
  description: 'The latest observations of the resource state; Ready, Reconciling and Stalled are always kept.',
  maxItems: 32,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
});

export const ObservedGenerationSchema = Type.Integer({
  description:
    'The metadata.generation the operator last finished acting on (Ready or Stalled); -1 until then, so tools ' +
    'such as Flux and kstatus see a new or changed object as in progress.',
  format: 'int64',
});

/**
 * The status block's default: a brand-new object reads as "not yet observed" rather than as current
 * (what Flux does for its own CRDs).
 */
export const STATUS_DEFAULT = { observedGeneration: -1 };

export const DELETION_POLICIES = ['Delete', 'Retain'] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

export const DeletionPolicySchema = Defaulted(
  StringEnum(DELETION_POLICIES, {
    description:
      'What happens to the Azure resources when this object is deleted: Delete removes them (in reverse ' +
      'dependency order) before the finalizer is released; Retain leaves them in Azure and only forgets them.',
  }),
  'Delete',
);

/** Kubernetes object names referenced by spec fields: a DNS-1123 subdomain. */
export const ObjectNameSchema = Type.String({
  description: 'Name of an object in the same namespace.',
  minLength: 1,
  maxLength: 253,
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
});

/** Azure VM size names, e.g. Standard_DS3_v2. */
export const VM_SIZE_PATTERN = '^[A-Za-z]+_[A-Za-z0-9_-]+$';
export const DEFAULT_VM_SIZE = 'Standard_DS3_v2';

/**
 * A full ARM subnet id. ARM ids are case-insensitive, so the check is too; RE2 (CEL's regex engine) supports `(?i)`,
 * which an OpenAPI `pattern` cannot be relied on for.
 */
export const SUBNET_ID_RULE =
  "self.matches('(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\\\.Network/virtualNetworks/[^/]+/subnets/[^/]+$')";
