/**
 * An in-process operator against the run's shared control plane and an ARM emulator, for integration tests.
 * Each test file gets its own namespace and watches only that one, so files running in parallel never reconcile
 * each other's objects. Waits are shortened (tests use the emulator's instant latency); nothing is mocked.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { inject } from 'vitest';
import { emulatorConnection } from '../../src/azure/credentials.ts';
import { loadConfig } from '../../src/config.ts';
import type { OperatorConfig } from '../../src/config.ts';
import type { ExecutorTuning } from '../../src/controllers/index.ts';
import { DEFAULT_TENANT_ID, startEmulator } from '../../src/emulator/index.ts';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.ts';
import { startOperator } from '../../src/operator.ts';
import type { RunningOperator } from '../../src/operator.ts';
import { createLogger } from '../../src/runtime/index.ts';

/** Short waits: the emulator answers in milliseconds, so the production intervals would only slow tests down. */
export const TEST_EXECUTOR: ExecutorTuning = {
  retry: { minDelayMs: 50, maxDelayMs: 1_000, maxRetryTimeMs: 20_000 },
  settle: { intervalMs: 50, maxIntervalMs: 500 },
  requeueBaseMs: 200,
};

/** SDK poll interval against the emulator (it sends no Retry-After by default). */
export const TEST_POLL_INTERVAL_MS = 50;

export interface TestOperatorOptions {
  /** The only namespace the operator watches. */
  namespace: string;
  /** An emulator the test started itself (e.g. with a state file); default: a new one, stopped with the operator. */
  emulator?: RunningEmulator;
  emulatorOptions?: EmulatorOptions;
  executor?: ExecutorTuning;
  /** Operator settings on top of the defaults (leader election off, no HTTP endpoints). */
  config?: Partial<OperatorConfig>;
  /** The operator's identity; default: the control plane's admin (e.g. an impersonating one to test RBAC). */
  kubeConfig?: KubeConfig;
}

export interface TestOperator {
  readonly emulator: RunningEmulator;
  readonly operator: RunningOperator;
  readonly kubeConfig: KubeConfig;
  /** Stops the operator, then the emulator when this helper started it. */
  stop(): Promise<void>;
}

/** Defaults for tests: one namespace, no leader election, no listening ports, quiet logs (LOG_LEVEL overrides). */
export function testOperatorConfig(namespace: string, overrides: Partial<OperatorConfig> = {}): OperatorConfig {
  const base = loadConfig([], {});
  return {
    ...base,
    namespaces: [namespace],
    leaderElection: { ...base.leaderElection, enabled: false },
    metricsAddress: '0',
    healthAddress: '0',
    shutdownTimeoutMs: 5_000,
    logLevel: (process.env['LOG_LEVEL'] as OperatorConfig['logLevel'] | undefined) ?? 'silent',
    podName: `test-${namespace}`,
    ...overrides,
  };
}

export async function startTestOperator(opts: TestOperatorOptions): Promise<TestOperator> {
  const ownEmulator = opts.emulator === undefined;
  const emulator = opts.emulator ?? (await startEmulator(opts.emulatorOptions));
  const kubeConfig = opts.kubeConfig ?? new KubeConfig();
  if (opts.kubeConfig === undefined) kubeConfig.loadFromFile(inject('kubeconfig'));
  const config = testOperatorConfig(opts.namespace, opts.config);
  try {
    const operator = await startOperator({
      kubeConfig,
      arm: emulatorConnection(emulator, { retry: { maxRetries: 1, retryDelayInMs: 50, maxRetryDelayInMs: 500 } }),
      tenantId: DEFAULT_TENANT_ID,
      config,
      logger: createLogger(config.logLevel),
      pollIntervalMs: TEST_POLL_INTERVAL_MS,
      executor: opts.executor ?? TEST_EXECUTOR,
      onLeadershipLost: () => undefined,
    });
    return {
      emulator,
      operator,
      kubeConfig,
      async stop() {
        await operator.stop();
        if (ownEmulator) await emulator.stop();
      },
    };
  } catch (err) {
    if (ownEmulator) await emulator.stop();
    throw err;
  }
}
