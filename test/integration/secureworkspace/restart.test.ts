// SIGKILL of the operator process mid-provisioning: the restarted process finds the operations still running in
// Azure and waits for them instead of writing again, and ends Ready with every resource written exactly once.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DEFAULT_TENANT_ID, startEmulator } from '../../../src/emulator/index.ts';
import type { RunningEmulator } from '../../../src/emulator/index.ts';
import { createTestNamespace, kubeConfig } from '../../support/kube.ts';
import { countByType, createSecureWorkspace, inGroup, inventory, TUTORIAL_NETWORK, waitFor, waitForCondition } from './helpers.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const NODE = `${REPO}node_modules/.bin/node`;
const GROUP = 'rg-restart';

let ns: string;
let emulator: RunningEmulator;
const children: ChildProcess[] = [];
const logs: string[] = [];

/** The operator as production runs it (src/main.ts), pointed at the test apiserver and the emulator. */
function startOperatorProcess(): ChildProcess {
  const child = spawn(
    NODE,
    ['src/main.ts', `--namespaces=${ns}`, '--leader-elect=false', '--metrics-bind-address=0', '--health-probe-bind-address=0', '--log-level=info'],
    {
      cwd: REPO,
      env: {
        PATH: process.env['PATH'] ?? '',
        KUBECONFIG: inject('kubeconfig'),
        AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
        AZURE_TENANT_ID: DEFAULT_TENANT_ID,
        AZURE_ARM_ENDPOINT: emulator.endpoint,
        AZURE_ARM_CA_FILE: emulator.caPath,
        AZURE_USE_EMULATOR_CREDENTIAL: 'true',
        AZURE_LRO_POLL_INTERVAL_MS: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const label = `[operator ${children.length + 1}] `;
  child.stdout?.on('data', (d: Buffer) => logs.push(label + d.toString()));
  child.stderr?.on('data', (d: Buffer) => logs.push(label + d.toString()));
  children.push(child);
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

beforeAll(async () => {
  ns = await createTestNamespace('sws-restart');
  // Realistic latency, scaled down: long enough to kill the process while operations run.
  emulator = await startEmulator({ latency: 'realistic', timeScale: 0.05 });
});

afterAll(async () => {
  for (const child of children) {
    child.kill('SIGKILL');
    await killed(child);
  }
  await emulator?.stop();
});

describe('SIGKILL mid-provisioning', () => {
  it('resumes after a restart: Ready, no duplicate resource, no second write of anything; SIGTERM stops cleanly', async () => {
    const first = startOperatorProcess();
    await createSecureWorkspace(kubeConfig(), ns, 'restart', { location: 'eastus', resourceGroup: GROUP, namePrefix: 'mlkill', network: TUTORIAL_NETWORK });

    // Kill while private endpoints or the workspace are still being provisioned in "Azure".
    const running = await waitFor(
      'a private endpoint or workspace operation in flight',
      async () => {
        const ops = emulator.admin
          .operations()
          .filter((o) => o.status === 'InProgress' && o.readyAt > Date.now() + 200 && /privateEndpoints|workspaces/.test(o.type));
        return ops.length > 0 ? ops : undefined;
      },
      60_000,
      20,
    );
    first.kill('SIGKILL');
    await killed(first);
    expect(running.length).toBeGreaterThan(0);

    const second = startOperatorProcess();
    const ready = await waitForCondition(kubeConfig(), ns, 'restart', 'Ready', 'True', 120_000).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${logs.join('').slice(-4000)}`);
    });
    expect(ready.status?.progress).toBe('40/40');

    const counts = countByType(inGroup(inventory(emulator), emulator.subscriptionId, GROUP));
    expect(counts['Microsoft.Network/privateEndpoints']).toBe(5);
    expect(counts['Microsoft.Network/networkInterfaces']).toBe(5);
    expect(counts['Microsoft.MachineLearningServices/workspaces']).toBe(1);
    expect(counts['Microsoft.Authorization/roleAssignments']).toBe(2);

    const puts = new Map<string, number>();
    for (const r of emulator.admin.requests()) {
      if (r.method === 'PUT') puts.set(r.path.toLowerCase(), (puts.get(r.path.toLowerCase()) ?? 0) + 1);
    }
    expect([...puts].filter(([, n]) => n > 1)).toEqual([]);
    // 40 resources, of which the 8 A records are written by the zone groups (the operator only verifies them).
    expect(puts.size).toBe(32);

    // And a graceful stop: SIGTERM ends the process cleanly.
    const exited = new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)));
    second.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
