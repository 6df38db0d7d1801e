// The start every reconcile shares, so the three controllers agree on it: read the object from the cache, route a
// deletion to the caller's finalize step, and put our finalizer on it before any Azure call.
import { FINALIZER } from '../../api/index.ts';
import { addFinalizer } from '../../runtime/index.ts';
import type { CacheReader, ItemBackoff, KubeObject, ReconcileContext, Request, ResourceKind } from '../../runtime/index.ts';
import type { ControllerDeps } from './deps.ts';

export type Claim<T> =
  /** The object is gone: nothing to do, and its requeue backoff is forgotten. */
  | { readonly state: 'gone' }
  /** The object is being deleted: the caller runs its finalize step. */
  | { readonly state: 'deleting'; readonly obj: T; readonly key: string }
  /** The object carries our finalizer: whatever is created from here on is cleaned up on delete. */
  | { readonly state: 'live'; readonly obj: T; readonly key: string };

export async function claimObject<T extends KubeObject>(
  deps: ControllerDeps,
  kind: ResourceKind,
  cache: CacheReader<T>,
  backoff: ItemBackoff<string>,
  req: Request,
  ctx: ReconcileContext,
): Promise<Claim<T>> {
  const key = `${req.namespace}/${req.name}`;
  const obj = cache.get(req.namespace, req.name);
  if (!obj) {
    backoff.forget(key);
    return { state: 'gone' };
  }
  if (obj.metadata.deletionTimestamp) return { state: 'deleting', obj, key };
  const { manager } = deps;
  const claimed = await addFinalizer(manager.http, kind, obj, FINALIZER, { fieldManager: manager.fieldManager, signal: ctx.signal });
  return { state: 'live', obj: claimed, key };
}
