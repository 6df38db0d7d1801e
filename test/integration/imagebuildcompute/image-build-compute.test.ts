// Seed 002 "Configure image builds" and seed 003 end to end: an ImageBuildCompute waits for its SecureWorkspace,
// then creates the cluster in the training subnet and points the workspace at it; a second one for the same
// workspace is refused until the first goes; drift of imageBuildCompute is undone at resync; delete goes back to
// serverless builds and removes the cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOUND_NOTE } from '../../../src/controllers/imagebuildcompute/status.ts';
import { createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { condition, inventory, Objects, ofType, props, TUTORIAL_NETWORK, waitFor } from './objects.ts';
import type { KubeObjectJson, Resource } from './objects.ts';

const WS = 'ws';
const COMPUTE_TYPE = 'Microsoft.MachineLearningServices/workspaces/computes';
const WORKSPACE_TYPE = 'Microsoft.MachineLearningServices/workspaces';

let ns: string;
let t: TestOperator;
let k: Objects;
let first: KubeObjectJson;

const workspace = (): Resource => {
  const found = ofType(t.emulator, WORKSPACE_TYPE);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const imageBuildCompute = () => props(workspace())['imageBuildCompute'];
const computes = () => ofType(t.emulator, COMPUTE_TYPE).map((c) => c.name).sort();

beforeAll(async () => {
  ns = await createTestNamespace('ibc');
  // A short resync so drift is found without poking the object.
  t = await startTestOperator({ namespace: ns, config: { resyncPeriodMs: 3_000 } });
  k = new Objects(t.kubeConfig, ns);
});

afterAll(async () => t?.stop());

describe('before its workspace exists', () => {
  it('waits with Reconciling/WaitingForWorkspace and a message naming the workspace', async () => {
    await k.create('ImageBuildCompute', 'builds', { workspaceRef: { name: WS }, computeName: 'cpu-cluster' });
    const waiting = await k.waitForCondition('ImageBuildCompute', 'builds', 'Reconciling', 'True', 'WaitingForWorkspace');
    expect(condition(waiting, 'Reconciling')?.message).toContain(`SecureWorkspace '${WS}' does not exist in namespace '${ns}'`);
    expect(condition(waiting, 'Ready')?.status).toBe('False');
    expect(ofType(t.emulator, COMPUTE_TYPE)).toHaveLength(0);
  });

  it('recovers when the workspace is created and becomes Ready: the watch re-queues it', async () => {
    await k.create('SecureWorkspace', WS, { location: 'eastus', resourceGroup: 'rg-ibc', namePrefix: 'mlibc', network: TUTORIAL_NETWORK });
    await k.waitForCondition('SecureWorkspace', WS, 'Ready');
    first = await k.waitForCondition('ImageBuildCompute', 'builds', 'Ready');
  });
});

describe('create', () => {
  it('points the workspace at the compute (imageBuildCompute = computeName)', () => {
    expect(imageBuildCompute()).toBe('cpu-cluster');
  });

  it('creates a CPU cluster in the training subnet, scaling from 0, without node public IPs', () => {
    const [compute] = ofType(t.emulator, COMPUTE_TYPE);
    const inner = props(compute)['properties'] as Record<string, unknown>;
    expect(compute?.id).toBe(`${workspace().id}/computes/cpu-cluster`);
    expect(props(compute)['computeType']).toBe('AmlCompute');
    expect((inner['subnet'] as { id: string }).id).toMatch(/\/virtualNetworks\/mlibc-vnet\/subnets\/Training$/);
    expect(inner).toMatchObject({
      vmSize: 'Standard_DS3_v2',
      vmPriority: 'Dedicated',
      enableNodePublicIp: false,
      scaleSettings: expect.objectContaining({ minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: 'PT120S' }),
    });
  });

  it('reports both stages, the compute id and state, and the outbound requirement of seed 003', () => {
    const status = first.status as { computeId?: string; provisioningState?: string };
    expect(status.computeId?.toLowerCase()).toBe(`${workspace().id}/computes/cpu-cluster`.toLowerCase());
    expect(status.provisioningState).toBe('Succeeded');
    expect(condition(first, 'ComputeReady')?.status).toBe('True');
    expect(condition(first, 'WorkspaceUpdated')?.status).toBe('True');
    expect(condition(first, 'Ready')?.message).toContain(OUTBOUND_NOTE);
    expect(first.status?.['observedGeneration']).toBe(first.metadata.generation);
  });

  it('announces readiness in an Event', async () => {
    const events = await waitFor('the Ready event', async () => {
      const all = await k.events('builds');
      return all.some((e) => e.reason === 'Ready') ? all : undefined;
    });
    expect(events.find((e) => e.reason === 'Ready')?.note).toContain('cpu-cluster');
  });
});

describe('a second ImageBuildCompute for the same workspace', () => {
  it('is refused with Stalled, naming the one that holds the workspace', async () => {
    await k.create('ImageBuildCompute', 'other', { workspaceRef: { name: WS }, computeName: 'builder2' });
    const refused = await k.waitForCondition('ImageBuildCompute', 'other', 'Stalled', 'True', 'WorkspaceHasImageBuildCompute');
    expect(condition(refused, 'Stalled')?.message).toContain("ImageBuildCompute 'builds'");
    expect(computes()).toEqual(['cpu-cluster']);
    expect(imageBuildCompute()).toBe('cpu-cluster');
  });
});

describe('drift', () => {
  it('restores imageBuildCompute at the next resync with one workspace write', async () => {
    t.emulator.admin.clearRequests();
    t.emulator.admin.mutate(workspace().id, { properties: { imageBuildCompute: 'someone-else' } });
    await waitFor('imageBuildCompute restored', async () => (imageBuildCompute() === 'cpu-cluster' ? true : undefined), 30_000);
    const workspaceWrites = t.emulator.admin
      .requests()
      .filter((r) => ['PUT', 'PATCH'].includes(r.method) && r.type === WORKSPACE_TYPE);
    expect(workspaceWrites).toHaveLength(1);
    expect(workspaceWrites[0]?.method).toBe('PATCH');
    await waitFor('the DriftCorrected event', async () => ((await k.events('builds')).some((e) => e.reason === 'DriftCorrected') ? true : undefined));
  });
});

describe('delete', () => {
  it("resets the workspace to serverless builds (''), deletes the cluster, and lets the refused one take over", async () => {
    await k.delete('ImageBuildCompute', 'builds');
    await k.waitForGone('ImageBuildCompute', 'builds');
    expect(computes()).not.toContain('cpu-cluster');
    // The refused object is re-queued when the holder goes, and now holds the workspace.
    await k.waitForCondition('ImageBuildCompute', 'other', 'Ready');
    expect(imageBuildCompute()).toBe('builder2');
    expect(computes()).toEqual(['builder2']);
  });

  it("leaves imageBuildCompute '' once the last one is gone, and the workspace in place", async () => {
    await k.delete('ImageBuildCompute', 'other');
    await k.waitForGone('ImageBuildCompute', 'other');
    expect(imageBuildCompute()).toBe('');
    expect(ofType(t.emulator, COMPUTE_TYPE)).toHaveLength(0);
    expect(condition(await k.get('SecureWorkspace', WS), 'Ready')?.status).toBe('True');
    expect(inventory(t.emulator).some((r) => r.type === 'Microsoft.Network/virtualNetworks')).toBe(true);
  });
});

describe('deleting the workspace first', () => {
  it('lets the ImageBuildCompute go at once: there is nothing left to undo', async () => {
    await k.create('ImageBuildCompute', 'last', { workspaceRef: { name: WS }, computeName: 'cpu-cluster' });
    await k.waitForCondition('ImageBuildCompute', 'last', 'Ready');
    await k.delete('SecureWorkspace', WS);
    await k.waitForGone('SecureWorkspace', WS);
    expect(ofType(t.emulator, WORKSPACE_TYPE)).toHaveLength(0);
    expect(ofType(t.emulator, COMPUTE_TYPE)).toHaveLength(0);
    const orphan = await k.waitForCondition('ImageBuildCompute', 'last', 'Reconciling', 'True', 'WaitingForWorkspace');
    expect(condition(orphan, 'Ready')?.status).toBe('False');
    await k.delete('ImageBuildCompute', 'last');
    await k.waitForGone('ImageBuildCompute', 'last');
  });
});
