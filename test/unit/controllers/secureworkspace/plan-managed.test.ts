import { describe, expect, it } from 'vitest';
import { KEYS } from '../../../../src/controllers/secureworkspace/plan-kit.ts';
import { planSecureWorkspace } from '../../../../src/controllers/secureworkspace/plan.ts';
import { outboundRuleSpec } from '../../../../src/controllers/secureworkspace/plan-workspace.ts';
import { createPlanGraph } from '../../../../src/plan/index.ts';
import { byKey, input, managedSpec, outputs, resource, TENANT } from './fixtures.ts';

const USER_SUBNET = '/subscriptions/22222222-0000-0000-0000-000000000000/resourceGroups/rg-user/providers/Microsoft.Network/virtualNetworks/jump-vnet/subnets/default';

describe('Managed plan (seed 000)', () => {
  it('creates the dependencies, the managed-network workspace and provisions the network; no VNet, no endpoints', () => {
    const nodes = planSecureWorkspace(input(managedSpec()));
    expect([...byKey(nodes).keys()]).toEqual([
      KEYS.resourceGroup,
      KEYS.storageAccount,
      KEYS.keyVault,
      KEYS.containerRegistry,
      KEYS.applicationInsights,
      KEYS.workspace,
      KEYS.provisionManagedNetwork,
    ]);
    expect(() => createPlanGraph(nodes)).not.toThrow();
    const action = byKey(nodes).get(KEYS.provisionManagedNetwork);
    expect(action).toMatchObject({ kind: 'action', dependsOn: [KEYS.workspace], id: resource(nodes, KEYS.workspace).id, stage: 'Network' });
  });

  it('admits the managed-network workspace to its storage account too', () => {
    const nodes = planSecureWorkspace(input(managedSpec()));
    const rules = resource(nodes, KEYS.storageAccount).desired(outputs({})).resourceAccessRules;
    expect(rules).toEqual([{ tenantId: TENANT, resourceId: resource(nodes, KEYS.workspace).id }]);
  });

  it('writes the workspace through the newer api-version adapter with isolation mode and outbound rules', () => {
    const spec = managedSpec({
      outboundRules: [
        { name: 'pypi', type: 'FQDN', destination: 'pypi.org' },
        { name: 'aad', type: 'ServiceTag', destination: 'AzureActiveDirectory' },
      ],
    });
    const ws = resource(planSecureWorkspace(input(spec)), KEYS.workspace);
    expect(ws.type).toBe('Microsoft.MachineLearningServices/workspaces');
    expect(ws.adapter).toBe('Microsoft.MachineLearningServices/workspaces@2024-04-01');
    expect(ws.desired(outputs({}))).toMatchObject({
      publicNetworkAccess: 'Disabled',
      managedNetwork: {
        isolationMode: 'AllowOnlyApprovedOutbound',
        outboundRules: {
          pypi: { type: 'FQDN', destination: 'pypi.org' },
          aad: { type: 'ServiceTag', destination: { serviceTag: 'AzureActiveDirectory', protocol: 'TCP', portRanges: '443', action: 'Allow' } },
        },
      },
    });
  });

  it.each([
    [{ name: 'a', type: 'ServiceTag', destination: 'Storage.EastUS', protocol: '*', ports: '*' }, { type: 'ServiceTag', destination: { serviceTag: 'Storage.EastUS', protocol: '*', portRanges: '*', action: 'Allow' } }],
    [
      { name: 'b', type: 'PrivateEndpoint', destination: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/x', subresourceTarget: 'blob' },
      { type: 'PrivateEndpoint', destination: { serviceResourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/x', subresourceTarget: 'blob', sparkEnabled: false } },
    ],
  ] as const)('maps outbound rule %j', (rule, expected) => {
    expect(outboundRuleSpec(rule)).toEqual(expected);
  });

  it('adds the inbound workspace endpoint in a user subnet, observed but never managed, with its DNS', () => {
    const nodes = planSecureWorkspace(input(managedSpec({ workspaceEndpointSubnetId: USER_SUBNET })));
    expect(resource(nodes, KEYS.inboundSubnet)).toMatchObject({ ownership: 'external', id: USER_SUBNET, type: 'Microsoft.Network/virtualNetworks/subnets' });
    const subnetOut = outputs({ [KEYS.inboundSubnet]: { id: USER_SUBNET } });
    expect(resource(nodes, KEYS.privateEndpoint('amlworkspace')).desired(subnetOut)).toMatchObject({ subnetId: USER_SUBNET, groupIds: ['amlworkspace'] });
    for (const zone of ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net']) {
      expect(resource(nodes, KEYS.privateDnsZone(zone)).ownership).toBe('managed');
      expect(resource(nodes, KEYS.virtualNetworkLink(zone)).desired(subnetOut)).toMatchObject({
        virtualNetworkId: USER_SUBNET.replace(/\/subnets\/default$/, ''),
      });
    }
    expect(byKey(nodes).has(KEYS.zoneGroup('amlworkspace'))).toBe(true);
    expect(() => createPlanGraph(nodes)).not.toThrow();
  });
});
