// A spec that stops asking for something (queue and table endpoints) gets it removed from Azure, children first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { countByType, createSecureWorkspace, inGroup, inventory, patchSpec, TUTORIAL_NETWORK, waitForCondition } from './helpers.ts';

const NAME = 'prune';
const GROUP = 'rg-prune';

let ns: string;
let t: TestOperator;

beforeAll(async () => {
  ns = await createTestNamespace('sws-prune');
  t = await startTestOperator({ namespace: ns });
});

afterAll(async () => t?.stop());

const mentions = (text: string) => inGroup(inventory(t.emulator), t.emulator.subscriptionId, GROUP).filter((r) => r.id.toLowerCase().includes(text));

describe('removing extra storage endpoints from the spec', () => {
  it('deletes their endpoints, DNS and role assignments, and keeps everything else', async () => {
    await createSecureWorkspace(t.kubeConfig, ns, NAME, {
      location: 'eastus',
      resourceGroup: GROUP,
      namePrefix: 'mlprune',
      network: TUTORIAL_NETWORK,
      storage: { extraPrivateEndpoints: ['queue', 'table'] },
    });
    const before = await waitForCondition(t.kubeConfig, ns, NAME, 'Ready');
    expect(before.status?.progress).toBe('52/52');
    expect(mentions('queue').length).toBeGreaterThan(0);

    await patchSpec(t.kubeConfig, ns, NAME, { storage: { extraPrivateEndpoints: [] } });
    const after = await waitForCondition(t.kubeConfig, ns, NAME, 'Ready');
    expect(after.metadata.generation).toBe(2);
    expect(after.status?.progress).toBe('40/40');
    expect(after.status?.resources?.filter((r) => /queue|table/.test(r.id))).toEqual([]);
    expect(mentions('queue')).toEqual([]);
    expect(mentions('table')).toEqual([]);
    const counts = countByType(inGroup(inventory(t.emulator), t.emulator.subscriptionId, GROUP));
    expect(counts['Microsoft.Network/privateEndpoints']).toBe(5);
    expect(counts['Microsoft.Network/privateDnsZones']).toBe(6);
    expect(counts['Microsoft.Authorization/roleAssignments']).toBe(2);
  });
});
