// What the progress view shows of one custom resource, read from its status the way `kubectl get` and kstatus
// read it: the Ready condition, the progress figure, and whether the status speaks for the current spec.
import type { KubeObject } from '../runtime/index.ts';

interface ConditionLike {
  type?: unknown;
  status?: unknown;
  reason?: unknown;
  message?: unknown;
}

export interface ResourceState {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Status of the Ready condition: True, False, Unknown, or '' before the operator wrote any status. */
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
  /** `done/total`: the status's own figure, else the stage conditions that are True over all of them. */
  readonly progress: string;
  readonly stalled: boolean;
  /** status.observedGeneration equals metadata.generation: the conditions describe the current spec. */
  readonly current: boolean;
}

export interface LastEvent {
  readonly type: string;
  readonly reason: string;
  readonly note: string;
  /** ms since the epoch: series.lastObservedTime, eventTime or creationTimestamp. */
  readonly at: number;
}

/** The kstatus trio; every other condition is a stage (NetworkReady, ComputeReady, …). */
const KSTATUS = new Set(['Ready', 'Reconciling', 'Stalled']);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function resourceKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export function resourceStateOf(kind: string, obj: KubeObject): ResourceState {
  const status = (obj['status'] ?? {}) as { conditions?: unknown; progress?: unknown; observedGeneration?: unknown };
  const conditions = (Array.isArray(status.conditions) ? status.conditions : []) as ConditionLike[];
  const find = (type: string): ConditionLike | undefined => conditions.find((c) => c.type === type);
  const ready = find('Ready');
  const stages = conditions.filter((c) => typeof c.type === 'string' && !KSTATUS.has(c.type));
  const progress =
    str(status.progress) ||
    (stages.length === 0 ? '' : `${stages.filter((c) => c.status === 'True').length}/${stages.length}`);
  return {
    kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    ready: str(ready?.status),
    reason: str(ready?.reason),
    message: str(ready?.message),
    progress,
    stalled: find('Stalled')?.status === 'True',
    current: status.observedGeneration !== undefined && status.observedGeneration === obj.metadata.generation,
  };
}

/** Ready=True for the spec as it is now (kstatus "Current"). */
export function isReady(state: ResourceState): boolean {
  return state.ready === 'True' && state.current;
}

interface EventLike {
  regarding?: { kind?: unknown; namespace?: unknown; name?: unknown };
  type?: unknown;
  reason?: unknown;
  note?: unknown;
  eventTime?: unknown;
  series?: { lastObservedTime?: unknown };
  metadata?: { creationTimestamp?: unknown };
}

/** The key of the object an events.k8s.io/v1 Event is about, and what it says; undefined if it is about nothing. */
export function eventOf(obj: KubeObject): { key: string; event: LastEvent } | undefined {
  const e = obj as EventLike;
  const kind = str(e.regarding?.kind);
  const name = str(e.regarding?.name);
  if (kind === '' || name === '') return undefined;
  const time = str(e.series?.lastObservedTime) || str(e.eventTime) || str(e.metadata?.creationTimestamp);
  const at = Date.parse(time);
  return {
    key: resourceKey(kind, str(e.regarding?.namespace), name),
    event: { type: str(e.type), reason: str(e.reason), note: str(e.note), at: Number.isNaN(at) ? 0 : at },
  };
}
