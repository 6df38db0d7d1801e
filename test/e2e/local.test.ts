/**
 * `npm run local` as a user meets it: started as a child process in its own process group (as a terminal runs
 * it), its output read until the ready line, kubectl pointed at the KUBECONFIG it printed, then Ctrl-C (SIGINT
 * to the whole group, which is what a terminal sends) and a check that every process it started is gone.
 * It starts a control plane of its own, so there is only this one test of the kind.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runKubectl } from '../support/kube.ts';
import { descendants, isAlive } from './process-tree.ts';
import type { ProcInfo } from './process-tree.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_LINE = /^All 3 resources are Ready, /m;
const READY_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 90_000;

/** Everything the child printed so far (stdout and stderr interleaved), and a way to wait for a pattern in it. */
class Transcript {
  text = '';
  readonly #waiters: Array<() => void> = [];

  constructor(child: ChildProcess) {
    const add = (chunk: Buffer): void => {
      this.text += chunk.toString('utf8');
      for (const wake of this.#waiters.splice(0)) wake();
    };
    child.stdout?.on('data', add);
    child.stderr?.on('data', add);
    child.once('exit', () => {
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  async waitFor(pattern: RegExp, child: ChildProcess, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.text.match(pattern);
      if (match) return match;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`npm run local exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${this.text}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.text}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1_000));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    const timer = setTimeout(() => reject(new Error(`npm run local still running ${timeoutMs} ms after SIGINT`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe('npm run local', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'secureml-local-e2e-'));
  let child: ChildProcess | undefined;
  let started: ProcInfo[] = [];

  afterAll(() => {
    // Only when an assertion failed half-way: never leave a control plane behind for the next test run.
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    for (const p of started) if (isAlive(p)) process.kill(p.pid, 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('shows progress until the tutorial is Ready, answers kubectl, and stops everything on Ctrl-C', async () => {
    const proc = spawn('npm', ['run', 'local', '--', '--time-scale', '0.05'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SECUREML_LOCAL_DIR: stateDir },
    });
    child = proc;
    const out = new Transcript(proc);

    await out.waitFor(READY_LINE, proc, READY_TIMEOUT_MS);
    const [, kubeconfig = ''] = await out.waitFor(/export KUBECONFIG=(\S+)/, proc, 30_000);
    await out.waitFor(/Ctrl-C stops everything\.$/m, proc, 30_000);

    // Progress was shown as it happened (not a silent wait): the workspace was seen not yet Ready, part way through.
    expect(out.text).toMatch(/\] SecureWorkspace\/ml-secure Ready=False \S+ \d+\/\d+/);
    expect(out.text).toMatch(/\] SecureWorkspace\/ml-secure event NetworkReady: /);
    expect(out.text).toContain('$ kubectl describe secureworkspace ml-secure');
    expect(kubeconfig).toBe(join(stateDir, 'kubeconfig'));

    const get = await runKubectl(kubeconfig, ['get', 'secureworkspaces,imagebuildcomputes,jumpboxes', '-n', 'default']);
    expect(get.stderr).toBe('');
    const rows = get.stdout.split('\n').filter((l) => /^(secureworkspace|imagebuildcompute|jumpbox)\./.test(l));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['secureworkspace.secureml.io/ml-secure', 'True'],
      ['imagebuildcompute.secureml.io/ml-secure-imagebuild', 'True'],
      ['jumpbox.secureml.io/ml-secure-jumpbox', 'True'],
    ]);

    const described = await runKubectl(kubeconfig, ['describe', 'secureworkspace', 'ml-secure', '-n', 'default']);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/Type:\s+Ready\n(?:\s+\S.*\n)*?\s+Status:\s+True/);
    // The host name → private IP table the tutorial has users copy by hand, one row per FQDN.
    expect(described.stdout).toMatch(/Private Endpoints:\n\s+Fqdn:\s+\S+\.blob\.core\.windows\.net\n\s+Ip:\s+172\.16\.\d+\.\d+/);
    expect(described.stdout).toMatch(/Fqdn:\s+\S+\.vault\.azure\.net\n\s+Ip:\s+172\.16\.\d+\.\d+/);
    expect(described.stdout).toMatch(/Fqdn:\s+\S+\.api\.azureml\.ms\n\s+Ip:\s+172\.16\.\d+\.\d+/);

    started = descendants(proc.pid!);
    const commands = started.map((p) => p.command);
    expect(commands.some((c) => c.includes('src/local/main.ts'))).toBe(true);
    expect(commands.some((c) => c.includes('kube-apiserver'))).toBe(true);
    expect(commands.some((c) => c.includes('etcd'))).toBe(true);

    process.kill(-proc.pid!, 'SIGINT');
    const ended = await exited(proc, STOP_TIMEOUT_MS);
    // npm waits for the script, then re-raises the SIGINT it got on itself, as a shell reports an interrupt.
    expect([{ code: 0, signal: null }, { code: null, signal: 'SIGINT' }]).toContainEqual(ended);
    // Printed right before exit(0), once the operator, emulator and control plane all stopped without error.
    expect(out.text).toMatch(/^Stopped in \d+\.\ds\.$/m);
    expect(out.text).not.toMatch(/stopping failed|npm run local failed|npm error/);
    expect(started.filter(isAlive).map((p) => `${p.pid} ${p.command}`)).toEqual([]);
    expect(existsSync(kubeconfig)).toBe(false);
  });
});
