// Feeds the progress view from watches on the three kinds and on Events. It shares the operator's informers (one
// watch per kind for both), so the view costs the apiserver a single extra watch: the Events one.
import type { KubeObject, Manager } from '../runtime/index.ts';
import { EVENTS, WATCHED_KINDS } from './kinds.ts';
import type { ProgressView } from './progress-view.ts';
import { eventOf, resourceStateOf } from './resource-state.ts';

export function feedProgressView(manager: Manager, view: ProgressView): void {
  for (const { kind, resource } of WATCHED_KINDS) {
    manager.informer<KubeObject>(resource).addHandler({
      onAdd: (obj) => view.setResource(resourceStateOf(kind, obj)),
      onUpdate: (_old, obj) => view.setResource(resourceStateOf(kind, obj)),
      onDelete: (obj) => view.removeResource(kind, obj.metadata.namespace ?? '', obj.metadata.name ?? ''),
    });
  }
  const onEvent = (obj: KubeObject): void => {
    const seen = eventOf(obj);
    if (seen) view.setEvent(seen.key, seen.event);
  };
  manager.informer<KubeObject>(EVENTS).addHandler({ onAdd: onEvent, onUpdate: (_old, obj) => onEvent(obj) });
}
