// `npm run bench`: the operator against a real kube-apiserver and the ARM emulator with Azure's realistic
// latencies, scaled down. Prints ratios to the theoretical bounds; never passes or fails on time.
//
//   BENCH_TIME_SCALE=0.1 npm run bench      (default 0.1: a 60 s workspace creation takes 6 s)
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { emulatorConnection } from '../../src/azure/credentials.ts';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_TENANT_ID, startEmulator } from '../../src/emulator/index.ts';
import { startControlPlane } from '../../src/local/control-plane.ts';
import { tuningFor } from '../../src/local/tuning.ts';
import { startOperator } from '../../src/operator.ts';
import { createLogger } from '../../src/runtime/index.ts';
import { runAllKinds } from './all-kinds.ts';
import { runScenario } from './scenario.ts';
import type { ScenarioInput, ScenarioResult } from './scenario.ts';

const NAMESPACE = 'bench';
const timeScale = Number(process.env['BENCH_TIME_SCALE'] ?? '0.1');
if (!(timeScale > 0)) throw new Error('BENCH_TIME_SCALE must be a positive number');

const SCENARIOS: Pick<ScenarioInput, 'label' | 'name' | 'spec'>[] = [
  {
    label: 'CustomerManaged/ZoneGroups',
    name: 'bench-zonegroups',
    spec: {
      location: 'eastus',
      resourceGroup: 'rg-bench-zg',
      namePrefix: 'benchzg',
      network: {
        mode: 'CustomerManaged',
        addressSpace: '172.16.0.0/16',
        subnets: { training: '172.16.0.0/24', scoring: '172.16.1.0/24', bastion: '172.16.2.0/26' },
      },
    },
  },
  {
    label: 'CustomerManaged/Records',
    name: 'bench-records',
    spec: {
      location: 'eastus',
      resourceGroup: 'rg-bench-rec',
      namePrefix: 'benchrec',
      network: { mode: 'CustomerManaged', addressSpace: '10.1.0.0/16', subnets: { training: '10.1.0.0/24', scoring: '10.1.1.0/24' } },
      privateDns: { mode: 'Records' },
    },
  },
  {
    label: 'Managed',
    name: 'bench-managed',
    spec: {
      location: 'eastus',
      resourceGroup: 'rg-bench-man',
      namePrefix: 'benchman',
      network: { mode: 'Managed', isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: [{ name: 'pypi', type: 'FQDN', destination: 'pypi.org' }] },
    },
  },
];

const s = (ms: number): string => (ms / 1000).toFixed(1);
const per = (n: number, d: number): string => (n / d).toFixed(2);

function table(results: readonly ScenarioResult[]): string {
  const head = ['scenario', 'res', 'ready s', 'bound s', 'ratio', 'PUT/res', 'polls/res', 'GET/res', 'rewritten', 'resync writes', 'delete s', 'bound s', 'ratio'];
  const rows = results.map((r) => [
    r.label,
    String(r.resources),
    s(r.readyMs),
    s(r.readyBoundMs),
    per(r.readyMs, r.readyBoundMs),
    per(r.create.writes, r.resources),
    per(r.create.polls, r.resources),
    per(r.create.reads, r.resources),
    String(r.create.rewritten),
    String(r.resync.writes + r.resync.deletes),
    s(r.deleteMs),
    s(r.deleteBoundMs),
    per(r.deleteMs, r.deleteBoundMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const crdDir = fileURLToPath(new URL('../../crds/', import.meta.url));
  console.log(`time scale ${timeScale}: starting the control plane, the emulator (realistic latency) and the operator…`);
  const controlPlane = await startControlPlane({ crdDir });
  const emulator = await startEmulator({ latency: 'realistic', timeScale });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(controlPlane.kubeconfigPath);
  const base = loadConfig([], {});
  const config = {
    ...base,
    namespaces: [NAMESPACE],
    leaderElection: { ...base.leaderElection, enabled: false },
    metricsAddress: '0',
    healthAddress: '0',
    logLevel: 'silent' as const,
  };
  const tuning = tuningFor(timeScale);
  const operator = await startOperator({
    kubeConfig,
    arm: emulatorConnection(emulator),
    tenantId: DEFAULT_TENANT_ID,
    config,
    logger: createLogger('silent'),
    pollIntervalMs: tuning.pollIntervalMs,
    executor: tuning.executor,
    onLeadershipLost: () => undefined,
  });
  try {
    await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NAMESPACE } } });
    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      const result = await runScenario({ ...scenario, namespace: NAMESPACE, kubeConfig, emulator, tenantId: DEFAULT_TENANT_ID, timeScale });
      console.log(`${result.label}: Ready in ${s(result.readyMs)} s; critical path ${result.readyPath.join(' → ')}`);
      results.push(result);
    }
    console.log(`\n${table(results)}\n`);
    console.log(
      'ratio = measured ÷ critical path of the graph with the emulator\'s realistic durations × time scale (goal ≤ 1.10);\n' +
        'PUT/res = writes per planned resource (A records under zone groups are only verified: < 1); polls = LRO status\n' +
        `GETs (SDK poll interval ${tuning.pollIntervalMs} ms, no Retry-After from the emulator); resync writes = ARM writes on a\n` +
        'no-drift resync (goal 0).',
    );
    console.log(`\n${await runAllKinds({ namespace: NAMESPACE, kubeConfig, emulator, tenantId: DEFAULT_TENANT_ID, timeScale })}`);
  } finally {
    await operator.stop();
    await emulator.stop();
    await controlPlane.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
