// Benchmark of the three kinds applied together (the tutorial in one `kubectl apply`): a SecureWorkspace, its
// ImageBuildCompute and a JumpBox with its Secret. Measures time to all Ready against two lower bounds from the
// emulator's duration table:
// - gated: the workspace's critical path, then the longer of the compute's and the jump box's, since both wait for
//   the SecureWorkspace to be Ready before they start (the API's contract);
// - data: the three graphs joined by what each node really reads (the compute needs the workspace and the subnet,
//   the NIC and the Bastion only the VNet): what a scheduler without the Ready gate could reach.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, applyImageBuildComputeDefaults, applyJumpBoxDefaults, applySecureWorkspaceDefaults, GROUP, KINDS, VERSION } from '../../src/api/index.ts';
import type { Condition, KindName, SecureWorkspaceSpecInput, SecureWorkspaceStatus } from '../../src/api/index.ts';
import { IMAGE_BUILD_COMPUTE } from '../../src/azure/index.ts';
import { KEYS as IBC_KEYS, planImageBuildCompute } from '../../src/controllers/imagebuildcompute/plan.ts';
import { bastionNames, jumpBoxNames } from '../../src/controllers/jumpbox/names.ts';
import { KEYS as JB_KEYS, planJumpBox } from '../../src/controllers/jumpbox/plan.ts';
import { azureNames, planSecureWorkspace } from '../../src/controllers/secureworkspace/index.ts';
import { KEYS as SWS_KEYS } from '../../src/controllers/secureworkspace/plan-kit.ts';
import { knownHostNames } from '../../src/controllers/secureworkspace/status.ts';
import { operationDurationMs } from '../../src/emulator/index.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { createPlanGraph, criticalPath } from '../../src/plan/index.ts';
import type { CriticalPath, PlanNode } from '../../src/plan/index.ts';

export interface AllKindsInput {
  readonly namespace: string;
  readonly kubeConfig: KubeConfig;
  readonly emulator: RunningEmulator;
  readonly tenantId: string;
  readonly timeScale: number;
}

const NAME = 'bench-all';
const SECRET = 'bench-all-admin';
const WORKSPACE: SecureWorkspaceSpecInput = {
  location: 'eastus',
  resourceGroup: 'rg-bench-all',
  namePrefix: 'benchall',
  network: { mode: 'CustomerManaged', addressSpace: '10.2.0.0/16', subnets: { training: '10.2.0.0/24', scoring: '10.2.1.0/24', bastion: '10.2.2.0/26' } },
};
const IMAGE_BUILD = { workspaceRef: { name: NAME }, computeName: 'image-builder' };
const JUMP_BOX = { workspaceRef: { name: NAME }, adminPasswordSecretRef: { name: SECRET } };
const POLL_MS = 20;
const TIMEOUT_MS = 15 * 60_000;

interface Obj {
  metadata: { generation?: number };
  status?: { conditions?: Condition[] };
}

/**
 * What each node costs at creation. Actions take no time here: the VM is created running and with the Secret's
 * password, so start and the password reset find their effect already there. The image-build setting is a
 * workspace PATCH.
 */
function creationMs(node: PlanNode, timeScale: number): number {
  if (node.kind === 'action' || node.ownership === 'external') return 0;
  if (node.type === IMAGE_BUILD_COMPUTE) return operationDurationMs('Microsoft.MachineLearningServices/workspaces', 'patch') * timeScale;
  return operationDurationMs(node.type, 'put') * timeScale;
}

const prefixed = (prefix: string, nodes: readonly PlanNode[], extraDeps: Readonly<Record<string, readonly string[]>> = {}): PlanNode[] =>
  nodes.map((n) => ({ ...n, key: `${prefix}/${n.key}`, dependsOn: [...n.dependsOn.map((d) => `${prefix}/${d}`), ...(extraDeps[n.key] ?? [])] }));

function bounds(input: AllKindsInput, status: SecureWorkspaceStatus): { gated: number; data: CriticalPath } {
  const spec = applySecureWorkspaceDefaults(WORKSPACE);
  const identity = { subscriptionId: input.emulator.subscriptionId, namespace: input.namespace, name: NAME };
  const known = knownHostNames(azureNames(spec.namePrefix, spec.resourceGroup, identity), status.privateEndpoints ?? []);
  const sws = planSecureWorkspace({ spec, identity, tenantId: input.tenantId, known });
  const subnets = status.network?.subnetIds ?? {};
  const vnetId = status.network?.vnetId ?? '';
  const ibc = planImageBuildCompute(applyImageBuildComputeDefaults(IMAGE_BUILD), {
    workspaceId: status.workspace?.id ?? '',
    location: spec.location,
    subnetId: subnets['training'] ?? '',
  });
  const jb = planJumpBox({
    spec: applyJumpBoxDefaults(JUMP_BOX),
    names: jumpBoxNames({ subscriptionId: input.emulator.subscriptionId, namespace: input.namespace, name: NAME }, 'Windows11'),
    target: {
      subscriptionId: input.emulator.subscriptionId,
      resourceGroup: spec.resourceGroup,
      location: spec.location,
      subnetId: subnets['training'] ?? '',
      vnetId,
      vnetName: vnetId.split('/').at(-1) ?? '',
      bastionSubnetId: subnets['bastion'],
    },
    password: { value: 'unused', version: '1' },
    enforcePower: true,
    runningAfter: true,
    bastion: { names: bastionNames(vnetId.split('/').at(-1) ?? ''), foreign: false },
  });
  const cost = (n: PlanNode) => creationMs(n, input.timeScale);
  const alone = (nodes: PlanNode[]) => criticalPath(createPlanGraph(nodes), cost).durationMs;
  const vnet = `sws/${SWS_KEYS.virtualNetwork}`;
  const data = criticalPath(
    createPlanGraph([
      ...prefixed('sws', sws),
      ...prefixed('ibc', ibc, { [IBC_KEYS.compute]: [vnet, `sws/${SWS_KEYS.workspace}`] }),
      ...prefixed('jb', jb, { [JB_KEYS.networkInterface]: [vnet], [JB_KEYS.bastion]: [vnet] }),
    ]),
    cost,
  );
  return { gated: alone(sws) + Math.max(alone(ibc), alone(jb)), data };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`benchmark: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const s = (ms: number): string => (ms / 1000).toFixed(1);

/** Runs the scenario (create all, wait for all Ready, delete all) and returns the report to print. */
export async function runAllKinds(input: AllKindsInput): Promise<string> {
  const api = input.kubeConfig.makeApiClient(CustomObjectsApi);
  const coords = (kind: KindName) => ({ group: GROUP, version: VERSION, namespace: input.namespace, plural: KINDS[kind].plural });
  const read = async (kind: KindName): Promise<Obj | undefined> => {
    try {
      return (await api.getNamespacedCustomObject({ ...coords(kind), name: NAME })) as Obj;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    }
  };
  const objects: [KindName, object][] = [
    ['SecureWorkspace', WORKSPACE],
    ['ImageBuildCompute', IMAGE_BUILD],
    ['JumpBox', JUMP_BOX],
  ];

  await input.kubeConfig
    .makeApiClient(CoreV1Api)
    .createNamespacedSecret({ namespace: input.namespace, body: { metadata: { name: SECRET }, stringData: { password: `Bench-${Date.now()}-Pw!` } } });
  input.emulator.admin.clearRequests();
  const started = performance.now();
  await Promise.all(
    objects.map(([kind, spec]) =>
      api.createNamespacedCustomObject({ ...coords(kind), body: { apiVersion: API_VERSION, kind, metadata: { name: NAME, namespace: input.namespace }, spec } }),
    ),
  );
  const readyAt = new Map<KindName, number>();
  let workspaceStatus: SecureWorkspaceStatus | undefined;
  await until('all three kinds Ready', async () => {
    for (const [kind] of objects) {
      if (readyAt.has(kind)) continue;
      const obj = await read(kind);
      const stalled = obj?.status?.conditions?.find((c) => c.type === 'Stalled' && c.status === 'True');
      if (stalled) throw new Error(`${kind} stalled: ${stalled.reason}: ${stalled.message}`);
      const ready = obj?.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status === 'True' && ready.observedGeneration === obj?.metadata.generation) {
        readyAt.set(kind, performance.now() - started);
        if (kind === 'SecureWorkspace') workspaceStatus = obj?.status as SecureWorkspaceStatus;
      }
    }
    return readyAt.size === objects.length ? true : undefined;
  });
  const allMs = Math.max(...readyAt.values());
  const writes = input.emulator.admin.requests().filter((r) => !['GET', 'DELETE'].includes(r.method)).length;

  const deleting = performance.now();
  await Promise.all(objects.map(([kind]) => api.deleteNamespacedCustomObject({ ...coords(kind), name: NAME })));
  await until('all three kinds deleted', async () => ((await Promise.all(objects.map(([kind]) => read(kind)))).every((o) => o === undefined) ? true : undefined));
  const deleteMs = performance.now() - deleting;

  const b = bounds(input, workspaceStatus ?? {});
  const ready = objects.map(([kind]) => `${kind} ${s(readyAt.get(kind) ?? 0)} s`).join(', ');
  return [
    'All kinds applied together (SecureWorkspace + ImageBuildCompute + JumpBox with Bastion):',
    `  Ready: ${ready}; all Ready in ${s(allMs)} s, ${writes} ARM writes`,
    `  gated bound (workspace path, then the longer dependant): ${s(b.gated)} s → ratio ${(allMs / b.gated).toFixed(2)}`,
    `  data bound (no Ready gate): ${s(b.data.durationMs)} s → ratio ${(allMs / b.data.durationMs).toFixed(2)}; path ${b.data.path.join(' → ')}`,
    `  delete all together: ${s(deleteMs)} s`,
  ].join('\n');
}
