import { describe, expect, it } from 'vitest';
import { apply, createPlanGraph, NotReadyError, summarizeStages } from '../../../src/plan/index.ts';
import type { ProgressEvent } from '../../../src/plan/index.ts';
import { FakeCloud, FakeError, FAST, startAction, thing } from './fake-cloud.ts';

const run = (cloud: FakeCloud, nodes: Parameters<typeof createPlanGraph>[0], extra: object = {}) =>
  apply(createPlanGraph(nodes), cloud.adapters(), { ...FAST, ...extra });

describe('apply: scheduling', () => {
  it('starts independent nodes together', async () => {
    const cloud = new FakeCloud();
    cloud.writeLatencyMs = 40;
    const result = await run(cloud, [thing('a'), thing('b'), thing('c')]);
    expect(result.ready).toBe(true);
    expect(cloud.maxActiveWrites).toBe(3);
    const puts = cloud.callsOf('put');
    const firstEnd = Math.min(...puts.map((c) => c.end ?? Infinity));
    expect(puts.every((c) => c.start < firstEnd)).toBe(true);
  });

  it('starts a node only after all its dependencies succeeded, and passes their outputs', async () => {
    const cloud = new FakeCloud();
    cloud.latency.set('/fake/slow', 40);
    const seen: unknown[] = [];
    const nodes = [
      thing('fast'),
      thing('slow'),
      thing('join', {
        dependsOn: ['fast', 'slow'],
        desired: (o) => {
          seen.push(o.get<{ id: string }>('slow').id);
          return { value: 'join' };
        },
      }),
    ];
    const result = await run(cloud, nodes);
    expect(result.ready).toBe(true);
    const [join] = cloud.callsOf('put', '/fake/join');
    const [slow] = cloud.callsOf('put', '/fake/slow');
    expect(join?.start).toBeGreaterThanOrEqual(slow?.end ?? Infinity);
    expect(seen).toEqual(['/fake/slow']);
    expect(result.nodes.get('join')?.output).toEqual({ id: '/fake/join', body: { value: 'join' } });
  });

  it('respects maxConcurrency', async () => {
    const cloud = new FakeCloud();
    cloud.writeLatencyMs = 15;
    await run(cloud, ['a', 'b', 'c', 'd', 'e'].map((k) => thing(k)), { maxConcurrency: 2 });
    expect(cloud.maxActiveWrites).toBe(2);
  });
});

describe('apply: observe → diff → write', () => {
  it('makes no write when everything is up to date', async () => {
    const cloud = new FakeCloud();
    const nodes = [thing('a'), thing('b', { dependsOn: ['a'] })];
    const first = await run(cloud, nodes);
    expect(first.writes).toBe(2);
    expect([...first.nodes.values()].map((r) => r.reason)).toEqual(['Created', 'Created']);

    const second = await run(cloud, nodes);
    expect(second.writes).toBe(0);
    expect(second.ready).toBe(true);
    expect([...second.nodes.values()].map((r) => r.reason)).toEqual(['UpToDate', 'UpToDate']);
    expect(cloud.writes()).toHaveLength(2);
  });

  it('updates once on drift and reports the changed fields', async () => {
    const cloud = new FakeCloud();
    await run(cloud, [thing('a')]);
    const stored = cloud.resources.get('/fake/a');
    if (stored) stored.body.value = 'changed behind our back';
    const result = await run(cloud, [thing('a')]);
    expect(result.writes).toBe(1);
    expect(result.nodes.get('a')).toMatchObject({ reason: 'Updated', operation: 'update', changedFields: ['value'] });
    expect(cloud.resources.get('/fake/a')?.body.value).toBe('a');
  });

  it('waits for a running operation instead of writing over it', async () => {
    const cloud = new FakeCloud();
    cloud.resources.set('/fake/a', { body: { value: 'a' }, state: 'Updating', settlesAfterGets: 3 });
    const events: ProgressEvent[] = [];
    const result = await run(cloud, [thing('a')], { onProgress: (e: ProgressEvent) => events.push(e) });
    expect(result.ready).toBe(true);
    expect(result.writes).toBe(0);
    expect(cloud.callsOf('get', '/fake/a').length).toBeGreaterThanOrEqual(3);
    expect(events).toContainEqual(expect.objectContaining({ key: 'a', state: 'InProgress', reason: 'WaitingForOperation' }));
  });

  it('reports InProgress when a running operation outlasts the wait bound', async () => {
    const cloud = new FakeCloud();
    cloud.resources.set('/fake/a', { body: { value: 'a' }, state: 'Creating', settlesAfterGets: 1_000_000 });
    const result = await run(cloud, [thing('a'), thing('b', { dependsOn: ['a'] })], {
      settle: { intervalMs: 5, maxIntervalMs: 5, timeoutMs: 30 },
    });
    expect(result.nodes.get('a')).toMatchObject({ state: 'InProgress', reason: 'OperationInProgress' });
    expect(result.nodes.get('b')).toMatchObject({ state: 'Waiting', reason: 'WaitingFora' });
    expect(result.stalled).toBeUndefined();
    expect(result.writes).toBe(0);
  });

  it('re-provisions a resource found in provisioningState Failed', async () => {
    const cloud = new FakeCloud();
    cloud.resources.set('/fake/a', { body: { value: 'a' }, state: 'Failed' });
    const result = await run(cloud, [thing('a')]);
    expect(result.nodes.get('a')).toMatchObject({ state: 'Succeeded', operation: 'update', changedFields: ['provisioningState'] });
    expect(result.writes).toBe(1);
  });
});

describe('apply: errors', () => {
  it('retries transient errors and succeeds', async () => {
    const cloud = new FakeCloud();
    cloud.failNext('put', '/fake/a', new FakeError('transient', 'InternalServerError'));
    cloud.failNext('get', '/fake/a', new FakeError('transient', 'ECONNRESET'));
    const result = await run(cloud, [thing('a')]);
    expect(result.ready).toBe(true);
    expect(result.writes).toBe(2);
  });

  it('honours Retry-After on throttling', async () => {
    const cloud = new FakeCloud();
    cloud.failNext('get', '/fake/a', new FakeError('throttled', 'SubscriptionRequestsThrottled', 150));
    const t0 = performance.now();
    const result = await run(cloud, [thing('a')]);
    expect(result.ready).toBe(true);
    const [, second] = cloud.callsOf('get', '/fake/a');
    expect((second?.start ?? 0) - t0).toBeGreaterThanOrEqual(145);
  });

  it('stops a branch on a terminal error, runs the others, and reports the stall', async () => {
    const cloud = new FakeCloud();
    cloud.failNext('put', '/fake/ws', new FakeError('terminal', 'AuthorizationFailed'));
    const nodes = [thing('ws'), thing('pe', { dependsOn: ['ws'] }), thing('dns', { dependsOn: ['pe'] }), thing('other')];
    const result = await run(cloud, nodes);
    expect(result.ready).toBe(false);
    expect(result.stalled).toEqual({ nodeKey: 'ws', code: 'AuthorizationFailed', message: 'AuthorizationFailed (fake)' });
    expect(result.nodes.get('ws')).toMatchObject({ state: 'Failed', armCode: 'AuthorizationFailed' });
    expect(result.nodes.get('pe')).toMatchObject({ state: 'Waiting', reason: 'WaitingForws' });
    expect(result.nodes.get('dns')).toMatchObject({ state: 'Waiting', reason: 'WaitingForpe' });
    expect(result.nodes.get('other')?.state).toBe('Succeeded');
    expect(cloud.callsOf('put', '/fake/ws')).toHaveLength(1);
    expect(cloud.callsOf('get', '/fake/pe')).toHaveLength(0);
    expect(result.progress).toEqual({ done: 1, total: 4 });
  });

  it('reports Waiting (not Stalled) when retryable errors outlast the budget', async () => {
    const cloud = new FakeCloud();
    const busy = () => new FakeError('conflict', 'AnotherOperationInProgress');
    cloud.failNext('put', '/fake/a', ...Array.from({ length: 200 }, busy));
    const result = await run(cloud, [thing('a'), thing('b', { dependsOn: ['a'] })], {
      retry: { maxRetryTimeMs: 60, minDelayMs: 5, maxDelayMs: 10 },
    });
    expect(result.stalled).toBeUndefined();
    expect(result.nodes.get('a')).toMatchObject({ state: 'Waiting', reason: 'AnotherOperationInProgress' });
    expect(result.waitingOn).toMatchObject({ nodeKey: 'a', reason: 'WaitingFora' });
    expect(cloud.callsOf('put', '/fake/a').length).toBeGreaterThan(1);
  });

  it('reports Waiting when a desired body needs an output that is not there yet', async () => {
    const cloud = new FakeCloud();
    const nodes = [
      thing('a'),
      thing('b', {
        dependsOn: ['a'],
        desired: () => {
          throw new NotReadyError('no IP yet');
        },
      }),
    ];
    const result = await run(cloud, nodes);
    expect(result.nodes.get('b')).toMatchObject({ state: 'Waiting', reason: 'OutputNotReady', message: 'no IP yet' });
  });

  it('fails a node that reads an output outside its dependsOn', async () => {
    const cloud = new FakeCloud();
    const nodes = [thing('a'), thing('b', { desired: (o) => ({ value: o.get('a') }) })];
    const result = await run(cloud, nodes);
    expect(result.nodes.get('b')).toMatchObject({ state: 'Failed', reason: 'InvalidPlan' });
    expect(result.nodes.get('b')?.message).toContain("reads the output of 'a'");
  });

  it('fails a node whose type has no adapter', async () => {
    const cloud = new FakeCloud();
    const result = await run(cloud, [thing('a', { type: 'fake/unknown' })]);
    expect(result.nodes.get('a')).toMatchObject({ state: 'Failed', reason: 'InvalidPlan' });
    expect(result.stalled?.message).toContain("no resource adapter is registered for 'fake/unknown'");
  });
});

describe('apply: signal', () => {
  it('returns promptly when aborted, starts nothing new, reports interrupted work', async () => {
    const cloud = new FakeCloud();
    cloud.latency.set('/fake/long', 5_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const t0 = performance.now();
    const result = await run(cloud, [thing('long'), thing('after', { dependsOn: ['long'] })], { signal: controller.signal });
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(result.aborted).toBe(true);
    expect(result.ready).toBe(false);
    expect(result.nodes.get('long')?.state).toBe('InProgress');
    expect(result.nodes.get('after')?.state).toBe('Waiting');
    expect(cloud.callsOf('get', '/fake/after')).toHaveLength(0);
  });

  it('reports nothing more once it has returned, even when an interrupted call completes later', async () => {
    const cloud = new FakeCloud();
    cloud.resources.set('/fake/a', { body: { value: 'a' }, state: 'Updating' });
    cloud.readLatency.set('/fake/a', 60);
    cloud.ignoresAbort.add('/fake/a');
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    setTimeout(() => controller.abort(), 10);
    await run(cloud, [thing('a')], { signal: controller.signal, onProgress: (e: ProgressEvent) => events.push(e) });
    const seen = events.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(events.length).toBe(seen);
  });

  it('does nothing when the signal is already aborted', async () => {
    const cloud = new FakeCloud();
    const result = await run(cloud, [thing('a')], { signal: AbortSignal.abort() });
    expect(cloud.calls).toHaveLength(0);
    expect(result.nodes.get('a')).toMatchObject({ state: 'Waiting', reason: 'Interrupted' });
  });
});

describe('apply: external nodes', () => {
  it('observes an existing external resource, never writes it, and feeds its output', async () => {
    const cloud = new FakeCloud();
    cloud.resources.set('/fake/hub', { body: { value: 'someone else' }, state: 'Succeeded' });
    const nodes = [
      thing('hub', { ownership: 'external' }),
      thing('link', { dependsOn: ['hub'], desired: (o) => ({ value: o.get<{ id: string }>('hub').id }) }),
    ];
    const result = await run(cloud, nodes);
    expect(result.ready).toBe(true);
    expect(result.nodes.get('hub')).toMatchObject({ reason: 'Observed', operation: 'none' });
    expect(cloud.callsOf('put', '/fake/hub')).toHaveLength(0);
    expect(cloud.resources.get('/fake/link')?.body.value).toBe('/fake/hub');
  });

  it('waits when an external resource does not exist', async () => {
    const cloud = new FakeCloud();
    const result = await run(cloud, [thing('hub', { ownership: 'external' }), thing('link', { dependsOn: ['hub'] })]);
    expect(result.nodes.get('hub')).toMatchObject({ state: 'Waiting', reason: 'ExternalResourceNotFound' });
    expect(result.waitingOn?.nodeKey).toBe('hub');
    expect(cloud.writes()).toHaveLength(0);
  });
});

describe('apply: action nodes', () => {
  it('runs an action once, then finds it done', async () => {
    const cloud = new FakeCloud();
    const nodes = [thing('vm'), startAction('start', '/fake/vm', ['vm'])];
    const first = await run(cloud, nodes);
    expect(first.nodes.get('start')).toMatchObject({ state: 'Succeeded', reason: 'ActionCompleted', output: { effect: 'fake/start' } });
    expect(cloud.callsOf('run')).toHaveLength(1);
    const second = await run(cloud, nodes);
    expect(second.writes).toBe(0);
    expect(second.nodes.get('start')?.reason).toBe('UpToDate');
  });
});

describe('apply: progress and stages', () => {
  it('emits node transitions and one stage event when a stage completes', async () => {
    const cloud = new FakeCloud();
    const events: ProgressEvent[] = [];
    const nodes = [thing('a', { stage: 'Network' }), thing('b', { stage: 'Network' }), thing('c', { stage: 'Data', dependsOn: ['a'] })];
    const graph = createPlanGraph(nodes);
    const result = await apply(graph, cloud.adapters(), { ...FAST, onProgress: (e) => events.push(e) });
    expect(events.filter((e) => e.kind === 'stage')).toEqual([
      { kind: 'stage', stage: 'Network', state: 'Succeeded' },
      { kind: 'stage', stage: 'Data', state: 'Succeeded' },
    ]);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'node', key: 'a', state: 'InProgress', reason: 'Creating' }));
    expect(summarizeStages(graph, result)).toEqual([
      { stage: 'Network', state: 'Succeeded', reason: 'Succeeded', message: '2/2 resources ready', done: 2, total: 2 },
      { stage: 'Data', state: 'Succeeded', reason: 'Succeeded', message: '1/1 resources ready', done: 1, total: 1 },
    ]);
  });

  it('summarizes a stage by its worst node', async () => {
    const cloud = new FakeCloud();
    cloud.failNext('put', '/fake/b', new FakeError('terminal', 'QuotaExceeded'));
    const graph = createPlanGraph([thing('a'), thing('b'), thing('c', { dependsOn: ['b'] })]);
    const result = await apply(graph, cloud.adapters(), FAST);
    expect(summarizeStages(graph, result)).toEqual([
      expect.objectContaining({ stage: 'Main', state: 'Failed', reason: 'QuotaExceeded', done: 1, total: 3 }),
    ]);
  });

  it('keeps going when the progress callback throws', async () => {
    const cloud = new FakeCloud();
    const result = await run(cloud, [thing('a')], {
      onProgress: () => {
        throw new Error('sink broken');
      },
    });
    expect(result.ready).toBe(true);
  });
});
