// A workspace with a managed virtual network (seed 000). managedNetwork exists only from api-version 2024-04-01,
// which arm-machinelearning 2.1.1 does not speak, so these workspaces are written through the generic client at
// that version, every time: a PUT at 2022-10-01 could drop the managed network it does not know about.
import type { GenericResource } from '@azure/arm-resources';
import { defineGenericAdapter } from './generic.ts';
import { WORKSPACE_IMMUTABLE, workspaceOutput } from './ml-workspace.ts';
import type { WorkspaceOutput, WorkspaceSpec } from './ml-workspace.ts';

export const MANAGED_NETWORK_API_VERSION = '2024-04-01';

export type OutboundRuleSpec =
  | { readonly type: 'FQDN'; readonly destination: string }
  | {
      readonly type: 'ServiceTag';
      readonly destination: { readonly serviceTag: string; readonly protocol: string; readonly portRanges: string; readonly action?: 'Allow' };
    }
  | {
      readonly type: 'PrivateEndpoint';
      readonly destination: { readonly serviceResourceId: string; readonly subresourceTarget: string; readonly sparkEnabled?: boolean };
    };

export interface ManagedNetworkWorkspaceSpec extends WorkspaceSpec {
  readonly managedNetwork: {
    readonly isolationMode: 'AllowInternetOutbound' | 'AllowOnlyApprovedOutbound';
    /** By rule name; only user-defined rules (Azure adds required rules of its own, which are not ours). */
    readonly outboundRules?: Readonly<Record<string, OutboundRuleSpec>>;
  };
}

export interface ManagedNetworkWorkspaceOutput extends WorkspaceOutput {
  /** 'Active' once the managed network is provisioned, else 'Inactive'. */
  readonly managedNetworkStatus: string | undefined;
}

const CARRIED_OVER = ['imageBuildCompute', 'sharedPrivateLinkResources', 'encryption', 'serviceManagedResourcesSettings', 'primaryUserAssignedIdentity', 'v1LegacyMode'];

function owned(spec: ManagedNetworkWorkspaceSpec): GenericResource {
  const rules = Object.entries(spec.managedNetwork.outboundRules ?? {}).map(([name, r]) => [name, { ...r, category: 'UserDefined' }]);
  return {
    location: spec.location,
    kind: 'Default',
    identity: { type: 'SystemAssigned' },
    sku: { name: 'Basic', tier: 'Basic' },
    ...(spec.tags ? { tags: spec.tags } : {}),
    properties: {
      storageAccount: spec.storageAccountId,
      keyVault: spec.keyVaultId,
      applicationInsights: spec.applicationInsightsId,
      containerRegistry: spec.containerRegistryId,
      publicNetworkAccess: spec.publicNetworkAccess ?? 'Disabled',
      ...(spec.friendlyName === undefined ? {} : { friendlyName: spec.friendlyName }),
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(spec.hbiWorkspace === undefined ? {} : { hbiWorkspace: spec.hbiWorkspace }),
      managedNetwork: {
        isolationMode: spec.managedNetwork.isolationMode,
        ...(rules.length > 0 ? { outboundRules: Object.fromEntries(rules) } : {}),
      },
    },
  };
}

export const managedNetworkWorkspaces = defineGenericAdapter<ManagedNetworkWorkspaceSpec, ManagedNetworkWorkspaceOutput>({
  key: `Microsoft.MachineLearningServices/workspaces@${MANAGED_NETWORK_API_VERSION}`,
  noun: 'Workspace',
  apiVersion: MANAGED_NETWORK_API_VERSION,
  body: (spec, observed) => {
    const mine = owned(spec);
    const kept = Object.fromEntries(CARRIED_OVER.flatMap((k) => (observed?.properties?.[k] === undefined ? [] : [[k, observed.properties[k]]])));
    return { ...mine, properties: { ...kept, ...mine.properties } };
  },
  owned,
  immutable: WORKSPACE_IMMUTABLE.map((p) => (p === 'location' ? p : `properties.${p}`)),
  output: (o, id) => {
    const p = (o.properties ?? {}) as { workspaceId?: string; discoveryUrl?: string; managedNetwork?: { status?: { status?: string } } };
    const identity = o.identity as { principalId?: string; tenantId?: string } | undefined;
    return {
      ...workspaceOutput({ ...p, ...(o.id ? { id: o.id } : {}), ...(o.name ? { name: o.name } : {}), ...(identity ? { identity } : {}) }, id),
      managedNetworkStatus: p.managedNetwork?.status?.status,
    };
  },
});
