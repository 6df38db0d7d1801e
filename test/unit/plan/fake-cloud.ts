// An in-memory stand-in for the cloud behind our own AdapterSet interface (not the Azure SDK): it records every call
// with timestamps, so tests can assert order, parallelism and the absence of writes.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionAdapter, AdapterSet, ClassifiedError, ErrorKind, ResourceAdapter } from '../../../src/plan/index.ts';
import type { ActionNode, ResourceNode } from '../../../src/plan/index.ts';

export interface FakeResource {
  body: Record<string, unknown>;
  state: string;
  /** GETs left before a non-terminal state becomes Succeeded. */
  settlesAfterGets?: number;
}

export class FakeError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly retryAfterMs?: number;
  constructor(kind: ErrorKind, code: string, retryAfterMs?: number) {
    super(`${code} (fake)`);
    this.kind = kind;
    this.code = code;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

export interface Call {
  readonly op: 'get' | 'put' | 'delete' | 'check' | 'run';
  readonly id: string;
  readonly start: number;
  end?: number;
}

type Op = Call['op'];

export class FakeCloud {
  readonly resources = new Map<string, FakeResource>();
  readonly calls: Call[] = [];
  /** Latency of reads, by id (default none). */
  readonly readLatency = new Map<string, number>();
  /** Extra latency per write, by id (default `writeLatencyMs`). */
  readonly latency = new Map<string, number>();
  writeLatencyMs = 5;
  /** Ids whose writes run to completion even when the signal fires (an SDK call that ignores it). */
  readonly ignoresAbort = new Set<string>();
  private readonly faults = new Map<string, Error[]>();
  private active = 0;
  maxActiveWrites = 0;
  /** Action effects that hold, by `${type}:${id}`. */
  readonly effects = new Set<string>();

  /** The next calls of `op` on `id` throw these errors, in order. */
  failNext(op: Op, id: string, ...errors: Error[]): void {
    this.faults.set(`${op}:${id}`, [...(this.faults.get(`${op}:${id}`) ?? []), ...errors]);
  }

  writes(): Call[] {
    return this.calls.filter((c) => c.op === 'put' || c.op === 'delete' || c.op === 'run');
  }

  callsOf(op: Op, id?: string): Call[] {
    return this.calls.filter((c) => c.op === op && (id === undefined || c.id === id));
  }

  private async record<T>(op: Op, id: string, write: boolean, body: () => T, signal: AbortSignal): Promise<T> {
    const call: Call = { op, id, start: performance.now() };
    this.calls.push(call);
    const fault = this.faults.get(`${op}:${id}`)?.shift();
    if (write) {
      this.active++;
      this.maxActiveWrites = Math.max(this.maxActiveWrites, this.active);
    }
    try {
      const wait = this.ignoresAbort.has(id) ? {} : { signal };
      if (write) await sleep(this.latency.get(id) ?? this.writeLatencyMs, undefined, wait);
      else if (this.readLatency.has(id)) await sleep(this.readLatency.get(id), undefined, wait);
      if (fault) throw fault;
      return body();
    } finally {
      if (write) this.active--;
      call.end = performance.now();
    }
  }

  adapter(): ResourceAdapter<Record<string, unknown>, FakeResource, { id: string; body: Record<string, unknown> }> {
    return {
      get: (id, { signal }) =>
        this.record('get', id, false, () => {
          const r = this.resources.get(id);
          if (r?.settlesAfterGets !== undefined && --r.settlesAfterGets <= 0) {
            r.state = 'Succeeded';
            delete r.settlesAfterGets;
          }
          return r ? structuredClone(r) : undefined;
        }, signal),
      put: (id, spec, _observed, { signal }) =>
        this.record('put', id, true, () => {
          const r: FakeResource = { body: structuredClone(spec), state: 'Succeeded' };
          this.resources.set(id, r);
          return structuredClone(r);
        }, signal),
      delete: (id, { signal }) => this.record('delete', id, true, () => void this.resources.delete(id), signal),
      diff: (spec, observed) => Object.keys(spec).filter((k) => observed.body[k] !== spec[k]),
      provisioningState: (o) => o.state,
      output: (o, id) => ({ id, body: o.body }),
    };
  }

  action(type: string): ActionAdapter<unknown, { effect: string }> {
    return {
      check: (id, _params, { signal }) =>
        this.record('check', id, false, () => ({ done: this.effects.has(`${type}:${id}`), output: { effect: type } }), signal),
      run: (id, _params, { signal }) => this.record('run', id, true, () => void this.effects.add(`${type}:${id}`), signal),
    };
  }

  adapters(): AdapterSet {
    const resource = this.adapter() as unknown as ResourceAdapter;
    const action = this.action('fake/start') as ActionAdapter;
    return {
      resource: (key) => (key === 'fake/thing' ? resource : undefined),
      action: (key) => (key === 'fake/start' ? action : undefined),
      classifyError: (err): ClassifiedError => {
        if (err instanceof FakeError) {
          return { kind: err.kind, code: err.code, message: err.message, ...(err.retryAfterMs ? { retryAfterMs: err.retryAfterMs } : {}) };
        }
        if (err instanceof Error && err.name === 'AbortError') return { kind: 'aborted', code: 'Aborted', message: err.message };
        return { kind: 'terminal', code: 'Unexpected', message: String(err) };
      },
    };
  }
}

/** A managed fake resource node whose body is `{ value }` unless `desired` is given. */
export function thing(
  key: string,
  init: Partial<Omit<ResourceNode<Record<string, unknown>>, 'key' | 'kind'>> = {},
): ResourceNode<Record<string, unknown>> {
  return {
    kind: 'resource',
    key,
    type: 'fake/thing',
    id: `/fake/${key}`,
    dependsOn: [],
    ownership: 'managed',
    stage: 'Main',
    waitReason: `WaitingFor${key}`,
    desired: () => ({ value: key }),
    ...init,
  };
}

export function startAction(key: string, target: string, dependsOn: string[] = []): ActionNode {
  return {
    kind: 'action',
    key,
    type: 'fake/start',
    id: target,
    dependsOn,
    stage: 'Power',
    waitReason: 'WaitingForStart',
    params: () => ({}),
  };
}

export const FAST = {
  retry: { maxRetryTimeMs: 400, minDelayMs: 5, maxDelayMs: 20 },
  settle: { intervalMs: 5, maxIntervalMs: 20, timeoutMs: 1_000 },
} as const;
