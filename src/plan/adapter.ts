// The contract between the generic executor and whatever talks to the cloud (src/azure implements it).
// Modelled on crossplane's ExternalClient (Observe/Create/Update/Delete): every call is idempotent, and a
// converged resource costs one read.

/** Per-call context: the executor's abort signal, to pass on to the SDK. */
export interface CallContext {
  readonly signal: AbortSignal;
}

export interface ResourceAdapter<Spec = unknown, Observed = unknown, Output = unknown> {
  /** The resource as it is, or undefined when it does not exist (404). */
  get(id: string, ctx: CallContext): Promise<Observed | undefined>;
  /**
   * Create or update and wait for the operation to finish (the SDK's poller). `observed` is the current resource,
   * undefined on create, so an adapter can keep fields owned by others (e.g. subnets of a VNet) or choose PATCH.
   */
  put(id: string, spec: Spec, observed: Observed | undefined, ctx: CallContext): Promise<Observed>;
  /** Delete and wait until it is gone; a resource already gone is success. */
  delete(id: string, ctx: CallContext): Promise<void>;
  /** Paths of the fields the operator owns that differ; empty means up to date. Never compares secrets. */
  diff(spec: Spec, observed: Observed, id: string): string[];
  /** ARM provisioningState; undefined counts as Succeeded (ARM: absent means Succeeded). */
  provisioningState(observed: Observed): string | undefined;
  /** What dependants need (ids, IPs, principal ids). Never a secret. */
  output(observed: Observed, id: string): Output;
}

export interface ActionCheck<Output = unknown> {
  /** The action's effect already holds (e.g. the VM is running): nothing to do. */
  readonly done: boolean;
  /** The effect is being reached by an operation already running (e.g. 'PowerState/starting'): wait, don't call. */
  readonly inProgress?: boolean;
  readonly output?: Output;
  /** Human-readable current state, for messages. */
  readonly detail?: string;
}

export interface ActionAdapter<Params = unknown, Output = unknown> {
  check(id: string, params: Params, ctx: CallContext): Promise<ActionCheck<Output>>;
  /** Start the action (and wait for its operation when the API offers one). */
  run(id: string, params: Params, ctx: CallContext): Promise<void>;
}

/**
 * How the executor treats a failure:
 * - not-found: the resource is not there (a 404 where one was not expected);
 * - throttled: 429, retry after `retryAfterMs`;
 * - transient: 5xx, connection reset, timeout: retry with backoff;
 * - conflict: another operation holds the resource (409 AnotherOperationInProgress, InUse…): wait and retry;
 * - dependency: something it needs is missing (parent or resource group not found): retry, report Waiting;
 * - terminal: retrying cannot help (validation, authorization, quota): the branch stops, the object is Stalled;
 * - aborted: the caller's signal fired.
 */
export type ErrorKind = 'not-found' | 'throttled' | 'transient' | 'conflict' | 'dependency' | 'terminal' | 'aborted';

export interface ClassifiedError {
  readonly kind: ErrorKind;
  /** ARM error code when known (e.g. 'AuthorizationFailed'), else a stable code of ours. */
  readonly code: string;
  readonly message: string;
  readonly statusCode?: number;
  readonly retryAfterMs?: number;
}

/** Everything the executor needs from the cloud side, looked up by the node's `adapter ?? type`. */
export interface AdapterSet {
  resource(key: string): ResourceAdapter | undefined;
  action(key: string): ActionAdapter | undefined;
  classifyError(err: unknown): ClassifiedError;
}
