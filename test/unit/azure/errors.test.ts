import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { AdapterError, classifyArmError, retryAfterMs } from '../../../src/azure/errors.ts';

function restError(statusCode: number | undefined, code: string | undefined, headers: Record<string, string> = {}) {
  const request = createPipelineRequest({ url: 'https://management.azure.com/subscriptions/s/resourceGroups/rg', method: 'PUT' });
  const response = statusCode === undefined ? undefined : { request, status: statusCode, headers: createHttpHeaders(headers) };
  return new RestError(`${code ?? 'no code'} happened`, {
    ...(code === undefined ? {} : { code }),
    ...(statusCode === undefined ? {} : { statusCode }),
    request,
    ...(response ? { response } : {}),
  });
}

describe('classifyArmError: RestError', () => {
  it.each([
    [404, 'ResourceNotFound', 'not-found'],
    [404, 'ResourceGroupNotFound', 'dependency'],
    [404, 'ParentResourceNotFound', 'dependency'],
    [400, 'PrincipalNotFound', 'dependency'],
    [429, 'SubscriptionRequestsThrottled', 'throttled'],
    [429, 'RetryableErrorDueToAnotherOperation', 'throttled'],
    [500, 'InternalServerError', 'transient'],
    [502, undefined, 'transient'],
    [503, 'ServiceUnavailable', 'transient'],
    [408, 'RequestTimeout', 'transient'],
    [501, 'NotImplemented', 'terminal'],
    [409, 'AnotherOperationInProgress', 'conflict'],
    [409, 'Conflict', 'conflict'],
    [412, 'PreconditionFailed', 'conflict'],
    [400, 'InUseSubnetCannotBeDeleted', 'conflict'],
    [409, 'InUseNetworkSecurityGroupCannotBeDeleted', 'conflict'],
    [400, 'InvalidResourceReference', 'terminal'],
    [400, 'LinkedInvalidPropertyId', 'terminal'],
    [400, 'InvalidRequestContent', 'terminal'],
    [403, 'AuthorizationFailed', 'terminal'],
    [403, 'LinkedAuthorizationFailed', 'terminal'],
    [401, 'InvalidAuthenticationToken', 'terminal'],
    [409, 'QuotaExceeded', 'terminal'],
    [409, 'OperationNotAllowed', 'terminal'],
    [409, 'StorageAccountAlreadyTaken', 'terminal'],
    [409, 'MissingSubscriptionRegistration', 'terminal'],
    [409, 'ConflictError', 'terminal'],
    [400, 'SomethingNobodyListed', 'terminal'],
  ] as const)('%i %s → %s', (status, code, kind) => {
    const c = classifyArmError(restError(status, code));
    expect(c.kind).toBe(kind);
    expect(c.code).toBe(code ?? `Http${status}`);
    expect(c.statusCode).toBe(status);
    expect(c.message).toBe(`${code ?? 'no code'} happened`);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'REQUEST_SEND_ERROR'])('connection failure %s is transient', (code) => {
    expect(classifyArmError(restError(undefined, code))).toMatchObject({ kind: 'transient', code });
  });

  it('carries Retry-After (seconds) on throttling', () => {
    expect(classifyArmError(restError(429, 'SubscriptionRequestsThrottled', { 'retry-after': '7' }))).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 7000,
    });
  });

  it('prefers retry-after-ms and ignores Retry-After on terminal errors', () => {
    expect(classifyArmError(restError(503, 'ServiceUnavailable', { 'retry-after-ms': '250', 'retry-after': '9' })).retryAfterMs).toBe(250);
    expect(classifyArmError(restError(400, 'BadRequest', { 'retry-after': '9' })).retryAfterMs).toBeUndefined();
  });
});

describe('classifyArmError: other errors', () => {
  it.each([
    ['The long-running operation has failed. InternalServerError. boom', 'transient', 'InternalServerError', 'boom'],
    ['The long-running operation has failed. QuotaExceeded. Not enough cores. Ask for more.', 'terminal', 'QuotaExceeded', 'Not enough cores. Ask for more.'],
    ['The long-running operation has failed. AnotherOperationInProgress. busy', 'conflict', 'AnotherOperationInProgress', 'busy'],
    ['The long-running operation has failed', 'terminal', 'LongRunningOperationFailed', 'The long-running operation has failed'],
  ])('LRO failure %j', (message, kind, code, text) => {
    expect(classifyArmError(new Error(message))).toEqual({ kind, code, message: text });
  });

  it('treats a canceled operation as transient', () => {
    expect(classifyArmError(new Error('Operation was canceled'))).toMatchObject({ kind: 'transient', code: 'OperationCanceled' });
  });

  it('recognises our abort and our own adapter errors', () => {
    expect(classifyArmError(new DOMException('The operation was aborted.', 'AbortError')).kind).toBe('aborted');
    expect(classifyArmError(new AdapterError('ImmutableFieldChanged', 'location cannot change'))).toEqual({
      kind: 'terminal',
      code: 'ImmutableFieldChanged',
      message: 'location cannot change',
    });
    expect(classifyArmError(new AdapterError('ResourceGroupNotEmpty', 'x', 'conflict')).kind).toBe('conflict');
  });

  it('treats programming errors as terminal, naming them', () => {
    expect(classifyArmError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toEqual({
      kind: 'terminal',
      code: 'UnexpectedError',
      message: "TypeError: Cannot read properties of undefined (reading 'id')",
    });
    expect(classifyArmError('a string')).toMatchObject({ kind: 'terminal', code: 'UnknownError' });
  });
});

describe('retryAfterMs', () => {
  const headers = (h: Record<string, string>) => createHttpHeaders(h);
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0' }, 0],
    [{ 'x-ms-retry-after-ms': '1500' }, 1500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, 10_000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s', (h, ms) => {
    expect(retryAfterMs(headers(h), Date.parse('Thu, 01 Jan 2026 00:00:00 GMT'))).toBe(ms);
  });
});
