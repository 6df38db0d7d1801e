// DNS mode Records with a hub team's zones in another resource group, in a resource group the user brought:
// explicit A records in the hub zones, nothing of the hub or the user's group changed or deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGED_BY_TAG } from '../../../src/controllers/shared/ownership.ts';
import { createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { createGroup, createHubZones, PRIVATELINK_ZONES, sdk } from './byo.ts';
import {
  countByType,
  createSecureWorkspace,
  deleteSecureWorkspace,
  dnsProblems,
  inGroup,
  inventory,
  TUTORIAL_NETWORK,
  waitForCondition,
  waitForGone,
} from './helpers.ts';
import type { SecureWorkspaceObject } from './helpers.ts';

const NAME = 'hub';
const GROUP = 'rg-byo';
const HUB = 'rg-hub-dns';

let ns: string;
let t: TestOperator;
let ready: SecureWorkspaceObject;

beforeAll(async () => {
  ns = await createTestNamespace('sws-records');
  t = await startTestOperator({ namespace: ns });
  const clients = sdk(t.emulator);
  await createGroup(clients, GROUP, { costCenter: '42' });
  await createHubZones(clients, HUB);
  await createSecureWorkspace(t.kubeConfig, ns, NAME, {
    location: 'eastus',
    resourceGroup: GROUP,
    namePrefix: 'mlhub',
    network: TUTORIAL_NETWORK,
    privateDns: { mode: 'Records', zonesResourceGroup: HUB },
  });
  ready = await waitForCondition(t.kubeConfig, ns, NAME, 'Ready');
});

afterAll(async () => t?.stop());

describe('Records mode with hub zones and a brought resource group', () => {
  it('writes explicit A records (no zone groups) that resolve every endpoint host name', () => {
    const all = inventory(t.emulator);
    const hub = countByType(inGroup(all, t.emulator.subscriptionId, HUB));
    expect(hub).toEqual({
      'Microsoft.Network/privateDnsZones': 6,
      'Microsoft.Network/privateDnsZones/SOA': 6,
      'Microsoft.Network/privateDnsZones/virtualNetworkLinks': 6,
      'Microsoft.Network/privateDnsZones/A': 8,
    });
    expect(countByType(inGroup(all, t.emulator.subscriptionId, GROUP))['Microsoft.Network/privateEndpoints/privateDnsZoneGroups']).toBeUndefined();
    expect(dnsProblems(all, ready.status?.network?.vnetId ?? '')).toEqual([]);
  });

  it('uses the brought group and the hub zones as they are, and says so in the inventory', () => {
    const all = inventory(t.emulator);
    const group = all.find((r) => r.type === 'Microsoft.Resources/resourceGroups' && r.name === GROUP);
    expect(group?.tags).toEqual({ costCenter: '42' });
    for (const zone of inGroup(all, t.emulator.subscriptionId, HUB).filter((r) => r.type === 'Microsoft.Network/privateDnsZones')) {
      expect(zone.tags?.[MANAGED_BY_TAG], zone.id).toBeUndefined();
    }
    const states = new Map(ready.status?.resources?.map((r) => [r.type === 'Microsoft.Network/privateDnsZones' ? r.name : r.type, r.state]));
    expect(states.get('Microsoft.Resources/resourceGroups')).toBe('Adopted');
    for (const zone of PRIVATELINK_ZONES) expect(states.get(zone), zone).toBe('External');
  });

  it('on delete removes its records, links and resources, and keeps the brought group and the hub zones', async () => {
    await deleteSecureWorkspace(t.kubeConfig, ns, NAME);
    await waitForGone(t.kubeConfig, ns, NAME);
    const all = inventory(t.emulator);
    expect(countByType(inGroup(all, t.emulator.subscriptionId, HUB))).toEqual({
      'Microsoft.Network/privateDnsZones': 6,
      'Microsoft.Network/privateDnsZones/SOA': 6,
    });
    expect(inGroup(all, t.emulator.subscriptionId, GROUP)).toEqual([]);
    expect(all.some((r) => r.type === 'Microsoft.Resources/resourceGroups' && r.name === GROUP)).toBe(true);
  });
});
