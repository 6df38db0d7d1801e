import { randomUUID } from 'node:crypto';
import { json, type ArmRequest, type ArmResponse, type EngineCore, type EngineSettings, type RequestContext } from './core.ts';
import { ArmError, badRequest } from './errors.ts';
import { FaultInjector, type FaultTarget } from './faults.ts';
import { OperationTable } from './operations.ts';
import { completeOperation, pollResponse } from './lro.ts';
import { RequestLog } from './request-log.ts';
import { handleAction, handleCollection, handleResource, methodNotAllowed } from './resource-handlers.ts';
import {
  RESOURCE_GROUP_TYPE,
  handleGenericList,
  handleResourceGroup,
  handleResourceGroups,
  handleSubscription,
} from './resource-groups.ts';
import { resolveRoute, type Route } from './router.ts';
import { Store } from './store.ts';
import { Throttler } from './throttle.ts';
import type { JsonObject, TypeDef } from './types.ts';

/** How long a finished operation stays pollable (a resumed poller may come back to it late). */
const FINISHED_OPERATION_TTL_MS = 6 * 3600_000;

export interface EngineOptions {
  throttling?: boolean;
  /** Clock and randomness, injectable for tests. */
  now?: () => number;
  random?: () => number;
}

/** The ARM emulator without its transport: routing, store, operations, errors, throttling, faults and the log. */
export class Engine implements EngineCore {
  readonly store = new Store();
  readonly ops = new OperationTable();
  readonly log = new RequestLog();
  readonly faults: FaultInjector;
  readonly throttler: Throttler;
  readonly settings: EngineSettings;
  readonly #types = new Map<string, TypeDef>();
  readonly #now: () => number;

  constructor(settings: EngineSettings, defs: readonly TypeDef[], opts: EngineOptions = {}) {
    this.settings = settings;
    this.#now = opts.now ?? Date.now;
    this.faults = new FaultInjector(opts.random);
    this.throttler = new Throttler(opts.throttling ?? false);
    for (const def of defs) this.#types.set(def.type.toLowerCase(), def);
  }

  get subscriptionId(): string {
    return this.settings.subscriptionId;
  }

  get tenantId(): string {
    return this.settings.tenantId;
  }

  now(): number {
    return this.#now();
  }

  def(type: string): TypeDef | undefined {
    return this.#types.get(type.toLowerCase());
  }

  types(): TypeDef[] {
    return [...this.#types.values()];
  }

  removeTree(id: string): void {
    const root = this.store.get(id);
    for (const r of [...this.store.descendants(id), ...(root ? [root] : [])]) {
      if (!this.store.get(r.id)) continue;
      this.store.delete(r.id);
      this.def(r.type)?.onDeleted?.(r, this);
    }
  }

  /** Ends every operation whose time has come. Runs before each request, so no timer is needed. */
  settle(): void {
    for (const op of this.ops.due(this.now())) completeOperation(this, op);
    this.ops.prune(this.now(), FINISHED_OPERATION_TTL_MS);
  }

  handle(req: ArmRequest): ArmResponse {
    const started = performance.now();
    const requestId = randomUUID();
    const method = req.method.toUpperCase();
    const apiVersion = req.url.searchParams.get('api-version');
    this.settle();
    const route = resolveRoute(req.url.pathname, apiVersion, this.subscriptionId, (t) => this.def(t), this.ops);
    const type = routeType(route);
    const extraHeaders: Record<string, string> = {};
    let body: JsonObject | undefined;
    let response: ArmResponse;
    try {
      const target: FaultTarget = { method, path: req.url.pathname, type };
      response = this.#serve(req, method, apiVersion, route, target, extraHeaders, (b) => (body = b));
    } catch (e) {
      const err = e instanceof ArmError ? e : new ArmError(500, 'InternalServerError', `ARM emulator error: ${(e as Error).message}`);
      response = json(err.status, err.toBody(), err.headers);
    }
    const headers: Record<string, string> = {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': req.headers['x-ms-correlation-request-id'] ?? randomUUID(),
      'x-ms-routing-request-id': `EMULATOR:${new Date().toISOString().replace(/[-:.]/g, '')}:${requestId}`,
      date: new Date().toUTCString(),
      'cache-control': 'no-cache',
      pragma: 'no-cache',
      expires: '-1',
      ...(req.headers['x-ms-client-request-id'] ? { 'x-ms-client-request-id': req.headers['x-ms-client-request-id'] } : {}),
      ...extraHeaders,
      ...response.headers,
    };
    this.log.add({
      time: new Date().toISOString(),
      method,
      path: req.url.pathname,
      apiVersion: apiVersion ?? undefined,
      status: response.destroy ? 0 : response.status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...(type ? { type } : {}),
      requestId,
      ...(body !== undefined ? { body } : {}),
    });
    return { ...response, headers };
  }

  #serve(
    req: ArmRequest,
    method: string,
    apiVersion: string | null,
    route: Route | ArmError,
    target: FaultTarget,
    extraHeaders: Record<string, string>,
    recordBody: (b: JsonObject) => void,
  ): ArmResponse {
    if (!/^Bearer\s+\S/i.test(req.headers['authorization'] ?? '')) {
      throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    }
    const admitted = this.throttler.admit(this.subscriptionId, method, this.now());
    Object.assign(extraHeaders, admitted.headers);
    if (admitted.retryAfterSeconds !== undefined) throw throttled(this.subscriptionId, method, admitted.retryAfterSeconds);
    const fault = this.faults.take('request', target);
    if (fault?.kind === 'reset') return { status: 0, headers: {}, destroy: true };
    if (fault?.kind === 'http') {
      const code = fault.code ?? (fault.status === 429 ? 'SubscriptionRequestsThrottled' : fault.status >= 500 ? 'InternalServerError' : 'BadRequest');
      throw new ArmError(fault.status, code, fault.message ?? `Injected fault: ${code}.`, {
        headers: fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {},
      });
    }
    if (route instanceof ArmError) throw route;

    const origin = `${req.url.protocol}//${req.url.host}`;
    const parsedBody = parseBody(req.bodyText);
    if (parsedBody) recordBody(parsedBody);
    const rc: RequestContext = {
      core: this,
      method,
      url: req.url,
      origin,
      apiVersion: apiVersion ?? '',
      headers: req.headers,
      body: parsedBody,
      faultTarget: target,
    };
    if (route.kind === 'operation') {
      if (method !== 'GET') throw methodNotAllowed(method);
      return pollResponse(rc, route.op, route.which);
    }
    if (!apiVersion) {
      throw badRequest('MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    }
    if (route.kind === 'subscription') return handleSubscription(rc);
    const def = route.kind === 'resource' || route.kind === 'collection' || route.kind === 'action' ? route.def : this.def(RESOURCE_GROUP_TYPE)!;
    const allowed = route.kind === 'action' && route.action.apiVersions ? route.action.apiVersions : def.apiVersions;
    if (!allowed.includes(apiVersion)) throw noRegisteredProvider(def.type, apiVersion, allowed, parsedBody);

    switch (route.kind) {
      case 'resourceGroups':
        return handleResourceGroups(rc);
      case 'resourceGroup':
        return handleResourceGroup(rc, route.name, def);
      case 'genericList':
        return handleGenericList(rc, route.resourceGroup);
      case 'resource':
        return handleResource(rc, route);
      case 'collection':
        return handleCollection(rc, route);
      case 'action':
        return handleAction(rc, route);
    }
  }
}

function routeType(route: Route | ArmError): string | undefined {
  if (route instanceof ArmError) return undefined;
  switch (route.kind) {
    case 'resource':
    case 'collection':
    case 'action':
      return route.def.type;
    case 'operation':
      return route.op.type;
    case 'resourceGroup':
    case 'resourceGroups':
      return RESOURCE_GROUP_TYPE;
    default:
      return undefined;
  }
}

function parseBody(text: string): JsonObject | undefined {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw badRequest('InvalidRequestContent', `The request content was invalid and could not be deserialized: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('InvalidRequestContent', 'The request content was invalid and could not be deserialized: a JSON object is expected.');
  }
  return parsed as JsonObject;
}

function throttled(subscriptionId: string, method: string, retryAfterSeconds: number): ArmError {
  const kind = method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'delete' : 'write';
  return new ArmError(
    429,
    'SubscriptionRequestsThrottled',
    `Number of '${kind}' requests for subscription '${subscriptionId}' actor 'emulator' exceeded. ` +
      `Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. ` +
      'Refer to https://aka.ms/arm-throttling for additional information.',
    { headers: { 'retry-after': String(retryAfterSeconds) } },
  );
}

function noRegisteredProvider(type: string, apiVersion: string, allowed: readonly string[], body: JsonObject | undefined): ArmError {
  const location = typeof body?.['location'] === 'string' ? body['location'] : 'global';
  return badRequest(
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type ` +
      `'${type.split('/').slice(1).join('/')}'. The supported api-versions are '${allowed.join(', ')}'.`,
  );
}
