import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import { HttpMethod, RequestContext } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { Agent, fetch } from 'undici';
import type { Dispatcher, Response } from 'undici';

/**
 * Raw JSON requests to the kube-apiserver, authenticated through a KubeConfig.
 *
 * Why not the generated client-node APIs: the runtime works on any resource by {group, version, plural} (core
 * Secrets as well as CRDs), it needs the HTTP status and the Status body on failure (410 Gone, 409 Conflict), and it
 * needs per-request AbortSignals (lease renewals must not outlive the renew deadline).
 *
 * Transport: one undici Agent speaking HTTP/1.1 only. client-node's dispatcher lets undici negotiate HTTP/2, which
 * multiplexes every request over one TCP connection; when that connection goes half-open (a NAT or load balancer
 * forgets it) every watch, list, lease renewal and write hangs together, and aborting a stale watch only resets
 * its stream on the same dead connection. Over HTTP/1.1 each watch has its own connection, and aborting a request
 * (the watchdog, a timeout) destroys that socket, so the next attempt dials afresh.
 */

export type PatchType = 'merge' | 'json' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  patchType?: PatchType;
  signal?: AbortSignal;
  /** Overrides `application/json`, e.g. to ask for PartialObjectMetadata. */
  accept?: string;
}

/** Bound on any non-watch request, so a dead connection cannot hold a reconcile forever. */
const REQUEST_TIMEOUT_MS = 60_000;

/** A non-2xx answer. `reason` is the Kubernetes Status reason (NotFound, Conflict, Expired, …) when present. */
export class KubeApiError extends Error {
  readonly statusCode: number;
  readonly reason: string | undefined;
  readonly body: unknown;

  constructor(method: string, path: string, statusCode: number, body: unknown) {
    const status = isStatus(body) ? body : undefined;
    super(`${method} ${path}: ${statusCode} ${status?.reason ?? ''} ${status?.message ?? ''}`.trim());
    this.name = 'KubeApiError';
    this.statusCode = statusCode;
    this.reason = status?.reason;
    this.body = body;
  }
}

interface KubeStatus {
  kind: 'Status';
  reason?: string;
  message?: string;
  code?: number;
}

function isStatus(body: unknown): body is KubeStatus {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 409;
}

export function isGone(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 410;
}

export interface KubeHttpOptions {
  /** Called before every non-GET request; throws to refuse it (e.g. NotLeaderError after losing the lease). */
  writeGuard?: () => void;
}

/** A write refused because this replica is not (or no longer) the leader. */
export class NotLeaderError extends Error {
  constructor() {
    super('refusing to write: this replica does not hold the leader lease');
    this.name = 'NotLeaderError';
  }
}

export class KubeHttp {
  readonly #kubeConfig: KubeConfig;
  readonly #server: string;
  readonly #writeGuard: (() => void) | undefined;
  #dispatcher: Promise<Dispatcher> | undefined;

  constructor(kubeConfig: KubeConfig, options: KubeHttpOptions = {}) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.#kubeConfig = kubeConfig;
    this.#server = cluster.server.replace(/\/+$/, '');
    this.#writeGuard = options.writeGuard;
  }

  async get<T>(path: string, options: Omit<RequestOptions, 'body' | 'patchType'> = {}): Promise<T> {
    return this.json<T>('GET', path, options);
  }

  async json<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const response = await this.request(method, path, { ...options, signal });
    const text = await response.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    if (response.status < 200 || response.status > 299) {
      throw new KubeApiError(method, path, response.status, body);
    }
    return body as T;
  }

  /** Starts a request and returns the response with its body unread (watches stream it). */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    if (method !== 'GET') this.#writeGuard?.();
    const url = new URL(this.#server + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    await this.#kubeConfig.applySecurityAuthentication(ctx);
    const headers: Record<string, string> = { ...ctx.getHeaders(), accept: options.accept ?? 'application/json' };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = method === 'PATCH' ? PATCH_CONTENT_TYPES[options.patchType ?? 'merge'] : 'application/json';
    }
    const dispatcher = await (this.#dispatcher ??= this.#createDispatcher(ctx));
    return fetch(url, { method, headers, body, signal: options.signal, dispatcher });
  }

  /** Closes pooled connections; in-flight requests are aborted. */
  async close(): Promise<void> {
    const dispatcher = this.#dispatcher;
    this.#dispatcher = undefined;
    await (await dispatcher)?.destroy();
  }

  async #createDispatcher(ctx: RequestContext): Promise<Dispatcher> {
    // A proxy-url in the kubeconfig needs client-node's proxy agent; keep its dispatcher then.
    const proxied = this.#kubeConfig.getCurrentCluster()?.proxyUrl ? ctx.getDispatcher() : undefined;
    if (proxied) return proxied;
    // Headers (tokens) are re-applied per request; the TLS identity of a kubeconfig is fixed, so one Agent serves all.
    const tls: HttpsRequestOptions = {};
    await this.#kubeConfig.applyToHTTPSOptions(tls);
    return new Agent({
      allowH2: false,
      connect: {
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        servername: tls.servername,
        ...(tls.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }),
        keepAlive: true,
        keepAliveInitialDelay: 30_000,
      },
    });
  }
}
