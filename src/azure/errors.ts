// The one place where ARM failures are classified. Inputs seen in practice (reference §3–§5):
// - RestError from both SDK generations: `statusCode`, `code` (ARM error code from the body, or a Node error code
//   such as ECONNRESET / REQUEST_SEND_ERROR), `response.headers` (Retry-After);
// - a plain Error("The long-running operation has failed. <code>. <message>") when an LRO ends Failed;
// - Error("Operation was canceled") when an LRO ends Canceled;
// - AbortError when our signal fired; AdapterError raised by our own adapters.
import { isRestError } from '@azure/arm-resources';
import type { ClassifiedError, ErrorKind } from '../plan/index.ts';

/** An error an adapter raises itself (e.g. an immutable field changed), already classified. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  readonly code: string;
  readonly kind: ErrorKind;
  constructor(code: string, message: string, kind: ErrorKind = 'terminal') {
    super(message);
    this.code = code;
    this.kind = kind;
  }
}

/** Codes that mean "retrying cannot help" even under a status that is usually retryable (409, 429). */
const TERMINAL_CODES = new Set(
  [
    'AuthorizationFailed',
    'LinkedAuthorizationFailed',
    'InvalidAuthenticationToken',
    'InvalidResourceReference',
    'LinkedInvalidPropertyId',
    'InvalidRequestContent',
    'InvalidParameter',
    'BadRequest',
    'QuotaExceeded',
    'OperationNotAllowed',
    'ResourceQuotaExceeded',
    'SkuNotAvailable',
    'RequestDisallowedByPolicy',
    'MissingSubscriptionRegistration',
    'StorageAccountAlreadyTaken',
    'VaultAlreadyExists',
    // Key Vault: a soft-deleted vault holds the name, or purge protection forbids the purge.
    'ConflictError',
    'AlreadyInUse',
    'RoleAssignmentUpdateNotPermitted',
  ].map((c) => c.toLowerCase()),
);

/** Codes for "another operation holds this resource" or "something still uses it": wait, then retry. */
const CONFLICT_CODES = new Set(
  [
    'AnotherOperationInProgress',
    'RetryableErrorDueToAnotherOperation',
    'OperationPreempted',
    'Conflict',
    'PreconditionFailed',
    'InUseSubnetCannotBeDeleted',
    'InUseNetworkSecurityGroupCannotBeDeleted',
    'InUseVirtualNetworkCannotBeDeleted',
    'InUsePublicIpAddressCannotBeDeleted',
    'NicInUse',
    'CannotDeleteResource',
    'PrivateEndpointCannotBeDeletedWhileProvisioning',
  ].map((c) => c.toLowerCase()),
);

/**
 * Codes for "something this resource needs is not there (yet)". PrincipalNotFound: a new managed identity takes a
 * while to replicate in Entra ID before a role can be assigned to it.
 */
const DEPENDENCY_CODES = new Set(['ResourceGroupNotFound', 'ParentResourceNotFound', 'PrincipalNotFound'].map((c) => c.toLowerCase()));

/** Codes an LRO can fail with that a retry may fix (no HTTP status comes with an LRO failure). */
const TRANSIENT_CODES = new Set(
  [
    'InternalServerError',
    'InternalError',
    'ServiceUnavailable',
    'GatewayTimeout',
    'RetryableError',
    'OperationTimedOut',
    'ResourceNotReady',
    'OperationCanceled',
  ].map((c) => c.toLowerCase()),
);

/** Node/undici error codes for a lost connection. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'REQUEST_SEND_ERROR',
]);

const LRO_FAILED = /^The long-running operation has failed(?:\.\s+([^.\s]+)\.\s+([\s\S]*))?$/;

function kindOfCode(code: string): ErrorKind | undefined {
  const c = code.toLowerCase();
  if (TERMINAL_CODES.has(c)) return 'terminal';
  if (CONFLICT_CODES.has(c)) return 'conflict';
  if (DEPENDENCY_CODES.has(c)) return 'dependency';
  if (TRANSIENT_CODES.has(c)) return 'transient';
  return undefined;
}

function kindOfStatus(status: number): ErrorKind {
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status === 408 || (status >= 500 && status !== 501 && status !== 505)) return 'transient';
  if (status === 409 || status === 412) return 'conflict';
  return 'terminal';
}

/** Retry-After in ms from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date). */
export function retryAfterMs(headers: { get(name: string): string | undefined } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(name));
    if (headers.get(name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headers.get('retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function fromRestError(err: Error & { code?: string; statusCode?: number; response?: { headers: { get(n: string): string | undefined } } }): ClassifiedError {
  const status = err.statusCode;
  const code = err.code ?? (status === undefined ? 'RequestFailed' : `Http${status}`);
  const retryAfter = retryAfterMs(err.response?.headers);
  const message = err.message || code;
  const base = { code, message, ...(status === undefined ? {} : { statusCode: status }) };
  if (status === undefined) {
    return { ...base, kind: NETWORK_CODES.has(code) ? 'transient' : (kindOfCode(code) ?? 'transient') };
  }
  if (status === 429) {
    // Network answers 429 RetryableErrorDueToAnotherOperation when another operation holds the resource.
    return { ...base, kind: 'throttled', ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) };
  }
  const kind = kindOfCode(code) ?? kindOfStatus(status);
  return { ...base, kind, ...(retryAfter !== undefined && kind !== 'terminal' ? { retryAfterMs: retryAfter } : {}) };
}

export function classifyArmError(err: unknown): ClassifiedError {
  if (err instanceof AdapterError) return { kind: err.kind, code: err.code, message: err.message };
  if (err instanceof Error && err.name === 'AbortError') return { kind: 'aborted', code: 'Aborted', message: err.message };
  if (isRestError(err)) return fromRestError(err);
  if (!(err instanceof Error)) return { kind: 'terminal', code: 'UnknownError', message: String(err) };
  const lro = LRO_FAILED.exec(err.message);
  if (lro) {
    const code = lro[1] ?? 'LongRunningOperationFailed';
    const message = lro[2]?.trim() || err.message;
    return { kind: kindOfCode(code) ?? 'terminal', code, message };
  }
  if (err.message === 'Operation was canceled' || err.name === 'PollerCancelledError') {
    // Someone canceled the operation in ARM; the next attempt re-observes and decides again.
    return { kind: 'transient', code: 'OperationCanceled', message: 'the ARM operation was canceled' };
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return { kind: 'transient', code, message: err.message };
  return { kind: 'terminal', code: 'UnexpectedError', message: `${err.name}: ${err.message}` };
}
