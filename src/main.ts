// The operator process: configuration from flags and environment, Azure credentials from the environment, then
// the operator until SIGTERM/SIGINT.
import { KubeConfig } from '@kubernetes/client-node';
import { armConnectionFromEnv } from './azure/credentials.ts';
import { ConfigError, configHelp, loadConfig } from './config.ts';
import { startOperator } from './operator.ts';
import type { RunningOperator } from './operator.ts';
import { createLogger } from './runtime/index.ts';

const USAGE = `Usage: node src/main.ts [flags]

Kubernetes operator for secure Azure Machine Learning environments (SecureWorkspace, ImageBuildCompute, JumpBox,
group secureml.io/v1alpha1).

Azure (environment only):
  AZURE_SUBSCRIPTION_ID          required: the subscription every resource lives in
  AZURE_TENANT_ID                required: the Azure AD tenant (injected by AKS workload identity)
  AZURE_ARM_ENDPOINT             ARM base URL (default https://management.azure.com); must be https
  AZURE_ARM_SCOPE                token audience (default https://management.azure.com/.default)
  AZURE_ARM_CA_FILE              PEM of an extra CA for the ARM endpoint (the local emulator)
  AZURE_USE_EMULATOR_CREDENTIAL  "true": a fixed token only the emulator accepts
  AZURE_LRO_POLL_INTERVAL_MS     poll interval of ARM operations when ARM sends no Retry-After (default 2000)
  Otherwise credentials come from DefaultAzureCredential (workload identity on AKS).

`;

function pollInterval(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env['AZURE_LRO_POLL_INTERVAL_MS']?.trim();
  if (!raw) return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new ConfigError(`AZURE_LRO_POLL_INTERVAL_MS must be a positive integer, got "${raw}"`);
  return ms;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}${configHelp()}\n`);
    return;
  }
  const config = loadConfig(argv, env);
  const logger = createLogger(config.logLevel);
  const tenantId = env['AZURE_TENANT_ID']?.trim();
  if (!tenantId) throw new ConfigError('AZURE_TENANT_ID is required');
  const kubeConfig = new KubeConfig();
  if (config.kubeconfig) kubeConfig.loadFromFile(config.kubeconfig);
  else kubeConfig.loadFromDefault();
  const poll = pollInterval(env);

  const operator: RunningOperator = await startOperator({
    kubeConfig,
    arm: { ...armConnectionFromEnv(env), userAgentPrefix: 'secureml-operator' },
    tenantId,
    config,
    logger,
    ...(poll === undefined ? {} : { pollIntervalMs: poll }),
  });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    operator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main(process.argv.slice(2), process.env).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
