// One benchmark scenario: create a SecureWorkspace, wait for Ready, resync once, delete; measure each phase against
// the emulator's clock and the graph's critical path.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, applySecureWorkspaceDefaults, GROUP, SECURE_WORKSPACE_PLURAL, VERSION } from '../../src/api/index.ts';
import type { SecureWorkspaceSpecInput, SecureWorkspaceStatus } from '../../src/api/index.ts';
import { azureNames, planSecureWorkspace } from '../../src/controllers/secureworkspace/index.ts';
import { knownHostNames } from '../../src/controllers/secureworkspace/status.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { createPlanGraph } from '../../src/plan/index.ts';
import type { PlanGraph } from '../../src/plan/index.ts';
import { registry } from '../../src/runtime/index.ts';
import { applyBound, deleteBound } from './bounds.ts';
import { countCalls } from './requests.ts';
import type { CallCounts } from './requests.ts';

export interface ScenarioInput {
  readonly label: string;
  readonly namespace: string;
  readonly name: string;
  readonly spec: SecureWorkspaceSpecInput;
  readonly kubeConfig: KubeConfig;
  readonly emulator: RunningEmulator;
  readonly tenantId: string;
  readonly timeScale: number;
}

export interface ScenarioResult {
  readonly label: string;
  readonly resources: number;
  readonly readyMs: number;
  readonly readyBoundMs: number;
  readonly readyPath: readonly string[];
  readonly create: CallCounts;
  readonly resync: CallCounts;
  readonly deleteMs: number;
  readonly deleteBoundMs: number;
}

type Status = SecureWorkspaceStatus;
interface Obj {
  metadata: { generation?: number };
  status?: Status;
}

const POLL_MS = 20;
const TIMEOUT_MS = 10 * 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`benchmark: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function reconciles(): Promise<number> {
  const metric = registry.getSingleMetric('controller_runtime_reconcile_total');
  const values = metric ? (await metric.get()).values : [];
  return values.filter((v) => v.labels['controller'] === 'secureworkspace').reduce((sum, v) => sum + v.value, 0);
}

export async function runScenario(s: ScenarioInput): Promise<ScenarioResult> {
  const api = s.kubeConfig.makeApiClient(CustomObjectsApi);
  const coords = { group: GROUP, version: VERSION, namespace: s.namespace, plural: SECURE_WORKSPACE_PLURAL, name: s.name };
  const read = async (): Promise<Obj | undefined> => {
    try {
      return (await api.getNamespacedCustomObject(coords)) as Obj;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    }
  };

  s.emulator.admin.clearRequests();
  await api.createNamespacedCustomObject({
    ...coords,
    body: { apiVersion: API_VERSION, kind: 'SecureWorkspace', metadata: { name: s.name, namespace: s.namespace }, spec: s.spec },
  });
  // From the moment the object exists: the apiserver's first write of a kind can take seconds (CEL compilation).
  const created = performance.now();
  const ready = await until(`${s.label} Ready`, async () => {
    const obj = await read();
    const c = obj?.status?.conditions?.find((x) => x.type === 'Ready');
    if (obj?.status?.conditions?.some((x) => x.type === 'Stalled' && x.status === 'True')) throw new Error(`${s.label} stalled: ${JSON.stringify(obj.status.conditions)}`);
    return c?.status === 'True' && c.observedGeneration === obj?.metadata.generation ? obj : undefined;
  });
  const readyMs = performance.now() - created;
  const create = countCalls(s.emulator);
  const graph = planGraph(s, ready.status);

  s.emulator.admin.clearRequests();
  const before = await reconciles();
  await api.patchNamespacedCustomObject(
    { ...coords, body: { metadata: { annotations: { 'bench.secureml.io/resync': String(Date.now()) } } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  await until('the resync reconcile', async () => ((await reconciles()) > before ? true : undefined));
  const resync = countCalls(s.emulator);

  const deleting = performance.now();
  await api.deleteNamespacedCustomObject(coords);
  await until(`${s.label} deleted`, async () => ((await read()) === undefined ? true : undefined));
  const deleteMs = performance.now() - deleting;

  const bound = applyBound(graph, s.timeScale);
  return {
    label: s.label,
    resources: [...graph.nodes.values()].filter((n) => n.kind === 'resource').length,
    readyMs,
    readyBoundMs: bound.durationMs,
    readyPath: bound.path,
    create,
    resync,
    deleteMs,
    deleteBoundMs: deleteBound(graph, s.timeScale).durationMs,
  };
}

/** The graph the operator ended up applying, A records included. */
function planGraph(s: ScenarioInput, status: Status | undefined): PlanGraph {
  const spec = applySecureWorkspaceDefaults(s.spec);
  const identity = { subscriptionId: s.emulator.subscriptionId, namespace: s.namespace, name: s.name };
  const known = knownHostNames(azureNames(spec.namePrefix, spec.resourceGroup, identity), status?.privateEndpoints ?? []);
  return createPlanGraph(planSecureWorkspace({ spec, identity, tenantId: s.tenantId, known }));
}
