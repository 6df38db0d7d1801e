// An ImageBuildCompute on a Managed-mode SecureWorkspace (Azure-managed VNet, approved outbound only): the cluster is
// created without a subnet, so Azure Machine Learning places it in the managed VNet; the workspace builds its images
// on it; the Ready message says what the managed VNet lets out; delete goes back to serverless builds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGED_OUTBOUND_NOTE, OUTBOUND_NOTE } from '../../../src/controllers/imagebuildcompute/status.ts';
import { createTestNamespace } from '../../support/kube.ts';
import { startTestOperator } from '../../support/operator.ts';
import type { TestOperator } from '../../support/operator.ts';
import { condition, Objects, ofType, props } from './objects.ts';
import type { KubeObjectJson } from './objects.ts';

const WS = 'managed-ws';
const COMPUTE_TYPE = 'Microsoft.MachineLearningServices/workspaces/computes';
const WORKSPACE_TYPE = 'Microsoft.MachineLearningServices/workspaces';

let t: TestOperator;
let k: Objects;
let ready: KubeObjectJson;

const imageBuildCompute = () => props(ofType(t.emulator, WORKSPACE_TYPE)[0])['imageBuildCompute'];

beforeAll(async () => {
  const ns = await createTestNamespace('ibc-managed');
  t = await startTestOperator({ namespace: ns });
  k = new Objects(t.kubeConfig, ns);
  // Applied together, as one `kubectl apply` would: the ImageBuildCompute waits for the workspace.
  await k.create('ImageBuildCompute', 'builds', { workspaceRef: { name: WS }, computeName: 'cpu-cluster' });
  await k.create('SecureWorkspace', WS, {
    location: 'eastus',
    resourceGroup: 'rg-ibc-managed',
    namePrefix: 'mlibcm',
    network: {
      mode: 'Managed',
      isolationMode: 'AllowOnlyApprovedOutbound',
      outboundRules: [{ name: 'pypi', type: 'FQDN', destination: 'pypi.org' }],
    },
  });
  await k.waitForCondition('SecureWorkspace', WS, 'Ready');
  ready = await k.waitForCondition('ImageBuildCompute', 'builds', 'Ready');
});

afterAll(async () => t?.stop());

describe('ImageBuildCompute on a Managed-mode workspace', () => {
  it('creates the cluster without a subnet (in the managed VNet) and without node public IPs', () => {
    const computes = ofType(t.emulator, COMPUTE_TYPE);
    expect(computes.map((c) => c.name)).toEqual(['cpu-cluster']);
    const inner = props(computes[0])['properties'] as Record<string, unknown>;
    expect(inner).not.toHaveProperty('subnet');
    expect(inner).toMatchObject({ vmSize: 'Standard_DS3_v2', enableNodePublicIp: false });
    expect(ofType(t.emulator, 'Microsoft.Network/virtualNetworks')).toHaveLength(0);
  });

  it('points the workspace at it, and says what the managed VNet lets out instead of the customer-VNet note', () => {
    expect(imageBuildCompute()).toBe('cpu-cluster');
    expect(condition(ready, 'Stalled')).toBeUndefined();
    expect(condition(ready, 'Ready')?.message).toContain(MANAGED_OUTBOUND_NOTE);
    expect(condition(ready, 'Ready')?.message).not.toContain(OUTBOUND_NOTE);
  });

  it("goes back to serverless builds ('') and removes the cluster on delete", async () => {
    await k.delete('ImageBuildCompute', 'builds');
    await k.waitForGone('ImageBuildCompute', 'builds');
    expect(imageBuildCompute()).toBe('');
    expect(ofType(t.emulator, COMPUTE_TYPE)).toHaveLength(0);
  });
});
