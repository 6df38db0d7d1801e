import { describe, expect, it } from 'vitest';
import { createPlanGraph, criticalPath, PlanGraphError, topologicalLayers } from '../../../src/plan/index.ts';
import { thing } from './fake-cloud.ts';

const dag = (edges: Record<string, string[]>) =>
  Object.entries(edges).map(([key, dependsOn]) => thing(key, { dependsOn }));

describe('createPlanGraph validation', () => {
  it.each([
    ['duplicate keys', [thing('a'), thing('a')], "duplicate plan node key 'a'"],
    ['unknown dependency', dag({ a: ['ghost'] }), "node 'a' depends on unknown node 'ghost'"],
    ['self dependency', dag({ a: ['a'] }), 'dependency cycle: a → a'],
    ['three-node cycle', dag({ a: ['c'], b: ['a'], c: ['b'], d: [] }), 'dependency cycle: a → c → b → a'],
    ['empty key', [thing('')], 'empty key'],
  ])('rejects %s', (_name, nodes, message) => {
    expect(() => createPlanGraph(nodes)).toThrow(PlanGraphError);
    expect(() => createPlanGraph(nodes)).toThrow(message);
  });

  it('names only the cycle, not the nodes hanging off it', () => {
    const nodes = dag({ root: [], x: ['root', 'z'], y: ['x'], z: ['y'], leaf: ['z'] });
    expect(() => createPlanGraph(nodes)).toThrow('dependency cycle: x → z → y → x');
  });

  it('puts dependencies before dependants, keeping insertion order among ready nodes', () => {
    const g = createPlanGraph(dag({ pe: ['vnet', 'st'], st: ['rg'], vnet: ['rg'], rg: [], dns: [] }));
    expect(g.order).toEqual(['rg', 'dns', 'st', 'vnet', 'pe']);
    expect(g.dependants.get('rg')).toEqual(['st', 'vnet']);
  });

  it('accepts an empty graph and duplicate edges', () => {
    expect(createPlanGraph([]).order).toEqual([]);
    expect(createPlanGraph(dag({ a: [], b: ['a', 'a'] })).dependants.get('a')).toEqual(['b']);
  });
});

describe('topologicalLayers', () => {
  it('layers by longest dependency chain', () => {
    const g = createPlanGraph(dag({ rg: [], nsg: ['rg'], vnet: ['rg', 'nsg'], st: ['rg'], pe: ['vnet', 'st'], zone: ['rg'] }));
    expect(topologicalLayers(g)).toEqual([['rg'], ['nsg', 'st', 'zone'], ['vnet'], ['pe']]);
  });
});

describe('criticalPath', () => {
  const g = createPlanGraph(dag({ rg: [], vnet: ['rg'], st: ['rg'], pe: ['vnet', 'st'], ws: ['st'] }));
  const durations: Record<string, number> = { rg: 1, vnet: 5, st: 20, pe: 30, ws: 60 };

  it('is the heaviest chain, not the longest in edges', () => {
    expect(criticalPath(g, (n) => durations[n.key] ?? 0)).toEqual({ durationMs: 81, path: ['rg', 'st', 'ws'] });
  });

  it('follows the slower dependency into a join', () => {
    const slowVnet: Record<string, number> = { ...durations, vnet: 50, ws: 1 };
    expect(criticalPath(g, (n) => slowVnet[n.key] ?? 0)).toEqual({ durationMs: 81, path: ['rg', 'vnet', 'pe'] });
  });

  it('is zero for an empty graph and rejects negative durations', () => {
    expect(criticalPath(createPlanGraph([]), () => 1)).toEqual({ durationMs: 0, path: [] });
    expect(() => criticalPath(g, () => -1)).toThrow("duration of node 'rg'");
  });
});
