import { describe, expect, it } from 'vitest';
import { apply, createPlanGraph, destroy } from '../../../src/plan/index.ts';
import { FakeCloud, FakeError, FAST, startAction, thing } from './fake-cloud.ts';

// rg ← vnet ← pe ← zoneGroup, rg ← zone ← zoneGroup, rg ← st ← pe
const network = () => [
  thing('rg'),
  thing('vnet', { dependsOn: ['rg'] }),
  thing('st', { dependsOn: ['rg'] }),
  thing('zone', { dependsOn: ['rg'] }),
  thing('pe', { dependsOn: ['vnet', 'st'] }),
  thing('zoneGroup', { dependsOn: ['pe', 'zone'] }),
];

async function built(nodes = network()) {
  const cloud = new FakeCloud();
  const graph = createPlanGraph(nodes);
  expect((await apply(graph, cloud.adapters(), FAST)).ready).toBe(true);
  cloud.calls.length = 0;
  return { cloud, graph };
}

describe('destroy', () => {
  it('deletes a node only after everything that depends on it is gone', async () => {
    const { cloud, graph } = await built();
    const result = await destroy(graph, cloud.adapters(), FAST);
    expect(result.done).toBe(true);
    expect(cloud.resources.size).toBe(0);
    const deleted = (key: string) => cloud.callsOf('delete', `/fake/${key}`)[0];
    for (const node of graph.nodes.values()) {
      for (const dep of node.dependsOn) {
        expect(deleted(dep)?.start, `${dep} after ${node.key}`).toBeGreaterThanOrEqual(deleted(node.key)?.end ?? Infinity);
      }
    }
    expect(result.writes).toBe(6);
    expect(result.progress).toEqual({ done: 6, total: 6 });
  });

  it('deletes independent nodes in parallel', async () => {
    const { cloud, graph } = await built([thing('a'), thing('b'), thing('c')]);
    cloud.writeLatencyMs = 40;
    await destroy(graph, cloud.adapters(), FAST);
    expect(cloud.maxActiveWrites).toBe(3);
  });

  it('is idempotent: what is already gone costs no write', async () => {
    const { cloud, graph } = await built();
    cloud.resources.delete('/fake/pe');
    const first = await destroy(graph, cloud.adapters(), FAST);
    expect(first.nodes.get('pe')?.reason).toBe('AlreadyGone');
    expect(first.writes).toBe(5);
    const second = await destroy(graph, cloud.adapters(), FAST);
    expect(second.done).toBe(true);
    expect(second.writes).toBe(0);
  });

  it('never touches external nodes or actions', async () => {
    const cloud = new FakeCloud();
    cloud.resources.set('/fake/hubZone', { body: { value: 'hub' }, state: 'Succeeded' });
    const graph = createPlanGraph([
      thing('hubZone', { ownership: 'external' }),
      thing('vm'),
      thing('link', { dependsOn: ['hubZone', 'vm'] }),
      startAction('start', '/fake/vm', ['vm']),
    ]);
    await apply(graph, cloud.adapters(), FAST);
    const result = await destroy(graph, cloud.adapters(), FAST);
    expect(result.done).toBe(true);
    expect(result.nodes.get('hubZone')).toMatchObject({ state: 'Succeeded', reason: 'Skipped' });
    expect(result.nodes.get('start')?.reason).toBe('Skipped');
    expect(cloud.resources.has('/fake/hubZone')).toBe(true);
    expect(cloud.callsOf('delete', '/fake/hubZone')).toHaveLength(0);
    expect(result.progress).toEqual({ done: 2, total: 2 });
  });

  it('retries a delete refused because the resource is still in use', async () => {
    const { cloud, graph } = await built([thing('subnet')]);
    cloud.failNext('delete', '/fake/subnet', new FakeError('conflict', 'InUseSubnetCannotBeDeleted'));
    const result = await destroy(graph, cloud.adapters(), FAST);
    expect(result.done).toBe(true);
    expect(cloud.callsOf('delete', '/fake/subnet')).toHaveLength(2);
  });

  it('keeps dependencies when a dependant cannot be deleted', async () => {
    const { cloud, graph } = await built();
    cloud.failNext('delete', '/fake/pe', new FakeError('terminal', 'AuthorizationFailed'));
    const result = await destroy(graph, cloud.adapters(), FAST);
    expect(result.done).toBe(false);
    expect(result.stalled).toMatchObject({ nodeKey: 'pe', code: 'AuthorizationFailed' });
    expect(result.nodes.get('vnet')).toMatchObject({ state: 'Waiting', reason: 'WaitingForDependents' });
    expect(result.nodes.get('zone')?.state).toBe('Succeeded');
    expect(cloud.resources.has('/fake/vnet')).toBe(true);
    expect(cloud.resources.has('/fake/rg')).toBe(true);
  });

  it('waits for an operation in flight before deleting', async () => {
    const { cloud, graph } = await built([thing('a')]);
    const stored = cloud.resources.get('/fake/a');
    if (stored) Object.assign(stored, { state: 'Updating', settlesAfterGets: 3 });
    const result = await destroy(graph, cloud.adapters(), FAST);
    expect(result.done).toBe(true);
    const [del] = cloud.callsOf('delete', '/fake/a');
    expect(cloud.callsOf('get', '/fake/a').filter((g) => g.start < (del?.start ?? 0)).length).toBeGreaterThanOrEqual(3);
  });
});
