/**
 * Starts the local Kubernetes control plane (etcd + kube-apiserver, no controllers) through the launcher built
 * by hack/kube-env/build.sh. Used by the integration tests' global setup and by `npm run local`.
 *
 * The launcher speaks JSON lines on stdout (see hack/kube-env/cmd/kube-env/main.go) and stops when its stdin
 * closes, so a parent that dies without calling stop() still leaves no etcd or apiserver behind.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ControlPlaneOptions {
  /** Directory of CustomResourceDefinition manifests to install (and wait Established) before resolving. */
  crdDir?: string;
  /** Where the admin kubeconfig is written (`<outDir>/kubeconfig`); default: the launcher's temporary directory. */
  outDir?: string;
  /** Copy the launcher's, etcd's and kube-apiserver's output to this process's stderr. */
  verbose?: boolean;
}

export interface ControlPlane {
  /** Admin kubeconfig (system:masters, client certificate), removed when the control plane stops. */
  kubeconfigPath: string;
  /** The apiserver URL, `https://127.0.0.1:<port>`; unchanged across restartApiServer(). */
  host: string;
  /** Stops and restarts kube-apiserver on the same port; etcd and its data are untouched. Resolves when ready. */
  restartApiServer(): Promise<void>;
  /** Stops the apiserver, then etcd, and removes their data. Idempotent. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const KUBE_ENV_BIN_DIR = join(REPO_ROOT, 'hack', 'kube-env', 'bin');

// The launcher allows 90 s per component; on a loaded 2-core CI machine etcd + apiserver + CRDs add up.
const START_TIMEOUT_MS = 240_000;
const RESTART_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 75_000;
const STDERR_TAIL_LINES = 40;

type LauncherMessage =
  | { kind: 'ready'; kubeconfig: string; host: string }
  | { kind: 'restarted' }
  | { kind: 'error'; message: string };

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const launcher = join(KUBE_ENV_BIN_DIR, 'kube-env');
  try {
    accessSync(launcher, constants.X_OK);
  } catch {
    throw new Error(`local control plane not built: ${launcher} is missing; run "npm run build:kube-env"`);
  }
  const args = ['--bin-dir', KUBE_ENV_BIN_DIR];
  if (opts.crdDir !== undefined) args.push('--crd-dir', opts.crdDir);
  if (opts.outDir !== undefined) args.push('--out', opts.outDir);
  if (opts.verbose === true) args.push('--verbose');

  // Its own process group: a terminal's Ctrl-C reaches our process, which stops the operator first and the control
  // plane last; if we die instead, the launcher sees EOF on stdin and stops itself.
  const child = spawn(launcher, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const channel = new LauncherChannel(child, opts.verbose === true);
  let ready: LauncherMessage;
  try {
    ready = await channel.next('starting', START_TIMEOUT_MS);
  } catch (err) {
    await channel.close();
    throw err;
  }
  if (ready.kind !== 'ready') {
    await channel.close();
    throw channel.failure(`kube-env: expected its ready line, got ${JSON.stringify(ready)}`);
  }

  // One restart at a time: each SIGUSR1 is answered by exactly one line, read in order.
  let restarting: Promise<void> = Promise.resolve();
  return {
    kubeconfigPath: ready.kubeconfig,
    host: ready.host,
    restartApiServer() {
      const run = restarting.then(async () => {
        if (!child.kill('SIGUSR1')) throw channel.failure('kube-env is not running; cannot restart the apiserver');
        const msg = await channel.next('restarting the apiserver', RESTART_TIMEOUT_MS);
        if (msg.kind !== 'restarted') {
          throw channel.failure(`kube-env: expected the restarted event, got ${JSON.stringify(msg)}`);
        }
      });
      restarting = run.catch(() => undefined);
      return run;
    },
    stop: () => channel.close(),
  };
}

/** The launcher process seen as a sequence of JSON messages, with the tail of its stderr for error reports. */
class LauncherChannel {
  private readonly child: ChildProcess;
  private readonly lines: AsyncIterator<string>;
  private readonly stderrTail: string[] = [];
  private readonly exited: Promise<void>;
  private readonly spawnFailed: Promise<never>;
  private closing: Promise<void> | undefined;

  constructor(child: ChildProcess, verbose: boolean) {
    this.child = child;
    if (child.stdout === null || child.stderr === null || child.stdin === null) {
      throw new Error('kube-env: spawned without pipes');
    }
    this.lines = createInterface({ input: child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]();
    const stderr = createInterface({ input: child.stderr, crlfDelay: Infinity });
    stderr.on('line', (line) => {
      if (verbose) process.stderr.write(`${line}\n`);
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    });
    // Writing to the stdin of a launcher that already exited must not crash the parent.
    child.stdin.on('error', () => undefined);
    // After a failed spawn only 'error' is emitted; either way the process is gone once its stderr is drained,
    // so the stderr tail of a failure report is complete.
    const gone = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    this.exited = Promise.all([gone, once(stderr, 'close')]).then(() => undefined);
    this.spawnFailed = once(child, 'error').then(([err]) => {
      throw this.failure(`kube-env could not be started: ${(err as Error).message}`);
    });
    this.spawnFailed.catch(() => undefined); // observed through next(); never an unhandled rejection
  }

  /** Waits for the next message; the launcher exiting, an `error` event or the timeout reject with stderr's tail. */
  async next(what: string, timeoutMs: number): Promise<LauncherMessage> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.failure(`kube-env: timed out after ${timeoutMs} ms while ${what}`)), timeoutMs);
    });
    try {
      const line = await Promise.race([this.lines.next(), this.spawnFailed, timeout]);
      if (line.done === true) {
        await this.exited;
        const { exitCode, signalCode } = this.child;
        throw this.failure(`kube-env exited (${signalCode ?? `code ${exitCode}`}) while ${what}`);
      }
      const msg = parseMessage(line.value);
      if (msg.kind === 'error') throw this.failure(`kube-env failed while ${what}: ${msg.message}`);
      return msg;
    } finally {
      clearTimeout(timer);
    }
  }

  failure(message: string): Error {
    const tail = this.stderrTail.join('\n');
    return new Error(tail === '' ? message : `${message}\n--- kube-env stderr (last lines) ---\n${tail}`);
  }

  /** Closes stdin, the launcher's stop signal; kills it if it has not stopped in time. */
  close(): Promise<void> {
    this.closing ??= this.stopChild();
    return this.closing;
  }

  private async stopChild(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    this.child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
    });
    const result = await Promise.race([this.exited, deadline]);
    clearTimeout(timer);
    if (result === 'timeout') {
      // SIGKILL on the launcher still ends etcd and the apiserver: they run with a parent-death signal.
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

function parseMessage(line: string): LauncherMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`kube-env printed a line that is not JSON: ${line}`);
  }
  const msg = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof msg.kubeconfig === 'string' && typeof msg.host === 'string') {
    return { kind: 'ready', kubeconfig: msg.kubeconfig, host: msg.host };
  }
  if (msg.event === 'restarted') return { kind: 'restarted' };
  if (msg.event === 'error') return { kind: 'error', message: String(msg.message) };
  throw new Error(`kube-env printed an unknown message: ${line}`);
}
