// The operator's three kinds as local mode watches and applies them, in the order they are built and shown.
import { GROUP, KINDS, VERSION } from '../api/index.ts';
import type { KindName } from '../api/index.ts';
import type { ResourceKind } from '../runtime/index.ts';

export interface WatchedKind {
  readonly kind: KindName;
  readonly resource: ResourceKind;
}

export const WATCHED_KINDS: readonly WatchedKind[] = (['SecureWorkspace', 'ImageBuildCompute', 'JumpBox'] as const).map(
  (kind) => ({ kind, resource: { group: GROUP, version: VERSION, plural: KINDS[kind].plural } }),
);

/** events.k8s.io/v1: what the operator records and `kubectl describe` shows. */
export const EVENTS: ResourceKind = { group: 'events.k8s.io', version: 'v1', plural: 'events' };

export const SECRETS: ResourceKind = { group: '', version: 'v1', plural: 'secrets' };

export function watchedKind(kind: KindName): WatchedKind {
  const found = WATCHED_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`${kind} is not a watched kind`);
  return found;
}
