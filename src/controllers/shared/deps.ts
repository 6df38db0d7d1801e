// What every controller factory receives from the operator (src/operator.ts), and how it registers itself.
import type { ArmClients } from '../../azure/index.ts';
import type { OperatorConfig } from '../../config.ts';
import type { AdapterSet, RetryPolicy, SettlePolicy } from '../../plan/index.ts';
import { ItemBackoff } from '../../runtime/index.ts';
import type { Logger, Manager } from '../../runtime/index.ts';

export interface AzureContext {
  readonly clients: ArmClients;
  /** ARM adapters for the executor, bound to `clients`. */
  readonly adapters: AdapterSet;
  readonly subscriptionId: string;
  /** Azure AD tenant of the subscription (key vaults are bound to it). */
  readonly tenantId: string;
}

/** Executor settings; production uses the defaults, tests and the benchmark shorten the waits. */
export interface ExecutorTuning {
  readonly retry?: Partial<RetryPolicy>;
  readonly settle?: Partial<SettlePolicy>;
  /** Nodes of one graph worked on at once (default 16). */
  readonly maxConcurrency?: number;
  /** First delay before re-running a reconcile that is waiting on Azure; doubles up to 5 minutes. */
  readonly requeueBaseMs?: number;
}

export interface ControllerDeps {
  readonly manager: Manager;
  /** The operator's settings (src/config.ts), e.g. whether Secrets may be watched. */
  readonly config: OperatorConfig;
  readonly azure: AzureContext;
  readonly executor: ExecutorTuning;
  readonly logger: Logger;
}

export interface ControllerRegistration {
  readonly name: string;
  /** Adds the controller (and the watches it needs) to the manager; called before `manager.start()`. */
  register(deps: ControllerDeps): void;
}

/** Longest wait between two looks at Azure while an object is not done (or waits on another object). */
const MAX_REQUEUE_MS = 5 * 60_000;

/** Per-object requeue delays shared by the reconcilers: from `requeueBaseMs` (default 5 s), doubling to 5 minutes. */
export function requeueBackoff(deps: ControllerDeps): ItemBackoff<string> {
  const base = deps.executor.requeueBaseMs ?? 5_000;
  return new ItemBackoff({ baseMs: base, maxMs: Math.max(base, MAX_REQUEUE_MS) });
}
