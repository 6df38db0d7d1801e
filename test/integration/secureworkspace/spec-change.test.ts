// A spec change while Azure is still provisioning: the running pass stops at once and the new spec is applied
// without waiting for the old graph to finish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { createSecureWorkspace, inGroup, inventory, patchSpec, TUTORIAL_NETWORK, waitFor, waitForCondition } from './helpers.ts';

const NAME = 'changing';
const GROUP = 'rg-changing';

let ns: string;
let t: TestOperator;

beforeAll(async () => {
  ns = await createTestNamespace('sws-change');
  // Realistic latency scaled down: the workspace takes 3 s, the whole graph about 7 s.
  t = await startTestOperator({ namespace: ns, emulatorOptions: { latency: 'realistic', timeScale: 0.05 } });
});

afterAll(async () => t?.stop());

describe('spec change during provisioning', () => {
  it('applies the new spec before the old graph would have finished', async () => {
    await createSecureWorkspace(t.kubeConfig, ns, NAME, { location: 'eastus', resourceGroup: GROUP, namePrefix: 'mlchange', network: TUTORIAL_NETWORK });
    const workspaceRunning = () =>
      t.emulator.admin.operations().find((o) => o.type === 'Microsoft.MachineLearningServices/workspaces' && o.status === 'InProgress' && o.readyAt > Date.now() + 1000);
    const op = await waitFor('the workspace to be in creation', async () => workspaceRunning());

    await patchSpec(t.kubeConfig, ns, NAME, { tags: { stage: 'two' } });
    const tagged = await waitFor('a write with the new tags', async () =>
      t.emulator.admin.requests().find((r) => r.method === 'PUT' && JSON.stringify(r.body ?? {}).includes('"stage":"two"')),
    );
    // The new spec reached Azure while the old graph's workspace was still being created.
    expect(Date.parse(tagged.time)).toBeLessThan(op.readyAt);

    const ready = await waitForCondition(t.kubeConfig, ns, NAME, 'Ready');
    expect(ready.metadata.generation).toBe(2);
    const taggable = inGroup(inventory(t.emulator), t.emulator.subscriptionId, GROUP).filter((r) => r.type === 'Microsoft.Network/privateEndpoints' || r.type === 'Microsoft.Storage/storageAccounts');
    for (const r of taggable) expect(r.tags?.['stage'], r.id).toBe('two');
  });
});
