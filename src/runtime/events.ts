import { randomBytes } from 'node:crypto';
import { V1MicroTime } from '@kubernetes/client-node';
import { isNotFound } from './kube-http.ts';
import type { KubeHttp } from './kube-http.ts';
import type { Logger } from './logger.ts';
import type { KubeObject } from './resource.ts';

/**
 * events.k8s.io/v1 Events, as `kubectl describe` shows them.
 * - The same (object, type, action, reason, note) within the dedup window updates the existing Event's `series`
 *   (count, lastObservedTime) instead of creating another one.
 * - Each object has a token bucket (client-go's spam filter: burst 25, then one per 5 minutes), so a retry loop
 *   cannot flood the apiserver; what exceeds it is dropped and logged at debug level.
 * - Recording never throws or rejects: an Event is a hint for humans, never a reason to fail a reconcile.
 */

export type EventType = 'Normal' | 'Warning';

export interface EventInput {
  type: EventType;
  /** What was done or attempted, CamelCase (e.g. CreateVirtualNetwork). */
  action: string;
  /** Why / the outcome, CamelCase (e.g. Created, ArmRequestFailed). */
  reason: string;
  /** Human sentence, ≤ 1 kB (longer notes are cut). Never a secret. */
  note: string;
  related?: KubeObject;
}

export interface EventRecorderOptions {
  http: KubeHttp;
  log: Logger;
  reportingController: string;
  reportingInstance: string;
  dedupWindowMs?: number;
  burst?: number;
  refillIntervalMs?: number;
}

interface SeriesState {
  name: string;
  namespace: string;
  count: number;
  firstSeen: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const CAMEL_CASE = /^[A-Z][A-Za-z0-9]{0,127}$/;
const MAX_NOTE_BYTES = 1024;

export class EventRecorder {
  readonly #options: Required<Omit<EventRecorderOptions, 'http' | 'log'>>;
  readonly #http: KubeHttp;
  readonly #log: Logger;
  readonly #series = new Map<string, SeriesState>();
  readonly #buckets = new Map<string, Bucket>();
  #lastPrune = performance.now();

  constructor(options: EventRecorderOptions) {
    this.#http = options.http;
    this.#log = options.log;
    this.#options = {
      reportingController: options.reportingController,
      reportingInstance: options.reportingInstance.slice(0, 128),
      dedupWindowMs: options.dedupWindowMs ?? 10 * 60_000,
      burst: options.burst ?? 25,
      refillIntervalMs: options.refillIntervalMs ?? 5 * 60_000,
    };
  }

  /** Records an event about `regarding`; resolves when written, dropped or failed (never rejects). */
  async record(regarding: KubeObject, input: EventInput): Promise<void> {
    const { uid, name, namespace } = regarding.metadata;
    if (!CAMEL_CASE.test(input.action) || !CAMEL_CASE.test(input.reason)) {
      const { action, reason } = input;
      this.#log.error({ action, reason }, 'event action and reason must be CamelCase; event dropped');
      return;
    }
    if (!uid || !name || !namespace || !regarding.apiVersion || !regarding.kind) {
      this.#log.error({ name, namespace }, 'event regarding object lacks apiVersion, kind, name, namespace or uid; event dropped');
      return;
    }
    const note = truncateUtf8(input.note, MAX_NOTE_BYTES);
    if (!this.#take(uid)) {
      this.#log.debug({ namespace, name, reason: input.reason }, 'event rate limit reached for this object; event dropped');
      return;
    }
    const key = [uid, input.type, input.action, input.reason, note].join('\u0000');
    this.#pruneSeries();
    try {
      const existing = this.#series.get(key);
      const fresh = existing && performance.now() - existing.firstSeen <= this.#options.dedupWindowMs;
      if (existing && fresh && (await this.#bumpSeries(existing))) return;
      const created = await this.#create(regarding, input, note);
      this.#series.set(key, { name: created, namespace, count: 1, firstSeen: performance.now() });
    } catch (err) {
      this.#log.warn({ err, namespace, name, reason: input.reason }, 'could not record event');
    }
  }

  /** Returns false when the Event is gone (expired by the apiserver's TTL) and must be created anew. */
  async #bumpSeries(state: SeriesState): Promise<boolean> {
    try {
      await this.#http.json('PATCH', `/apis/events.k8s.io/v1/namespaces/${state.namespace}/events/${state.name}`, {
        body: { series: { count: state.count + 1, lastObservedTime: new V1MicroTime().toISOString() } },
        patchType: 'merge',
      });
      state.count += 1;
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async #create(regarding: KubeObject, input: EventInput, note: string): Promise<string> {
    const { uid, name, namespace, resourceVersion } = regarding.metadata;
    const eventName = `${name!.slice(0, 236)}.${randomBytes(8).toString('hex')}`;
    const body = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: eventName, namespace },
      eventTime: new V1MicroTime().toISOString(),
      reportingController: this.#options.reportingController,
      reportingInstance: this.#options.reportingInstance,
      type: input.type,
      action: input.action,
      reason: input.reason,
      note,
      regarding: { apiVersion: regarding.apiVersion, kind: regarding.kind, name, namespace, uid, resourceVersion },
      ...(input.related ? { related: reference(input.related) } : {}),
    };
    await this.#http.json('POST', `/apis/events.k8s.io/v1/namespaces/${namespace}/events`, { body });
    return eventName;
  }

  #take(uid: string): boolean {
    const now = performance.now();
    const { burst, refillIntervalMs } = this.#options;
    const bucket = this.#buckets.get(uid) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) / refillIntervalMs);
    bucket.updatedAt = now;
    this.#buckets.set(uid, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  #pruneSeries(): void {
    const now = performance.now();
    if (now - this.#lastPrune < 10_000) return;
    this.#lastPrune = now;
    for (const [key, state] of this.#series) {
      if (now - state.firstSeen > this.#options.dedupWindowMs) this.#series.delete(key);
    }
    // A full bucket carries no information; dropping it bounds memory to objects that recently emitted events.
    const { burst, refillIntervalMs } = this.#options;
    for (const [uid, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) / refillIntervalMs >= burst) this.#buckets.delete(uid);
    }
  }
}

function reference(obj: KubeObject): Record<string, unknown> {
  const { uid, name, namespace } = obj.metadata;
  return { apiVersion: obj.apiVersion, kind: obj.kind, name, namespace, uid };
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // Cut on a character boundary, leaving room for the ellipsis.
  let cut = bytes.subarray(0, maxBytes - 3).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}...`;
}
