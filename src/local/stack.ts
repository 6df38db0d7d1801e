// The local stack: control plane (etcd + kube-apiserver with the CRDs), the ARM emulator, and the operator running
// in this process against both. Everything is started in order and stopped in reverse; a failure half-way stops
// what was already started, so no etcd or apiserver outlives a failed start.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { emulatorConnection } from '../azure/credentials.ts';
import { loadConfig } from '../config.ts';
import type { OperatorConfig } from '../config.ts';
import { DEFAULT_TENANT_ID, startEmulator } from '../emulator/index.ts';
import type { RunningEmulator } from '../emulator/index.ts';
import { startOperator } from '../operator.ts';
import type { RunningOperator } from '../operator.ts';
import { createLogger } from '../runtime/index.ts';
import { startControlPlane } from './control-plane.ts';
import type { ControlPlane } from './control-plane.ts';
import { LOCAL_PATHS, REPO_ROOT } from './paths.ts';
import { tuningFor } from './tuning.ts';

export interface LocalStackOptions {
  timeScale: number;
  keepState: boolean;
  verbose: boolean;
  /** One line per step, as it starts and ends. */
  say: (line: string) => void;
  /** Ctrl-C during the start: what is up is stopped after the current step, and the start rejects. */
  signal?: AbortSignal;
}

export interface LocalStack {
  readonly controlPlane: ControlPlane;
  readonly emulator: RunningEmulator;
  readonly operator: RunningOperator;
  readonly kubeConfig: KubeConfig;
  /** Where the operator's JSON log lines go (the terminal shows the progress view instead). */
  readonly operatorLogPath: string;
  /** http://127.0.0.1:<port>/metrics of the in-process operator. */
  readonly metricsUrl: string | undefined;
  /** Operator, then emulator (state saved with --keep-state), then control plane. Idempotent. */
  stop(): Promise<void>;
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)}s`;

/** Runs hack/kube-env/build.sh, which returns at once when the binaries are up to date. */
export async function buildControlPlane(say: (line: string) => void): Promise<void> {
  const started = performance.now();
  const child = spawn('bash', [join(REPO_ROOT, 'hack', 'kube-env', 'build.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const relay = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') say(`  ${line}`);
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`building the local control plane failed (hack/kube-env/build.sh exited ${code}); its output is above`);
  say(`  checked in ${seconds(started)}`);
}

/** Operator settings for one local replica: every namespace, no leader election, metrics on a free local port. */
function localOperatorConfig(): OperatorConfig {
  const base = loadConfig([], {});
  return {
    ...base,
    leaderElection: { ...base.leaderElection, enabled: false },
    metricsAddress: '127.0.0.1:0',
    healthAddress: '127.0.0.1:0',
    shutdownTimeoutMs: 5_000,
    podName: 'local',
    logLevel: 'info',
  };
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const { say } = opts;
  mkdirSync(LOCAL_PATHS.dir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    // Each step stops even when an earlier one failed: an orphaned apiserver is worse than a lost error.
    const errors: unknown[] = [];
    while (stops.length > 0) {
      const stop = stops.pop();
      try {
        await stop?.();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'stopping the local stack failed');
  };

  const checkpoint = (): void => opts.signal?.throwIfAborted();
  try {
    let started = performance.now();
    say('Starting the Kubernetes control plane (etcd + kube-apiserver) and installing the CRDs from crds/…');
    const controlPlane = await startControlPlane({ crdDir: LOCAL_PATHS.crds, outDir: LOCAL_PATHS.dir, verbose: opts.verbose });
    stops.push(() => controlPlane.stop());
    say(`  ${controlPlane.host} ready in ${seconds(started)}; kubeconfig ${LOCAL_PATHS.kubeconfig}`);
    checkpoint();

    started = performance.now();
    const latency = opts.timeScale === 0 ? 'instant' : 'realistic';
    say(`Starting the ARM emulator (${latency === 'instant' ? 'instant' : `realistic Azure latency × ${opts.timeScale}`})…`);
    const emulator = await startEmulator({
      latency,
      timeScale: opts.timeScale,
      certDir: LOCAL_PATHS.emulatorCerts,
      ...(opts.keepState ? { stateFile: LOCAL_PATHS.emulatorState } : {}),
    });
    stops.push(() => emulator.stop());
    const kept = opts.keepState ? `; state in ${LOCAL_PATHS.emulatorState}` : '';
    say(`  ${emulator.endpoint} ready in ${seconds(started)}${kept}`);
    checkpoint();

    started = performance.now();
    say('Starting the operator in this process…');
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(controlPlane.kubeconfigPath);
    const config = localOperatorConfig();
    const logStream = createWriteStream(LOCAL_PATHS.operatorLog, { flags: opts.keepState ? 'a' : 'w' });
    stops.push(() => closeStream(logStream));
    const tuning = tuningFor(opts.timeScale);
    const operator = await startOperator({
      kubeConfig,
      arm: emulatorConnection(emulator, { userAgentPrefix: 'secureml-operator-local' }),
      tenantId: DEFAULT_TENANT_ID,
      config,
      logger: createLogger(config.logLevel, logStream),
      pollIntervalMs: tuning.pollIntervalMs,
      executor: tuning.executor,
      onLeadershipLost: () => undefined,
    });
    stops.push(() => operator.stop());
    const metricsPort = operator.manager.endpoints?.metricsPort;
    const metricsUrl = metricsPort === undefined ? undefined : `http://127.0.0.1:${metricsPort}/metrics`;
    say(`  running in ${seconds(started)}; logs in ${LOCAL_PATHS.operatorLog}${metricsUrl ? `, metrics ${metricsUrl}` : ''}`);

    let stopping: Promise<void> | undefined;
    return {
      controlPlane,
      emulator,
      operator,
      kubeConfig,
      operatorLogPath: LOCAL_PATHS.operatorLog,
      metricsUrl,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}

async function closeStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  const closed = once(stream, 'close');
  stream.end();
  await closed;
}
