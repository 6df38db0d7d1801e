import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../../support/example-operator.ts', import.meta.url));

export interface LogLine {
  at: number;
  msg: string;
  [key: string]: unknown;
}

/** One replica of the example operator as a child process, with its JSON log lines collected. */
export class OperatorProcess {
  readonly name: string;
  readonly lines: LogLine[] = [];
  readonly #child: ChildProcess;
  readonly #stderr: string[] = [];
  readonly #exit: Promise<number | null>;

  constructor(name: string, args: string[]) {
    this.name = name;
    this.#child = spawn(process.execPath, [ENTRY, `--pod-name=${name}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      try {
        this.lines.push({ ...(JSON.parse(line) as LogLine), at: performance.now() });
      } catch {
        this.#stderr.push(line);
      }
    });
    createInterface({ input: this.#child.stderr! }).on('line', (line) => this.#stderr.push(line));
    this.#exit = once(this.#child, 'exit').then(([code]) => code as number | null);
  }

  /** The Lease identity it logged at start, once it has started. */
  get identity(): string | undefined {
    return this.lines.find((l) => l.msg === 'operator started')?.['identity'] as string | undefined;
  }

  /** When it logged `msg` first (performance.now() of this process), if it did. */
  loggedAt(msg: string): number | undefined {
    return this.lines.find((l) => l.msg === msg)?.at;
  }

  get exitCode(): number | null {
    return this.#child.exitCode;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  exited(): Promise<number | null> {
    return this.#exit;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 30_000): Promise<number | null> {
    if (!this.running) return this.#child.exitCode;
    this.#child.kill('SIGCONT');
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    const code = await this.#exit;
    clearTimeout(timer);
    return code;
  }

  /** Recent stderr and non-JSON output, for failure messages. */
  diagnostics(): string {
    return [`--- ${this.name} stderr ---`, ...this.#stderr.slice(-30)].join('\n');
  }
}
