// Events for `kubectl describe`: one per transition of a condition to True (a stage finished, Ready, Stalled),
// never one per retry. Computed by comparing the conditions before and after a status update.
import type { Condition, EventInput } from '../../runtime/index.ts';

const EVENT_REASON = /^[A-Z][A-Za-z0-9]{0,127}$/;

/** An events.k8s.io reason (CamelCase, letters and digits) from a condition reason or ARM code. */
export function eventReason(raw: string, fallback: string): string {
  if (EVENT_REASON.test(raw)) return raw;
  const cleaned = raw.replace(/[^A-Za-z0-9]/g, '');
  const capitalised = cleaned.charAt(0).toUpperCase() + cleaned.slice(1, 128);
  return EVENT_REASON.test(capitalised) ? capitalised : fallback;
}

const isTrue = (conditions: readonly Condition[] | undefined, type: string): boolean =>
  conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

/**
 * Events for conditions that became True: Stalled → Warning with the ARM code as reason; Ready → Normal Ready;
 * any other (a stage condition such as NetworkReady) → Normal with the condition type as reason. NotRequired
 * stages are not announced.
 */
export function transitionEvents(before: readonly Condition[] | undefined, after: readonly Condition[]): EventInput[] {
  const events: EventInput[] = [];
  for (const c of after) {
    if (c.status !== 'True' || isTrue(before, c.type) || c.reason === 'NotRequired' || c.type === 'Reconciling') continue;
    if (c.type === 'Stalled') {
      events.push({ type: 'Warning', action: 'Reconcile', reason: eventReason(c.reason, 'Stalled'), note: c.message });
    } else {
      events.push({ type: 'Normal', action: c.type === 'Ready' ? 'Reconcile' : 'Provision', reason: eventReason(c.type, 'Ready'), note: c.message });
    }
  }
  return events;
}
