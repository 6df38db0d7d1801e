import type { CacheReader } from './cache.ts';
import { keyOf } from './resource.ts';
import type { KubeObject, Request } from './resource.ts';

/**
 * Ready-made `WatchSpec.map` functions for related watches.
 */

/** Primary objects whose index `index` holds the changed object's `namespace/name` (e.g. IBCs by workspace). */
export function enqueueByIndex<T extends KubeObject>(index: string) {
  return (obj: KubeObject, primary: CacheReader<T>): Request[] =>
    primary.byIndex(index, keyOf(obj)).map((p) => ({ namespace: p.metadata.namespace ?? '', name: p.metadata.name ?? '' }));
}

/** The controller owner of the changed object, when it is of `ownerKind` (e.g. 'JumpBox'). */
export function enqueueOwner(ownerKind: string) {
  return (obj: KubeObject): Request[] => {
    const owner = obj.metadata.ownerReferences?.find((r) => r.controller && r.kind === ownerKind);
    return owner ? [{ namespace: obj.metadata.namespace ?? '', name: owner.name }] : [];
  };
}
