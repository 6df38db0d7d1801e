import { badRequest } from '../../engine/errors.ts';
import { findReferrers } from '../../engine/references.ts';
import { asArray, asObject, asString, propertiesOf } from '../../engine/render.ts';
import type { JsonObject, TypeDef } from '../../engine/types.ts';
import { decorateChildren, networkType, setOrDelete } from './common.ts';

const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';

/** The six rules every NSG gets. */
const DEFAULT_RULES: ReadonlyArray<[string, number, 'Inbound' | 'Outbound', 'Allow' | 'Deny', string, string]> = [
  ['AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
  ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'],
  ['DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'],
  ['AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
  ['AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'],
  ['DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'],
];

function validateRule(rule: JsonObject, index: number): void {
  const p = asObject(rule['properties']) ?? {};
  const name = asString(rule['name']) ?? `#${index}`;
  const priority = p['priority'];
  if (typeof priority !== 'number' || priority < 100 || priority > 4096) {
    throw badRequest('SecurityRuleInvalidPriority', `Security rule ${name} has invalid Priority. Value provided: ${String(priority)}. Allowed range 100-4096.`);
  }
  if (!['Inbound', 'Outbound'].includes(String(p['direction']))) {
    throw badRequest('SecurityRuleInvalidDirection', `Security rule ${name} has invalid direction '${String(p['direction'])}'.`);
  }
  if (!['Allow', 'Deny'].includes(String(p['access']))) {
    throw badRequest('SecurityRuleInvalidAccess', `Security rule ${name} has invalid access '${String(p['access'])}'.`);
  }
}

export const networkSecurityGroups: TypeDef = networkType(NSG_TYPE, {
  prepare(w) {
    const props = propertiesOf(w.resource.body);
    const rules = asArray(props['securityRules']).map((r) => asObject(r) ?? {});
    rules.forEach(validateRule);
    const seen = new Set<string>();
    for (const r of rules) {
      const p = asObject(r['properties']) ?? {};
      const key = `${String(p['direction'])}|${String(p['priority'])}`;
      if (seen.has(key)) {
        throw badRequest('SecurityRuleConflict', `Security rules in ${w.id} have the same priority ${String(p['priority'])} and direction ${String(p['direction'])}.`);
      }
      seen.add(key);
    }
    props['securityRules'] = decorateChildren(w.id, rules, 'securityRules', `${NSG_TYPE}/securityRules`);
    props['defaultSecurityRules'] = DEFAULT_RULES.map(([name, priority, direction, access, src, dst]) => ({
      name,
      id: `${w.id}/defaultSecurityRules/${name}`,
      type: `${NSG_TYPE}/defaultSecurityRules`,
      properties: {
        protocol: '*',
        sourcePortRange: '*',
        destinationPortRange: '*',
        sourceAddressPrefix: src,
        destinationAddressPrefix: dst,
        access,
        priority,
        direction,
        provisioningState: 'Succeeded',
      },
    }));
    props['resourceGuid'] ??= w.existing ? propertiesOf(w.existing.body)['resourceGuid'] : crypto.randomUUID();
  },
  render(body, r, world) {
    const users = findReferrers(world, r.id, 'networkSecurityGroup');
    const subnets = users.filter((u) => u.type.toLowerCase().endsWith('/subnets'));
    const nics = users.filter((u) => u.type.toLowerCase().endsWith('/networkinterfaces'));
    setOrDelete(propertiesOf(body), 'subnets', subnets.length > 0 ? subnets.map((s) => ({ id: s.id })) : undefined);
    setOrDelete(propertiesOf(body), 'networkInterfaces', nics.length > 0 ? nics.map((n) => ({ id: n.id })) : undefined);
  },
  guardDelete(r, world) {
    const users = findReferrers(world, r.id, 'networkSecurityGroup');
    if (users.length > 0) {
      throw badRequest(
        'InUseNetworkSecurityGroupCannotBeDeleted',
        `Network security group ${r.id} cannot be deleted because it is in use by the following resources: ` +
          `${users.map((u) => u.id).join(', ')}. In order to delete the Network security group, remove the association with the resource(s).`,
      );
    }
  },
});
