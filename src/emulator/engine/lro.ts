import type { ArmResponse, EngineCore, RequestContext } from './core.ts';
import { json } from './core.ts';
import { readyAfterMs } from './latency.ts';
import { DEFAULT_OPERATION_URLS, operationPaths, type Operation } from './operations.ts';
import { renderResource, setProvisioningState } from './render.ts';
import type { AsyncPattern, TypeDef } from './types.ts';

export interface BeginArgs {
  resourceId: string;
  def: TypeDef;
  verb: Operation['verb'];
  pattern: AsyncPattern;
  /** Key in the latency table (put, patch, delete or the action name). */
  durationVerb: string;
  location: string;
  resourceGroup: string | undefined;
  action?: string;
  actionRequest?: Record<string, unknown>;
  /** Explicit paths for operations outside a provider (resource group delete). */
  paths?: { statusPath?: string; resultPath?: string };
}

/** Registers a running operation; an `lro-*` fault rule matching the request decides now how it will end. */
export function beginOperation(rc: RequestContext, a: BeginArgs): Operation {
  const { core } = rc;
  const now = core.now();
  const paths =
    a.paths ??
    operationPaths(a.def.operationUrls ?? DEFAULT_OPERATION_URLS, core.subscriptionId, a.resourceGroup, a.location, 'OPID');
  const fault = core.faults.take('lro', rc.faultTarget);
  const op = core.ops.create({
    resourceId: a.resourceId,
    type: a.def.type,
    verb: a.verb,
    ...(a.action ? { action: a.action } : {}),
    ...(a.actionRequest ? { actionRequest: a.actionRequest } : {}),
    apiVersion: rc.apiVersion,
    pattern: a.pattern,
    startTime: now,
    readyAt: now + readyAfterMs(core.settings.latency, core.settings.timeScale, a.def.type, a.durationVerb),
    ...(fault && fault.kind !== 'http' && fault.kind !== 'reset'
      ? {
          outcome:
            fault.kind === 'lro-canceled'
              ? { status: 'Canceled' as const, code: fault.code ?? 'OperationCanceled', message: fault.message ?? 'The operation was canceled.' }
              : {
                  status: 'Failed' as const,
                  code: fault.code ?? 'InternalServerError',
                  message: fault.message ?? 'The operation failed because of an internal error (injected fault).',
                },
        }
      : {}),
  });
  if (paths.statusPath) op.statusPath = paths.statusPath.replace('OPID', op.id);
  if (paths.resultPath) op.resultPath = paths.resultPath.replace('OPID', op.id);
  core.store.changed();
  return op;
}

const urlOf = (origin: string, path: string, op: Operation, extraQuery?: string): string =>
  `${origin}${path}?${extraQuery ? extraQuery + '&' : ''}api-version=${op.apiVersion}`;

function operationHeaders(rc: RequestContext, op: Operation, which: 'status' | 'result' | 'both'): Record<string, string> {
  const headers: Record<string, string> = {};
  const style = rc.core.def(op.type)?.operationUrls;
  if (op.statusPath && which !== 'result') headers['azure-asyncoperation'] = urlOf(rc.origin, op.statusPath, op);
  if (op.resultPath && which !== 'status') headers['location'] = urlOf(rc.origin, op.resultPath, op, style?.query);
  if (rc.core.settings.retryAfterSeconds > 0 && op.status === 'InProgress') {
    headers['retry-after'] = String(rc.core.settings.retryAfterSeconds);
  }
  return headers;
}

/** The first answer to a write that started `op`, per the provider's pattern (reference §6). */
export function initialResponse(rc: RequestContext, op: Operation, created: boolean, body: unknown): ArmResponse {
  const writesBody = op.verb === 'put' || op.verb === 'patch';
  switch (op.pattern) {
    case 'async-operation':
      return writesBody
        ? json(created ? 201 : 200, body, operationHeaders(rc, op, 'status'))
        : json(202, undefined, operationHeaders(rc, op, 'both'));
    case 'private-dns':
      return json(202, writesBody ? {} : undefined, operationHeaders(rc, op, 'both'));
    case 'location':
      return json(202, undefined, operationHeaders(rc, op, 'result'));
    case 'body':
    case 'sync':
      return json(200, body);
  }
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Answers a poll of the status monitor or the result URL. */
export function pollResponse(rc: RequestContext, op: Operation, which: 'status' | 'result'): ArmResponse {
  if (which === 'status') {
    const body = {
      id: op.statusPath,
      name: op.id,
      status: op.status,
      startTime: iso(op.startTime),
      ...(op.endTime !== undefined ? { endTime: iso(op.endTime) } : {}),
      ...(op.error ? { error: { ...op.error, details: [] } } : {}),
    };
    const inProgress = op.status === 'InProgress';
    // Private DNS re-sends both operation headers with each 202, and none with the final answer.
    if (op.pattern === 'private-dns') return json(inProgress ? 202 : 200, body, inProgress ? operationHeaders(rc, op, 'both') : {});
    return json(200, body, inProgress ? operationHeaders(rc, op, 'status') : {});
  }
  if (op.status === 'InProgress') return json(202, undefined, operationHeaders(rc, op, 'result'));
  if (op.status === 'Succeeded') return json(200, op.result);
  // A failed operation answers its error with a 4xx: a 5xx here would only make the SDK retry the poll.
  return json(400, { error: { ...(op.error ?? { code: 'Failed', message: 'The operation failed.' }), details: [] } });
}

/** Ends an operation: applies the write, delete or action (or the injected failure) to the store. */
export function completeOperation(core: EngineCore, op: Operation): void {
  const outcome = op.outcome;
  const resource = core.store.get(op.resourceId);
  const def = core.def(op.type);
  op.status = outcome?.status ?? 'Succeeded';
  op.endTime = core.now();
  if (outcome) op.error = { code: outcome.code, message: outcome.message };

  if (op.verb === 'delete') {
    if (!resource) return;
    if (outcome) {
      if (def?.states) setProvisioningState(resource, 'Failed');
      core.store.changed();
    } else {
      core.removeTree(op.resourceId);
    }
    return;
  }
  if (!resource) return;
  if (op.verb === 'action') {
    const action = op.action ? def?.actions?.[op.action] : undefined;
    if (!outcome && action?.complete) {
      op.result = action.complete({
        world: core,
        resource,
        apiVersion: op.apiVersion,
        request: op.actionRequest ?? {},
        query: new URLSearchParams(),
      });
    }
    core.store.changed();
    return;
  }
  if (def?.states) setProvisioningState(resource, outcome ? (outcome.status === 'Canceled' ? 'Canceled' : 'Failed') : 'Succeeded');
  op.result = renderResource(core, resource);
  core.store.changed();
}
