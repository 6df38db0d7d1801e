/**
 * A tiny operator process running the example Widget controller on the real runtime (Manager, leader election,
 * probes), for tests that need several replicas: `node test/support/example-operator.ts --kubeconfig <path> …`
 * with any flag of src/config.ts. Logs JSON lines on stdout; exits 0 after SIGTERM, 1 when leadership is lost.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { loadConfig } from '../../src/config.ts';
import { Manager, createLogger } from '../../src/runtime/index.ts';
import { widgetController } from './example-controller.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const kubeConfig = new KubeConfig();
if (config.kubeconfig) kubeConfig.loadFromFile(config.kubeconfig);
else kubeConfig.loadFromDefault();

const manager = new Manager({ kubeConfig, config, logger });
manager.addController(widgetController(manager));
await manager.start();
logger.info({ identity: manager.identity }, 'operator started');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void manager.stop().then(() => process.exit(0));
  });
}
