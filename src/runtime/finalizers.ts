import type { KubeHttp } from './kube-http.ts';
import { objectPath } from './resource.ts';
import type { KubeObject, ResourceKind } from './resource.ts';

/**
 * Finalizer add/remove as JSON merge patches that carry the object's resourceVersion: if anyone changed the object
 * since it was read (another finalizer, a spec edit), the apiserver answers 409 Conflict and nothing is lost; the
 * caller's reconcile fails and runs again on the fresh object.
 */

export interface PatchOptions {
  fieldManager: string;
  signal?: AbortSignal;
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata.finalizers?.includes(finalizer) ?? false;
}

/** Adds `finalizer` if missing; returns the updated object (or `obj` when nothing had to change). */
export async function addFinalizer<T extends KubeObject>(
  http: KubeHttp,
  kind: ResourceKind,
  obj: T,
  finalizer: string,
  options: PatchOptions,
): Promise<T> {
  if (hasFinalizer(obj, finalizer)) return obj;
  return patchFinalizers(http, kind, obj, [...(obj.metadata.finalizers ?? []), finalizer], options);
}

/** Removes `finalizer` if present; returns the updated object (or `obj` when nothing had to change). */
export async function removeFinalizer<T extends KubeObject>(
  http: KubeHttp,
  kind: ResourceKind,
  obj: T,
  finalizer: string,
  options: PatchOptions,
): Promise<T> {
  if (!hasFinalizer(obj, finalizer)) return obj;
  const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  return patchFinalizers(http, kind, obj, rest, options);
}

async function patchFinalizers<T extends KubeObject>(
  http: KubeHttp,
  kind: ResourceKind,
  obj: T,
  finalizers: string[],
  options: PatchOptions,
): Promise<T> {
  const { namespace, name, resourceVersion } = obj.metadata;
  if (!namespace || !name || !resourceVersion) {
    throw new Error('finalizer patch needs metadata.namespace, name and resourceVersion');
  }
  return http.json<T>('PATCH', objectPath(kind, namespace, name), {
    body: { metadata: { resourceVersion, finalizers } },
    patchType: 'merge',
    query: { fieldManager: options.fieldManager },
    signal: options.signal,
  });
}
