// The operator in one call: ARM clients and adapters, the runtime's Manager, and every controller registered on it.
// Used by src/main.ts (the process), by the integration tests (in-process against the test apiserver and the
// emulator) and by the benchmark.
import type { KubeConfig } from '@kubernetes/client-node';
import { createArmAdapters, createArmClients, createArmMetricsPolicy } from './azure/index.ts';
import type { ArmConnection } from './azure/index.ts';
import type { OperatorConfig } from './config.ts';
import { CONTROLLERS } from './controllers/index.ts';
import type { ControllerRegistration, ExecutorTuning } from './controllers/index.ts';
import { Manager, recordArmRequest } from './runtime/index.ts';
import type { Logger } from './runtime/index.ts';

export interface OperatorOptions {
  readonly kubeConfig: KubeConfig;
  readonly arm: ArmConnection;
  /** Azure AD tenant of the subscription (AZURE_TENANT_ID): key vaults are bound to it. */
  readonly tenantId: string;
  readonly config: OperatorConfig;
  readonly logger: Logger;
  /** LRO poll interval when ARM sends no Retry-After (the emulator); default the SDK's 2 s. */
  readonly pollIntervalMs?: number;
  readonly executor?: ExecutorTuning;
  /** Default: every controller of src/controllers/index.ts. */
  readonly controllers?: readonly ControllerRegistration[];
  /** Default: exit the process (controller-runtime's behaviour); tests running several operators override it. */
  readonly onLeadershipLost?: () => void;
}

export interface RunningOperator {
  readonly manager: Manager;
  /** Graceful: running reconciles wrap up (bounded by the shutdown timeout), the lease is released. */
  stop(): Promise<void>;
}

export async function startOperator(opts: OperatorOptions): Promise<RunningOperator> {
  const { kubeConfig, arm, config, logger } = opts;
  if (opts.tenantId.trim() === '') throw new Error('the Azure tenant id is required (AZURE_TENANT_ID)');
  const clients = createArmClients({
    ...arm,
    additionalPolicies: [...(arm.additionalPolicies ?? []), createArmMetricsPolicy(recordArmRequest)],
  });
  const adapters = createArmAdapters(clients, {
    ...(arm.endpoint === undefined ? {} : { endpoint: arm.endpoint }),
    ...(opts.pollIntervalMs === undefined ? {} : { updateIntervalInMs: opts.pollIntervalMs }),
  });
  const manager = new Manager({
    kubeConfig,
    config,
    logger,
    ...(opts.onLeadershipLost ? { onLeadershipLost: opts.onLeadershipLost } : {}),
  });
  const deps = {
    manager,
    config,
    azure: { clients, adapters, subscriptionId: arm.subscriptionId, tenantId: opts.tenantId },
    executor: opts.executor ?? {},
    logger,
  };
  for (const controller of opts.controllers ?? CONTROLLERS) controller.register(deps);
  await manager.start();
  logger.info({ controllers: (opts.controllers ?? CONTROLLERS).map((c) => c.name), subscriptionId: arm.subscriptionId }, 'operator started');
  return { manager, stop: () => manager.stop() };
}
