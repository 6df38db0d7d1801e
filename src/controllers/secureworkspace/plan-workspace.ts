// The Azure Machine Learning workspace: in a customer VNet (seed 002) through the ML SDK, or with a managed VNet
// (seed 000) through the adapter that speaks the newer api-version.
import { provisionManagedNetwork } from '../../azure/adapters/ml-provision-network.ts';
import { managedNetworkWorkspaces } from '../../azure/adapters/ml-workspace-managed.ts';
import type { OutboundRuleSpec } from '../../azure/adapters/ml-workspace-managed.ts';
import { workspaces } from '../../azure/adapters/ml-workspace.ts';
import type { WorkspaceOutput, WorkspaceSpec } from '../../azure/adapters/ml-workspace.ts';
import { BUILTIN_ROLES, roleAssignmentId, roleAssignments, roleDefinitionId } from '../../azure/adapters/role-assignment.ts';
import type { OutboundRule } from '../../api/index.ts';
import { NotReadyError } from '../../plan/index.ts';
import type { NodeRef, PlanNode } from '../../plan/index.ts';
import { privateEndpointId } from './plan-endpoints.ts';
import { actionNode, KEYS, resourceNode, userTags } from './plan-kit.ts';
import type { PlanContext } from './plan-kit.ts';

export function workspaceId(ctx: PlanContext): string {
  return ctx.id('Microsoft.MachineLearningServices', 'workspaces', ctx.names.workspace);
}

const DEPENDENCIES = [KEYS.storageAccount, KEYS.keyVault, KEYS.containerRegistry, KEYS.applicationInsights];

function baseSpec(ctx: PlanContext): WorkspaceSpec {
  const { spec, names } = ctx;
  const w = spec.workspace;
  return {
    location: spec.location,
    ...(w.friendlyName === undefined ? {} : { friendlyName: w.friendlyName }),
    ...(w.description === undefined ? {} : { description: w.description }),
    storageAccountId: ctx.id('Microsoft.Storage', 'storageAccounts', names.storageAccount),
    keyVaultId: ctx.id('Microsoft.KeyVault', 'vaults', names.keyVault),
    applicationInsightsId: ctx.id('Microsoft.Insights', 'components', names.applicationInsights),
    containerRegistryId: ctx.id('Microsoft.ContainerRegistry', 'registries', names.containerRegistry),
    publicNetworkAccess: w.publicNetworkAccess,
    ...userTags(spec),
  };
}

const nodeFields = (ctx: PlanContext) =>
  ({
    key: KEYS.workspace,
    id: workspaceId(ctx),
    stage: 'Workspace',
    waitReason: 'WaitingForWorkspace',
    dependsOn: DEPENDENCIES,
  }) as const;

export function customerNetworkWorkspaceNode(ctx: PlanContext): PlanNode {
  return resourceNode(workspaces)({ ...nodeFields(ctx), desired: () => baseSpec(ctx) });
}

/**
 * Rule defaults where the API is silent: a ServiceTag rule without protocol or ports allows HTTPS, what Azure
 * services are reached on; anything wider must be asked for.
 */
export function outboundRuleSpec(rule: OutboundRule): OutboundRuleSpec {
  switch (rule.type) {
    case 'FQDN':
      return { type: 'FQDN', destination: rule.destination };
    case 'ServiceTag':
      return {
        type: 'ServiceTag',
        destination: { serviceTag: rule.destination, protocol: rule.protocol ?? 'TCP', portRanges: rule.ports ?? '443', action: 'Allow' },
      };
    case 'PrivateEndpoint':
      return {
        type: 'PrivateEndpoint',
        destination: { serviceResourceId: rule.destination, subresourceTarget: rule.subresourceTarget ?? '', sparkEnabled: false },
      };
  }
}

export function managedNetworkWorkspaceNode(ctx: PlanContext): PlanNode {
  const { network } = ctx.spec;
  const isolationMode = network.isolationMode;
  if (isolationMode === undefined) {
    // The CRD requires it in Managed mode; objects built elsewhere still get a message.
    throw new Error('network.isolationMode is required in Managed mode');
  }
  const outboundRules = Object.fromEntries((network.outboundRules ?? []).map((r) => [r.name, outboundRuleSpec(r)]));
  return resourceNode(managedNetworkWorkspaces)({
    ...nodeFields(ctx),
    desired: () => ({ ...baseSpec(ctx), managedNetwork: { isolationMode, outboundRules } }),
  });
}

/**
 * Seed 002, "Enable studio": the workspace's identity reads the storage private endpoints, which the studio needs
 * to reach the storage account from the browser through the VNet.
 */
export function studioRoleAssignmentNodes(ctx: PlanContext, storageGroups: readonly string[]): PlanNode[] {
  const workspace: NodeRef<WorkspaceOutput> = { key: KEYS.workspace };
  const wsId = workspaceId(ctx);
  return storageGroups.map((group) => {
    const scope = privateEndpointId(ctx, group);
    return resourceNode(roleAssignments)({
      key: KEYS.roleAssignment(group),
      id: roleAssignmentId(scope, wsId, BUILTIN_ROLES.Reader),
      stage: 'Workspace',
      waitReason: 'WaitingForRoleAssignment',
      dependsOn: [KEYS.workspace, KEYS.privateEndpoint(group)],
      desired: (outputs) => {
        const { principalId } = outputs.get(workspace);
        if (principalId === undefined) throw new NotReadyError(`workspace '${wsId}' has no managed identity yet`);
        return {
          roleDefinitionId: roleDefinitionId(ctx.identity.subscriptionId, BUILTIN_ROLES.Reader),
          principalId,
          principalType: 'ServicePrincipal',
        };
      },
    });
  });
}

/** Seed 000: the managed VNet is otherwise only created with the first compute; provisioning it up front is faster. */
export function provisionManagedNetworkNode(ctx: PlanContext): PlanNode {
  return actionNode(provisionManagedNetwork)({
    key: KEYS.provisionManagedNetwork,
    id: workspaceId(ctx),
    stage: 'Network',
    waitReason: 'WaitingForManagedNetwork',
    dependsOn: [KEYS.workspace],
    params: () => ({ includeSpark: false }),
  });
}
