// Command-line flags of `npm run local`.
import { parseArgs } from 'node:util';

export interface LocalOptions {
  /** Multiplies the emulator's realistic Azure durations, and the operator's waits with them. */
  timeScale: number;
  /** Apply the tutorial's SecureWorkspace, ImageBuildCompute and JumpBox (with its Secret). */
  samples: boolean;
  /** Keep the emulated Azure resources in .local/ across runs. */
  keepState: boolean;
  /** Copy etcd's and kube-apiserver's output to stderr. */
  verbose: boolean;
}

/**
 * 0.12 turns the tutorial's ~7.5 minutes of Azure time (the workspace's critical path, then Bastion) into under a
 * minute (53 s measured on 2 cores): slow enough to watch the resources come up in order, short enough to wait for.
 */
export const DEFAULT_TIME_SCALE = 0.12;

export const USAGE = `Usage: npm run local [-- options]

Starts a local Kubernetes control plane (etcd + kube-apiserver), the ARM emulator and the operator on this machine,
applies the tutorial's SecureWorkspace, ImageBuildCompute and JumpBox, and shows their progress until they are
Ready. It keeps running, so you can use kubectl against the local cluster, until Ctrl-C.

Options:
  --time-scale <x>  multiplies realistic Azure durations (default ${DEFAULT_TIME_SCALE}: about a minute in all;
                    1 is real Azure timing, 0 makes every operation instant)
  --no-samples      start the stack only; apply your own manifests with kubectl
  --keep-state      keep the emulated Azure resources in .local/emulator-state.json across runs
                    (the cluster itself always starts empty)
  --verbose         copy etcd's and kube-apiserver's output to stderr
  -h, --help        show this help`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `undefined` when --help was asked for. */
export function parseLocalOptions(argv: readonly string[]): LocalOptions | undefined {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'time-scale': { type: 'string' },
        'no-samples': { type: 'boolean' },
        'keep-state': { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values['help'] === true) return undefined;
  return {
    timeScale: parseTimeScale(values['time-scale'] as string | undefined),
    samples: values['no-samples'] !== true,
    keepState: values['keep-state'] === true,
    verbose: values['verbose'] === true,
  };
}

function parseTimeScale(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIME_SCALE;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--time-scale must be a number ≥ 0 (e.g. 0.2), got "${raw}"`);
  }
  return value;
}
