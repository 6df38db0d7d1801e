import { describe, expect, it } from 'vitest';
import { ObjectCache } from '../../../src/runtime/cache.ts';
import type { KubeObject } from '../../../src/runtime/resource.ts';

interface Ibc extends KubeObject {
  spec: { workspaceRef: string };
}

const ibc = (namespace: string, name: string, workspace: string, rv = '1'): Ibc => ({
  metadata: { namespace, name, resourceVersion: rv },
  spec: { workspaceRef: workspace },
});

describe('ObjectCache', () => {
  it('gets, lists by namespace and deletes', () => {
    const cache = new ObjectCache<Ibc>();
    cache.set(ibc('a', 'x', 'w'));
    cache.set(ibc('b', 'y', 'w'));
    expect(cache.get('a', 'x')?.metadata.name).toBe('x');
    expect(cache.list('b').map((o) => o.metadata.name)).toEqual(['y']);
    expect(cache.list()).toHaveLength(2);
    expect(cache.delete('a/x')?.metadata.name).toBe('x');
    expect(cache.get('a', 'x')).toBeUndefined();
    expect(cache.delete('a/x')).toBeUndefined();
  });

  it('maintains indexes through adds, moves and deletes, including for objects cached before the index', () => {
    const cache = new ObjectCache<Ibc>();
    cache.set(ibc('ns', 'early', 'ns/ws-1'));
    cache.addIndex('workspace', (o) => [o.spec.workspaceRef]);
    cache.set(ibc('ns', 'late', 'ns/ws-1'));
    const names = (ws: string): string[] => cache.byIndex('workspace', ws).map((o) => o.metadata.name!).sort();
    expect(names('ns/ws-1')).toEqual(['early', 'late']);
    // The reference moves: the object leaves the old bucket.
    cache.set(ibc('ns', 'late', 'ns/ws-2', '2'));
    expect(names('ns/ws-1')).toEqual(['early']);
    expect(names('ns/ws-2')).toEqual(['late']);
    cache.delete('ns/early');
    expect(names('ns/ws-1')).toEqual([]);
    expect(() => cache.byIndex('nope', 'x')).toThrow(/unknown index/);
    expect(() => cache.addIndex('workspace', () => [])).toThrow(/already defined/);
  });
});
