// Role assignments, named by a GUID derived from (scope, principal, role): a retry or a second operator replica
// writes the same name instead of a duplicate assignment. Assignments are immutable in ARM, so a changed
// principal (a re-created workspace has a new identity) is delete + create.
import { createHash } from 'node:crypto';
import type { RoleAssignment } from '@azure/arm-authorization';
import { AdapterError } from '../errors.ts';
import { defineResourceAdapter } from './define.ts';
import type { AdapterDeps, SdkOptions } from './define.ts';

export const ROLE_ASSIGNMENTS = 'Microsoft.Authorization/roleAssignments';
const SEGMENT = `/providers/${ROLE_ASSIGNMENTS}/`;

/** Built-in role definition GUIDs (the same in every tenant). */
export const BUILTIN_ROLES = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  StorageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
} as const;

export interface RoleAssignmentSpec {
  /** Full id: /subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}. */
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly principalType?: 'ServicePrincipal' | 'User' | 'Group';
  readonly description?: string;
}

export interface RoleAssignmentOutput {
  readonly id: string;
  readonly name: string;
}

export function roleDefinitionId(subscriptionId: string, roleGuid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/**
 * A deterministic UUID (RFC 4122 layout, version 5 style over SHA-1) for `scope` + `principalKey` + role. Use a
 * stable principal key (e.g. the workspace's resource id), not its principalId, which is known only later.
 */
export function roleAssignmentName(scope: string, principalKey: string, roleGuid: string): string {
  const hash = createHash('sha1').update(`${scope.toLowerCase()}|${principalKey.toLowerCase()}|${roleGuid.toLowerCase()}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function roleAssignmentId(scope: string, principalKey: string, roleGuid: string): string {
  return `${scope}${SEGMENT}${roleAssignmentName(scope, principalKey, roleGuid)}`;
}

function split(id: string): { scope: string; name: string } {
  const at = id.toLowerCase().lastIndexOf(SEGMENT.toLowerCase());
  if (at <= 0) throw new AdapterError('InvalidResourceId', `not a role assignment id: '${id}'`);
  return { scope: id.slice(0, at), name: id.slice(at + SEGMENT.length) };
}

const owned = (spec: RoleAssignmentSpec) => ({ roleDefinitionId: spec.roleDefinitionId, principalId: spec.principalId });

async function create(deps: AdapterDeps, id: string, spec: RoleAssignmentSpec, opts: SdkOptions): Promise<RoleAssignment> {
  const { scope, name } = split(id);
  return deps.clients.authorization.roleAssignments.create(
    scope,
    name,
    {
      roleDefinitionId: spec.roleDefinitionId,
      principalId: spec.principalId,
      principalType: spec.principalType ?? 'ServicePrincipal',
      ...(spec.description ? { description: spec.description } : {}),
    },
    opts,
  );
}

export const roleAssignments = defineResourceAdapter<RoleAssignmentSpec, RoleAssignment, RoleAssignmentOutput>({
  key: ROLE_ASSIGNMENTS,
  noun: 'RoleAssignment',
  get: ({ clients }, id, opts) => clients.authorization.roleAssignments.get(split(id).scope, split(id).name, opts),
  put: async (deps, id, spec, observed, opts) => {
    if (observed !== undefined) {
      const { scope, name } = split(id);
      await deps.clients.authorization.roleAssignments.delete(scope, name, opts);
    }
    return create(deps, id, spec, opts);
  },
  delete: async ({ clients }, id, opts) => {
    await clients.authorization.roleAssignments.delete(split(id).scope, split(id).name, opts);
  },
  owned,
  // Role assignments have no provisioningState: a successful PUT is final.
  provisioningState: () => undefined,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? split(id).name }),
});
