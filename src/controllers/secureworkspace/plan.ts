// The SecureWorkspace plan: a pure function from the spec (and the host names private endpoints were found to
// serve) to the ARM resource graph. CustomerManaged follows seed 002, Managed follows seed 000.
import type { SecureWorkspaceSpec } from '../../api/index.ts';
import type { VirtualNetworkOutput } from '../../azure/adapters/virtual-network.ts';
import type { SubnetOutput } from '../../azure/adapters/subnet.ts';
import { subnets } from '../../azure/adapters/subnet.ts';
import { resourceId } from '../../azure/resource-id.ts';
import { NotReadyError } from '../../plan/index.ts';
import type { NodeRef, PlanNode } from '../../plan/index.ts';
import { azureNames, SUBNET_NAMES } from './names.ts';
import type { WorkspaceIdentity } from './names.ts';
import { dnsNodes, endpointNodes } from './plan-endpoints.ts';
import type { EndpointTarget, KnownHostNames, NetworkAttachment } from './plan-endpoints.ts';
import { KEYS, resourceNode } from './plan-kit.ts';
import type { PlanContext } from './plan-kit.ts';
import { customerNetworkNodes, resourceGroupNode } from './plan-network.ts';
import { dependencyNodes } from './plan-services.ts';
import {
  customerNetworkWorkspaceNode,
  managedNetworkWorkspaceNode,
  provisionManagedNetworkNode,
  studioRoleAssignmentNodes,
  workspaceId,
} from './plan-workspace.ts';

export interface PlanInput {
  /** With the CRD's defaults applied. */
  readonly spec: SecureWorkspaceSpec;
  readonly identity: WorkspaceIdentity;
  readonly tenantId: string;
  /** Host names each private endpoint serves, by group id, once known: they get A-record nodes. */
  readonly known?: KnownHostNames;
}

export function planContext(input: PlanInput): PlanContext {
  const { spec, identity, tenantId } = input;
  return {
    spec,
    identity,
    tenantId,
    names: azureNames(spec.namePrefix, spec.resourceGroup, identity),
    id: (namespace, ...pairs) => resourceId(identity.subscriptionId, spec.resourceGroup, namespace, ...pairs),
  };
}

export function planSecureWorkspace(input: PlanInput): PlanNode[] {
  const ctx = planContext(input);
  const known = input.known ?? new Map<string, readonly string[]>();
  return ctx.spec.network.mode === 'Managed' ? managedPlan(ctx, known) : customerManagedPlan(ctx, known);
}

function customerManagedPlan(ctx: PlanContext, known: KnownHostNames): PlanNode[] {
  const vnet: NodeRef<VirtualNetworkOutput> = { key: KEYS.virtualNetwork };
  const attachment: NetworkAttachment = {
    subnetNode: KEYS.virtualNetwork,
    subnetId: (outputs) => {
      const id = outputs.get(vnet).subnetIds[SUBNET_NAMES.training];
      if (id === undefined) throw new NotReadyError(`the VNet has no ${SUBNET_NAMES.training} subnet yet`);
      return id;
    },
    virtualNetworkId: (outputs) => outputs.get(vnet).id,
  };
  const storageGroups = ['blob', 'file', ...ctx.spec.storage.extraPrivateEndpoints];
  const targets = [...storageGroups.map((group) => storageTarget(ctx, group)), ...serviceTargets(ctx), workspaceTarget(ctx)];
  return [
    resourceGroupNode(ctx),
    ...customerNetworkNodes(ctx),
    ...dependencyNodes(ctx),
    customerNetworkWorkspaceNode(ctx),
    ...endpointNodes(ctx, attachment, targets),
    ...dnsNodes(ctx, attachment, targets, known),
    ...studioRoleAssignmentNodes(ctx, storageGroups),
  ];
}

/**
 * The managed VNet reaches storage, key vault and registry through private endpoints Azure creates and owns; the
 * operator adds only the optional inbound endpoint of the workspace into a user VNet (and its DNS).
 */
function managedPlan(ctx: PlanContext, known: KnownHostNames): PlanNode[] {
  const nodes = [
    resourceGroupNode(ctx),
    ...dependencyNodes(ctx),
    managedNetworkWorkspaceNode(ctx),
    provisionManagedNetworkNode(ctx),
  ];
  const subnetId = ctx.spec.network.workspaceEndpointSubnetId;
  if (subnetId === undefined) return nodes;
  const subnet: NodeRef<SubnetOutput> = { key: KEYS.inboundSubnet };
  const attachment: NetworkAttachment = {
    subnetNode: KEYS.inboundSubnet,
    subnetId: (outputs) => outputs.get(subnet).id,
    virtualNetworkId: (outputs) => outputs.get(subnet).id.replace(/\/subnets\/[^/]+$/i, ''),
  };
  const targets = [workspaceTarget(ctx)];
  return [
    ...nodes,
    // The user's subnet: observed so that a missing one reads as "waiting for it", never created or changed.
    resourceNode(subnets)({
      key: KEYS.inboundSubnet,
      id: subnetId,
      stage: 'Network',
      waitReason: 'WaitingForSubnet',
      ownership: 'external',
    }),
    ...endpointNodes(ctx, attachment, targets),
    ...dnsNodes(ctx, attachment, targets, known),
  ];
}

function storageTarget(ctx: PlanContext, group: string): EndpointTarget {
  return { group, targetKey: KEYS.storageAccount, targetId: ctx.id('Microsoft.Storage', 'storageAccounts', ctx.names.storageAccount) };
}

function serviceTargets(ctx: PlanContext): EndpointTarget[] {
  return [
    { group: 'vault', targetKey: KEYS.keyVault, targetId: ctx.id('Microsoft.KeyVault', 'vaults', ctx.names.keyVault) },
    {
      group: 'registry',
      targetKey: KEYS.containerRegistry,
      targetId: ctx.id('Microsoft.ContainerRegistry', 'registries', ctx.names.containerRegistry),
    },
  ];
}

function workspaceTarget(ctx: PlanContext): EndpointTarget {
  return { group: 'amlworkspace', targetKey: KEYS.workspace, targetId: workspaceId(ctx) };
}
