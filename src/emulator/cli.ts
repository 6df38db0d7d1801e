// Standalone ARM emulator: `npm run emulator -- --port 8443 --latency realistic --time-scale 0.1 --state-file ./emu.json`
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TENANT_ID, startEmulator } from './index.ts';

const USAGE = `Usage: npm run emulator -- [options]
  --port <n>              port on 127.0.0.1 (default 0: a free port)
  --latency <profile>     instant | realistic (default instant)
  --time-scale <x>        multiplies realistic durations, e.g. 0.1 (default 1)
  --retry-after <s>       Retry-After seconds on async responses (default 0: omitted)
  --throttling            enforce ARM token buckets (429 when empty)
  --state-file <path>     keep resources and operations across restarts
  --cert-dir <path>       where ca.pem is written and reused (default .local/emulator-certs)
  --subscription-id <id>  default 00000000-0000-0000-0000-000000000000
  --page-size <n>         items per list page (default 100)`;

function parse() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      latency: { type: 'string' },
      'time-scale': { type: 'string' },
      'retry-after': { type: 'string' },
      throttling: { type: 'boolean' },
      'state-file': { type: 'string' },
      'cert-dir': { type: 'string' },
      'subscription-id': { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got '${v}'`);
    return n;
  };
  const latency = values.latency ?? 'instant';
  if (latency !== 'instant' && latency !== 'realistic') throw new Error(`--latency must be instant or realistic, got '${latency}'`);
  return {
    latency: latency as 'instant' | 'realistic',
    certDir: resolve(values['cert-dir'] ?? '.local/emulator-certs'),
    ...(values.port !== undefined ? { port: num('port', values.port)! } : {}),
    ...(values['time-scale'] !== undefined ? { timeScale: num('time-scale', values['time-scale'])! } : {}),
    ...(values['retry-after'] !== undefined ? { retryAfterSeconds: num('retry-after', values['retry-after'])! } : {}),
    ...(values['page-size'] !== undefined ? { pageSize: num('page-size', values['page-size'])! } : {}),
    ...(values.throttling ? { throttling: true } : {}),
    ...(values['state-file'] !== undefined ? { stateFile: resolve(values['state-file']) } : {}),
    ...(values['subscription-id'] !== undefined ? { subscriptionId: values['subscription-id'] } : {}),
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse();
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const emu = await startEmulator(options);
  console.log(`ARM emulator listening on ${emu.endpoint} (latency ${options.latency}${options.stateFile ? `, state ${options.stateFile}` : ''})
CA certificate: ${emu.caPath}
Admin API: ${emu.endpoint}/_emulator/inventory (requests, counters, faults, latency, throttling, mutate, reset)

Point the operator at it:
  export AZURE_ARM_ENDPOINT=${emu.endpoint}
  export AZURE_ARM_CA_FILE=${emu.caPath}     # or NODE_EXTRA_CA_CERTS=${emu.caPath}
  export AZURE_SUBSCRIPTION_ID=${emu.subscriptionId}
  export AZURE_TENANT_ID=${DEFAULT_TENANT_ID}
  export AZURE_USE_EMULATOR_CREDENTIAL=true
  npm start
Any bearer token is accepted. Ctrl-C stops it.`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the ARM emulator`);
    emu.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
