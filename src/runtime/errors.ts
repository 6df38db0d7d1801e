/**
 * Errors with meaning to the controller loop.
 *
 * Throwing from `reconcile` retries the key with per-key exponential backoff, except a TerminalError (anywhere in
 * the `cause` chain): the spec cannot succeed as written, so retrying only burns API quota. It is counted in
 * controller_runtime_terminal_reconcile_errors_total and not requeued; the next spec change (new generation),
 * the periodic resync, or a related-object change brings the key back.
 */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export function isTerminalError(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof TerminalError) return true;
  }
  return false;
}

/**
 * Why a reconcile's AbortSignal fired (`signal.reason`):
 * - `shutdown`: the process is stopping; wrap up, do not start new work.
 * - `leadership-lost`: another replica leads now; stop writing at once.
 * - `generation-changed`: the spec changed (or deletion started) during the reconcile; the key runs again next.
 * - `deleted`: the object is gone.
 * - `timeout`: the reconcile exceeded the configured bound; it is retried with backoff.
 */
export type AbortReason = 'shutdown' | 'leadership-lost' | 'generation-changed' | 'deleted' | 'timeout';

export class ReconcileAbortedError extends Error {
  readonly reason: AbortReason;

  constructor(reason: AbortReason) {
    super(`reconcile aborted: ${reason}`);
    this.name = 'ReconcileAbortedError';
    this.reason = reason;
  }
}

/** The abort reason of `signal`, if it was aborted by the controller runtime. */
export function abortReason(signal: AbortSignal): AbortReason | undefined {
  return signal.aborted && signal.reason instanceof ReconcileAbortedError ? signal.reason.reason : undefined;
}
