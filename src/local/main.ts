// `npm run local`: the whole product on one machine. Control plane + ARM emulator + operator, the tutorial's
// resources applied, their progress shown live, then the result and how to use kubectl; runs until Ctrl-C.
import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseLocalOptions, USAGE, UsageError } from './options.ts';
import type { LocalOptions } from './options.ts';
import { LOCAL_PATHS } from './paths.ts';
import { feedProgressView } from './progress-feed.ts';
import { ProgressView } from './progress-view.ts';
import { resourceKey } from './resource-state.ts';
import { applySamples, isWatchedKind, SAMPLE_NAMESPACE } from './samples.ts';
import { buildControlPlane, startLocalStack } from './stack.ts';
import type { LocalStack } from './stack.ts';
import { describe, usageText } from './summary.ts';

const READY_POLL_MS = 200;

const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const secondsSince = (t: number): string => `${((performance.now() - t) / 1000).toFixed(1)}s`;

/** Ctrl-C: stop in order; a second Ctrl-C quits at once (the control plane launcher still cleans up after us). */
class Shutdown {
  stack: LocalStack | undefined;
  /** Closed first: a live frame redrawn after the stop messages would draw over them. */
  view: ProgressView | undefined;
  readonly #requested = new AbortController();
  #done: Promise<never> | undefined;

  constructor() {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.requested) {
        process.stderr.write(`\n${signal} again: quitting without waiting\n`);
        process.exit(130);
      }
      this.#requested.abort();
      if (this.stack) void this.stop(0);
      else say(`\n${signal}: stopping once the current step ends (Ctrl-C again to quit at once)…`);
    };
    // SIGHUP: the terminal went away; stop as cleanly as for Ctrl-C rather than die with the stack running.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
    // A closed terminal or pipe makes writes fail (EIO, EPIPE); the stack must still stop in order.
    process.stdout.on('error', () => undefined);
  }

  get requested(): boolean {
    return this.#requested.signal.aborted;
  }

  /** Aborted on the first signal. */
  get signal(): AbortSignal {
    return this.#requested.signal;
  }

  stop(code: number): Promise<never> {
    this.#done ??= (async () => {
      const started = performance.now();
      this.view?.close();
      say('\nStopping the operator, the ARM emulator and the control plane…');
      try {
        await this.stack?.stop();
        say(`Stopped in ${secondsSince(started)}.`);
      } catch (err) {
        process.stderr.write(`stopping failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      }
      process.exit(code);
    })();
    return this.#done;
  }
}

async function waitForReady(view: ProgressView, keys: readonly string[], shutdown: Shutdown): Promise<boolean> {
  while (!shutdown.requested) {
    if (view.allReady(keys)) return true;
    await sleep(READY_POLL_MS);
  }
  return false;
}

async function run(options: LocalOptions, shutdown: Shutdown): Promise<void> {
  const startedAt = performance.now();
  say('secureml-operator local mode: Kubernetes control plane + ARM emulator + operator on this machine.');
  say('Checking the control plane binaries (hack/kube-env/build.sh; the first build takes several minutes)…');
  await buildControlPlane(say);
  if (shutdown.requested) return shutdown.stop(0);
  const stack = await startLocalStack({ ...options, say, signal: shutdown.signal });
  shutdown.stack = stack;
  if (shutdown.requested) return shutdown.stop(0);

  let keys: string[] = [];
  let appliedAt = performance.now();
  if (options.samples) {
    say(`Applying the tutorial's manifests (${relative(process.cwd(), LOCAL_PATHS.samples) || LOCAL_PATHS.samples}) in namespace ${SAMPLE_NAMESPACE}:`);
    const applied = await applySamples(stack.kubeConfig);
    appliedAt = performance.now();
    for (const a of applied) {
      const note = a.kind === 'Secret' ? ' (a generated password in place of the placeholder)' : '';
      say(`  ${a.kind}/${a.name} from ${a.file}${note}`);
    }
    keys = applied.filter((a) => isWatchedKind(a.kind)).map((a) => resourceKey(a.kind, a.namespace, a.name));
  } else {
    say(`\n${usageText(stack)}\n`);
  }

  say('');
  const view = new ProgressView(process.stdout, { startedAt: appliedAt });
  shutdown.view = view;
  feedProgressView(stack.operator.manager, view);
  if (!options.samples) return;

  if (!(await waitForReady(view, keys, shutdown))) return;
  view.switchToLines();
  say(`\nAll ${keys.length} resources are Ready, ${secondsSince(appliedAt)} after apply (${secondsSince(startedAt)} in all).\n`);
  const workspace = keys.find((k) => k.startsWith('SecureWorkspace/'))?.split('/').at(-1);
  if (workspace !== undefined) {
    try {
      const described = await describe(stack.kubeConfig, stack.controlPlane.kubeconfigPath, SAMPLE_NAMESPACE, workspace);
      say(described.byKubectl ? `$ kubectl describe secureworkspace ${workspace}` : `kubectl is not installed; the status of ${workspace}:`);
      say(described.text.trimEnd());
    } catch (err) {
      // The stack is fine and the user can describe it themselves; not a reason to stop it.
      say(`(could not describe ${workspace}: ${err instanceof Error ? err.message : String(err)})`);
    }
    say('');
  }
  say(usageText(stack));
  say('\nStill running: changes to the resources appear below. Ctrl-C stops everything.');
}

async function main(): Promise<void> {
  let options: LocalOptions | undefined;
  try {
    options = parseLocalOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (!options) {
    say(USAGE);
    return;
  }
  const shutdown = new Shutdown();
  try {
    await run(options, shutdown);
  } catch (err) {
    if (!shutdown.requested) process.stderr.write(`\nnpm run local failed: ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown.stop(shutdown.requested ? 0 : 1);
  }
}

await main();
