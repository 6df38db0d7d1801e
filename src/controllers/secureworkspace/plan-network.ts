// Resource group, the training NSG and the VNet with its subnets (CustomerManaged mode, tutorial seeds 001/002).
import { networkSecurityGroups } from '../../azure/adapters/network-security-group.ts';
import type { SecurityRuleSpec } from '../../azure/adapters/network-security-group.ts';
import { resourceGroups } from '../../azure/adapters/resource-group.ts';
import { virtualNetworks } from '../../azure/adapters/virtual-network.ts';
import type { InlineSubnetSpec } from '../../azure/adapters/virtual-network.ts';
import { resourceGroupId } from '../../azure/resource-id.ts';
import type { PlanNode } from '../../plan/index.ts';
import { SUBNET_NAMES } from './names.ts';
import { KEYS, resourceNode, userTags } from './plan-kit.ts';
import type { PlanContext } from './plan-kit.ts';

/**
 * Inbound rules compute clusters and instances need from Azure's management plane (seed 001, "Apply security
 * rules"), with the tutorial's names and priorities.
 */
export const COMPUTE_INBOUND_RULES: readonly SecurityRuleSpec[] = [
  {
    name: 'AzureBatch',
    priority: 1040,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourceAddressPrefix: 'BatchNodeManagement',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: '29876-29877',
    description: 'Azure Batch management traffic',
  },
  {
    name: 'AzureML',
    priority: 1050,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourceAddressPrefix: 'AzureMachineLearning',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: '44224',
    description: 'Azure Machine Learning traffic to compute cluster/instance',
  },
];

export function resourceGroupNode(ctx: PlanContext): PlanNode {
  const { spec, identity } = ctx;
  return resourceNode(resourceGroups)({
    key: KEYS.resourceGroup,
    id: resourceGroupId(identity.subscriptionId, spec.resourceGroup),
    stage: 'Network',
    waitReason: 'WaitingForResourceGroup',
    desired: () => ({ location: spec.location, ...userTags(spec) }),
  });
}

export function customerNetworkNodes(ctx: PlanContext): PlanNode[] {
  const { spec, names } = ctx;
  const { addressSpace, subnets } = spec.network;
  if (addressSpace === undefined || subnets === undefined) {
    // The CRD's CEL rules make this unreachable through the apiserver; objects built elsewhere still get a message.
    throw new Error('network.addressSpace and network.subnets are required in CustomerManaged mode');
  }
  const nsg = resourceNode(networkSecurityGroups)({
    key: KEYS.networkSecurityGroup,
    id: ctx.id('Microsoft.Network', 'networkSecurityGroups', names.networkSecurityGroup),
    stage: 'Network',
    waitReason: 'WaitingForNetworkSecurityGroup',
    dependsOn: [KEYS.resourceGroup],
    desired: () => ({ location: spec.location, securityRules: COMPUTE_INBOUND_RULES, ...userTags(spec) }),
  });
  const vnet = resourceNode(virtualNetworks)({
    key: KEYS.virtualNetwork,
    id: ctx.id('Microsoft.Network', 'virtualNetworks', names.virtualNetwork),
    stage: 'Network',
    waitReason: 'WaitingForVirtualNetwork',
    dependsOn: [KEYS.resourceGroup, KEYS.networkSecurityGroup],
    desired: (outputs) => {
      const inline: InlineSubnetSpec[] = [
        {
          name: SUBNET_NAMES.training,
          addressPrefix: subnets.training,
          networkSecurityGroupId: outputs.get(nsg).id,
          // Private endpoints live here; with policies disabled the NSG does not filter their traffic (seed 002).
          privateEndpointNetworkPolicies: 'Disabled',
        },
        { name: SUBNET_NAMES.scoring, addressPrefix: subnets.scoring, privateEndpointNetworkPolicies: 'Disabled' },
      ];
      if (subnets.bastion !== undefined) inline.push({ name: SUBNET_NAMES.bastion, addressPrefix: subnets.bastion });
      return { location: spec.location, addressPrefixes: [addressSpace], subnets: inline, ...userTags(spec) };
    },
  });
  return [nsg, vnet];
}
