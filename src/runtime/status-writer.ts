import type { KubeHttp } from './kube-http.ts';
import { apiVersionOf, objectPath } from './resource.ts';
import type { KubeObject, ResourceKind } from './resource.ts';

/**
 * Writes `/status` only when the computed status differs from the object's current one, by server-side apply with
 * a fixed field manager and force. Apply sends the whole desired status, so a field the operator stops setting is
 * removed, and nothing depends on diffing against a possibly stale cached copy. Skipping identical writes matters:
 * every write is an etcd revision, a watch event to every client, and noise in `kubectl get -w`.
 */

export interface StatusWriteOptions {
  signal?: AbortSignal;
}

export class StatusWriter {
  readonly #http: KubeHttp;
  readonly #fieldManager: string;

  constructor(http: KubeHttp, fieldManager: string) {
    this.#http = http;
    this.#fieldManager = fieldManager;
  }

  /** Returns the updated object, or undefined when the status was already `status` (no request made). */
  async apply<T extends KubeObject>(
    kind: ResourceKind,
    obj: T,
    status: object,
    options: StatusWriteOptions = {},
  ): Promise<T | undefined> {
    if (jsonEqual(obj['status'] ?? {}, status)) return undefined;
    const { namespace, name } = obj.metadata;
    if (!namespace || !name || !obj.kind) throw new Error('status apply needs kind, metadata.namespace and metadata.name');
    return this.#http.json<T>('PATCH', objectPath(kind, namespace, name, 'status'), {
      body: { apiVersion: apiVersionOf(kind), kind: obj.kind, metadata: { name, namespace }, status },
      patchType: 'apply',
      query: { fieldManager: this.#fieldManager, force: true },
      signal: options.signal,
    });
  }
}

/** Structural equality of JSON values: key order and `undefined` members are irrelevant, array order is not. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
