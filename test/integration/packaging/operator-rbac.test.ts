// The operator process (node src/main.ts, as the image runs it) with nothing but the packaged RBAC: it authenticates
// as the secureml-operator service account with a TokenRequest token, in the settings the Deployment gives it, and
// talks to the ARM emulator. `kubectl auth can-i` (kustomize.test.ts) checks the grants; this checks that the calls
// the operator really makes fit in them.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_TENANT_ID, startEmulator } from '../../../src/emulator/index.ts';
import type { RunningEmulator } from '../../../src/emulator/index.ts';
import { createTestNamespace, kubeConfig } from '../../support/kube.ts';
import { OPERATOR_ACCOUNT, OPERATOR_NAMESPACE, REPO, installNamespaceAndRbac, succeed } from './install.ts';

const POD_NAME = 'secureml-operator-rbac-test';
const LEASE = 'secureml-operator-leader';
const DEADLINE_MS = 60_000;

let namespace: string;
let emulator: RunningEmulator;
let operator: ChildProcess;
let scratch: string;
let healthPort: number;
let output = '';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline || operator.exitCode !== null) {
      throw new Error(`${what}: not seen within ${DEADLINE_MS} ms (operator exit ${operator.exitCode})\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The admin kubeconfig's cluster with the service account's token as the only user. */
async function serviceAccountKubeconfig(): Promise<string> {
  const { stdout: token } = await succeed(['create', 'token', OPERATOR_ACCOUNT, '-n', OPERATOR_NAMESPACE]);
  const admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  const cluster = admin.getCurrentCluster()!;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: OPERATOR_ACCOUNT, token: token.trim() }],
    contexts: [{ name: 'operator', cluster: cluster.name, user: OPERATOR_ACCOUNT }],
    currentContext: 'operator',
  });
  const path = join(scratch, 'kubeconfig');
  await writeFile(path, kc.exportConfig(), { mode: 0o600 });
  return path;
}

beforeAll(async () => {
  await installNamespaceAndRbac();
  namespace = await createTestNamespace('pkg-operator-rbac');
  scratch = await mkdtemp(join(tmpdir(), 'secureml-operator-rbac-'));
  emulator = await startEmulator();
  healthPort = await freePort();
  operator = spawn(join(REPO, 'node_modules/.bin/node'), ['src/main.ts'], {
    cwd: REPO,
    env: {
      PATH: process.env['PATH'] ?? '',
      KUBECONFIG: await serviceAccountKubeconfig(),
      // As config/manager/deployment.yaml sets them (ports: free ones, as other tests run in parallel).
      POD_NAME,
      POD_NAMESPACE: OPERATOR_NAMESPACE,
      METRICS_BIND_ADDRESS: `127.0.0.1:${await freePort()}`,
      HEALTH_PROBE_BIND_ADDRESS: `127.0.0.1:${healthPort}`,
      WATCH_NAMESPACES: namespace,
      AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
      AZURE_TENANT_ID: DEFAULT_TENANT_ID,
      AZURE_ARM_ENDPOINT: emulator.endpoint,
      AZURE_ARM_CA_FILE: emulator.caPath,
      AZURE_USE_EMULATOR_CREDENTIAL: 'true',
      AZURE_LRO_POLL_INTERVAL_MS: '50',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  operator.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  operator.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
});

afterAll(async () => {
  if (operator?.exitCode === null) {
    operator.kill('SIGKILL');
    await once(operator, 'exit');
  }
  await emulator?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the operator under its packaged RBAC', () => {
  it('takes the leader Lease in its own namespace', async () => {
    const leases = kubeConfig().makeApiClient(CoordinationV1Api);
    const holder = await eventually('the Lease held by this replica', async () => {
      const lease = await leases.readNamespacedLease({ name: LEASE, namespace: OPERATOR_NAMESPACE });
      return lease.spec?.holderIdentity?.startsWith(`${POD_NAME}_`) ? lease.spec.holderIdentity : undefined;
    });
    expect(holder).toMatch(new RegExp(`^${POD_NAME}_`));
  });

  it('keeps renewing the Lease', async () => {
    const leases = kubeConfig().makeApiClient(CoordinationV1Api);
    const renewTime = async (): Promise<number> => {
      const lease = await leases.readNamespacedLease({ name: LEASE, namespace: OPERATOR_NAMESPACE });
      return new Date(lease.spec?.renewTime ?? 0).getTime();
    };
    const first = await renewTime();
    // Two renewals (retry period 2 s) prove the loop goes on, within one lease duration (15 s).
    const later = await eventually('two Lease renewals', async () => {
      const seen = await renewTime();
      return seen >= first + 3_000 ? seen : undefined;
    });
    expect(later).toBeGreaterThan(first);
  });

  it('becomes ready', async () => {
    const status = await eventually('/readyz 200', async () => {
      const response = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
      return response.ok ? response.status : undefined;
    });
    expect(status).toBe(200);
  });

  it('adds its finalizer, writes status and records Events on a SecureWorkspace', async () => {
    const sample = parse(await readFile(join(REPO, 'config/samples/secureworkspace-customer-managed.yaml'), 'utf8'));
    await succeed(['apply', '--server-side', '-n', namespace, '-f', '-'], JSON.stringify(sample));
    const name = (sample as { metadata: { name: string } }).metadata.name;

    const workspace = await eventually('finalizer and Ready condition', async () => {
      const { stdout } = await succeed(['get', 'secureworkspace', name, '-n', namespace, '-o', 'json']);
      const object = JSON.parse(stdout) as {
        metadata: { finalizers?: string[] };
        status?: { conditions?: { type: string }[] };
      };
      const written = object.metadata.finalizers?.includes('secureml.io/finalizer') &&
        object.status?.conditions?.some((c) => c.type === 'Ready');
      return written ? object : undefined;
    });
    expect(workspace.metadata.finalizers).toContain('secureml.io/finalizer');

    const events = await eventually('an Event about the workspace', async () => {
      const { stdout } = await succeed(['get', 'events.events.k8s.io', '-n', namespace, '-o', 'json']);
      const items = (JSON.parse(stdout) as { items: { regarding: { name: string }; reportingController: string }[] })
        .items.filter((e) => e.regarding.name === name);
      return items.length > 0 ? items : undefined;
    });
    expect(events[0]!.reportingController).toBe('secureml.io/operator');
  });

  it('was never refused by the apiserver', () => {
    expect(output).not.toMatch(/forbidden/i);
  });

  it('releases the Lease and exits 0 on SIGTERM', async () => {
    const exited = once(operator, 'exit');
    operator.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code, output).toBe(0);
    const lease = await kubeConfig()
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: LEASE, namespace: OPERATOR_NAMESPACE });
    expect(lease.spec?.holderIdentity ?? '').toBe('');
  });
});
