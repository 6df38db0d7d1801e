// A POST action at an api-version no installed SDK offers (provisionManagedNetwork, 2024-04-01), sent through an
// existing client's pipeline so it gets the same credential, TLS trust, retries and metrics. Follows ARM's async
// patterns (Azure-AsyncOperation, then Location) and fails the same way the SDK does, so errors.ts classifies it.
import { setTimeout as sleep } from 'node:timers/promises';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { Pipeline, PipelineResponse } from '@azure/core-rest-pipeline';
import { retryAfterMs } from './errors.ts';

const httpClient = createDefaultHttpClient();

export interface RawActionOptions {
  readonly abortSignal: AbortSignal;
  /** Poll interval when ARM sends no Retry-After; default 2 s like the SDK. */
  readonly updateIntervalInMs?: number;
}

function restError(response: PipelineResponse): RestError {
  let code: string | undefined;
  let message = `ARM answered ${response.status} to ${response.request.method} ${new URL(response.request.url).pathname}`;
  try {
    const body = JSON.parse(response.bodyAsText ?? '') as { error?: { code?: string; message?: string } };
    code = body.error?.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not JSON: keep the status-based message.
  }
  return new RestError(message, { statusCode: response.status, response, ...(code ? { code } : {}) });
}

async function send(pipeline: Pipeline, method: 'GET' | 'POST', url: string, body: unknown, signal: AbortSignal) {
  const request = createPipelineRequest({
    url,
    method,
    abortSignal: signal,
    headers: createHttpHeaders({ accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const response = await pipeline.sendRequest(httpClient, request);
  if (response.status >= 400) throw restError(response);
  return response;
}

/** POSTs `body` to `url` (absolute, with api-version) and waits until the operation it starts has finished. */
export async function postArmAction(pipeline: Pipeline, url: string, body: unknown, opts: RawActionOptions): Promise<void> {
  let response = await send(pipeline, 'POST', url, body, opts.abortSignal);
  const statusUrl = response.headers.get('azure-asyncoperation') ?? response.headers.get('operation-location');
  const locationUrl = response.headers.get('location');
  if (response.status !== 202 && statusUrl === undefined) return;
  const pollUrl = statusUrl ?? locationUrl;
  if (pollUrl === undefined) return;
  for (;;) {
    await sleep(retryAfterMs(response.headers) || (opts.updateIntervalInMs ?? 2_000), undefined, { signal: opts.abortSignal });
    response = await send(pipeline, 'GET', pollUrl, undefined, opts.abortSignal);
    if (statusUrl === undefined) {
      if (response.status !== 202) return;
      continue;
    }
    const status = (JSON.parse(response.bodyAsText ?? '{}') as { status?: string; error?: { code?: string; message?: string } });
    const state = status.status?.toLowerCase() ?? '';
    if (state === 'succeeded') return;
    if (state === 'failed' || state === 'canceled' || state === 'cancelled') {
      const detail = status.error?.code ? `. ${status.error.code}. ${status.error.message ?? ''}` : '';
      throw new Error(`The long-running operation has failed${detail}`);
    }
  }
}
