// The ownership rules of src/controllers/shared/ownership.ts, over an in-memory adapter (a double of our own
// AdapterSet interface, not of the Azure SDK).
import { describe, expect, it } from 'vitest';
import { MANAGED_BY_TAG, ownerTagValue, trackOwnership } from '../../../../src/controllers/shared/ownership.ts';
import type { AdapterSet, ResourceAdapter } from '../../../../src/plan/index.ts';

type Body = { tags?: Record<string, string>; location?: string };

function memoryCloud(initial: Record<string, Body> = {}) {
  const store = new Map<string, Body>(Object.entries(initial));
  const calls: string[] = [];
  const adapter: ResourceAdapter<Body, Body, Body> = {
    get: async (id) => (calls.push(`get ${id}`), store.get(id)),
    put: async (id, spec) => {
      calls.push(`put ${id}`);
      store.set(id, structuredClone(spec));
      return spec;
    },
    delete: async (id) => {
      calls.push(`delete ${id}`);
      store.delete(id);
    },
    diff: (spec, observed) => (spec.location === observed.location ? [] : ['location']),
    provisioningState: () => undefined,
    output: (o) => o,
  };
  const adapters: AdapterSet = {
    resource: () => adapter as ResourceAdapter,
    action: () => undefined,
    classifyError: () => ({ kind: 'terminal', code: 'X', message: 'x' }),
  };
  return { store, calls, adapters };
}

const OWNER = ownerTagValue('team-a', 'ws');
const signal = new AbortController().signal;
const ctx = { signal };
const VNET = 'Microsoft.Network/virtualNetworks';
const RG = 'Microsoft.Resources/resourceGroups';

describe('trackOwnership', () => {
  it('stamps what it creates, keeping the user tags', async () => {
    const cloud = memoryCloud();
    const vnets = trackOwnership(cloud.adapters, OWNER).adapters.resource(VNET)!;
    await vnets.put('/v', { location: 'eastus', tags: { env: 'dev' } }, undefined, ctx);
    expect(cloud.store.get('/v')?.tags).toEqual({ env: 'dev', [MANAGED_BY_TAG]: 'team-a/ws' });
  });

  it('keeps its stamp and tags others set when it updates what it created', async () => {
    const cloud = memoryCloud({ '/v': { location: 'westus', tags: { [MANAGED_BY_TAG]: OWNER, policy: 'p' } } });
    const vnets = trackOwnership(cloud.adapters, OWNER).adapters.resource(VNET)!;
    const observed = await vnets.get('/v', ctx);
    await vnets.put('/v', { location: 'eastus' }, observed, ctx);
    expect(cloud.store.get('/v')?.tags).toEqual({ [MANAGED_BY_TAG]: OWNER, policy: 'p' });
  });

  it('adopts an existing resource: manages it, never stamps it, never deletes it', async () => {
    const cloud = memoryCloud({ '/v': { location: 'westus', tags: { owner: 'netops' } } });
    const tracker = trackOwnership(cloud.adapters, OWNER);
    const vnets = tracker.adapters.resource(VNET)!;
    const observed = (await vnets.get('/v', ctx))!;
    expect(vnets.diff({ location: 'eastus' }, observed, '/v')).toEqual(['location']);
    await vnets.put('/v', { location: 'eastus' }, observed, ctx);
    expect(cloud.store.get('/v')).toEqual({ location: 'eastus', tags: { owner: 'netops' } });
    expect([...tracker.adopted()]).toEqual(['/v']);
    await vnets.get('/v', ctx);
    await vnets.delete('/v', ctx);
    expect(cloud.store.has('/v')).toBe(true);
    expect([...tracker.retained()]).toEqual(['/v']);
  });

  it('only uses an existing resource group: no diff, so no write', async () => {
    const cloud = memoryCloud({ '/rg': { location: 'westeurope' } });
    const groups = trackOwnership(cloud.adapters, OWNER).adapters.resource(RG)!;
    const observed = (await groups.get('/rg', ctx))!;
    expect(groups.diff({ location: 'eastus' }, observed, '/rg')).toEqual([]);
  });

  it('deletes what carries its stamp', async () => {
    const cloud = memoryCloud({ '/v': { tags: { [MANAGED_BY_TAG]: OWNER } } });
    const vnets = trackOwnership(cloud.adapters, OWNER).adapters.resource(VNET)!;
    await vnets.get('/v', ctx);
    await vnets.delete('/v', ctx);
    expect(cloud.store.has('/v')).toBe(false);
  });

  it('refuses to take over a resource stamped by another object', async () => {
    const cloud = memoryCloud({ '/v': { location: 'eastus', tags: { [MANAGED_BY_TAG]: 'team-b/other' } } });
    const tracker = trackOwnership(cloud.adapters, OWNER);
    const vnets = tracker.adapters.resource(VNET)!;
    const observed = (await vnets.get('/v', ctx))!;
    expect(vnets.diff({ location: 'eastus' }, observed, '/v')).toEqual([`tags.${MANAGED_BY_TAG}`]);
    await expect(vnets.put('/v', { location: 'eastus' }, observed, ctx)).rejects.toMatchObject({ code: 'NameConflict', kind: 'terminal', message: expect.stringContaining('team-b/other') });
    await vnets.delete('/v', ctx);
    expect(cloud.store.has('/v')).toBe(true);
  });

  it('leaves untaggable types (records, zone groups, role assignments, subnets) alone', async () => {
    const cloud = memoryCloud({ '/r': {} });
    const records = trackOwnership(cloud.adapters, OWNER).adapters.resource('Microsoft.Network/privateDnsZones/A')!;
    await records.put('/n', { location: 'x' }, undefined, ctx);
    expect(cloud.store.get('/n')).toEqual({ location: 'x' });
    await records.get('/r', ctx);
    await records.delete('/r', ctx);
    expect(cloud.store.has('/r')).toBe(false);
  });
});
