import { describe, expect, it } from 'vitest';
import { diffSubset } from '../../../src/azure/diff.ts';

const ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ML/providers/Microsoft.Network/virtualNetworks/vnet';

describe('diffSubset', () => {
  it.each([
    ['Azure adds defaults and read-only fields', { a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'x', d: 2 }, etag: 'W/"1"', provisioningState: 'Succeeded' }, []],
    ['a scalar changed', { a: 1 }, { a: 2 }, ['a']],
    ['a nested field is missing', { b: { c: 'x' } }, { b: {} }, ['b.c']],
    ['an owned object is missing', { b: { c: 'x' } }, {}, ['b']],
    ['a location differs only in form', { location: 'East US' }, { location: 'eastus' }, []],
    ['a location differs', { location: 'eastus' }, { location: 'westus' }, ['location']],
    ['ARM ids differ only in case', { id: ID }, { id: ID.toLowerCase() }, []],
    ['GUIDs differ only in case', { p: 'ABCDEF00-0000-0000-0000-000000000000' }, { p: 'abcdef00-0000-0000-0000-000000000000' }, []],
    ['other strings are case-sensitive', { sku: 'Premium' }, { sku: 'premium' }, ['sku']],
    ['sets of scalars ignore order', { p: ['10.0.1.0/24', '10.0.0.0/24'] }, { p: ['10.0.0.0/24', '10.0.1.0/24'] }, []],
    ['sets of scalars must match exactly', { p: ['10.0.0.0/24'] }, { p: ['10.0.0.0/24', '10.0.9.0/24'] }, ['p']],
    ['named children match by name, extra ones are not ours', { s: [{ name: 'a', x: 1 }] }, { s: [{ name: 'z', x: 5 }, { name: 'A', x: 1 }] }, []],
    ['a named child differs', { s: [{ name: 'a', x: 1 }] }, { s: [{ name: 'a', x: 2 }] }, ['s[a].x']],
    ['a named child is missing', { s: [{ name: 'a', x: 1 }] }, { s: [] }, ['s[a]']],
    ['unnamed objects ignore order', { r: [{ ip: '1' }, { ip: '2' }] }, { r: [{ ip: '2' }, { ip: '1' }] }, []],
    ['unnamed objects must all be there', { r: [{ ip: '1' }, { ip: '2' }] }, { r: [{ ip: '1' }, { ip: '3' }] }, ['r']],
    ['unnamed objects: no extra ones', { r: [{ ip: '1' }] }, { r: [{ ip: '1' }, { ip: '3' }] }, ['r']],
    ['tags added by policy are not drift', { tags: { owner: 'ml' } }, { tags: { owner: 'ml', costCenter: '42' } }, []],
    ['a boolean default is compared when owned', { f: false }, {}, ['f']],
  ])('%s', (_name, desired, observed, paths) => {
    expect(diffSubset(desired, observed)).toEqual(paths);
  });

  it('never compares ignored paths', () => {
    expect(diffSubset({ osProfile: { adminPassword: 'x', adminUsername: 'u' } }, { osProfile: { adminUsername: 'u' } }, { ignore: ['osProfile.adminPassword'] })).toEqual([]);
  });
});
