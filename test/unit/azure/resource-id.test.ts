import { describe, expect, it } from 'vitest';
import { parseResourceId, resourceId, resourceTypeOf, rgAndNames, sameId } from '../../../src/azure/resource-id.ts';

const SUB = '00000000-0000-0000-0000-000000000000';
const subnet = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/training`;

describe('resource ids', () => {
  it('builds and parses ids', () => {
    expect(resourceId(SUB, 'rg', 'Microsoft.Network', 'virtualNetworks', 'vnet', 'subnets', 'training')).toBe(subnet);
    expect(parseResourceId(subnet)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'rg',
      namespace: 'Microsoft.Network',
      segments: [
        { type: 'virtualNetworks', name: 'vnet' },
        { type: 'subnets', name: 'training' },
      ],
    });
    expect(parseResourceId(`/subscriptions/${SUB}/resourcegroups/rg`)).toMatchObject({ resourceGroup: 'rg', segments: [] });
  });

  it('gives SDK arguments, checking the type path case-insensitively', () => {
    expect(rgAndNames(subnet, 'virtualNetworks', 'subnets')).toEqual(['rg', 'vnet', 'training']);
    expect(rgAndNames(subnet.replace('virtualNetworks', 'VIRTUALNETWORKS'), 'virtualNetworks', 'subnets')).toEqual(['rg', 'vnet', 'training']);
    expect(() => rgAndNames(subnet, 'virtualNetworks')).toThrow('expected an id of virtualNetworks');
  });

  it.each([
    ['vnet/subnets', subnet, 'Microsoft.Network/virtualNetworks/subnets'],
    ['group', `/subscriptions/${SUB}/resourceGroups/rg`, 'Microsoft.Resources/resourceGroups'],
  ])('type of %s', (_n, id, type) => {
    expect(resourceTypeOf(id)).toBe(type);
  });

  it.each(['', 'subscriptions/x', `/subscriptions/${SUB}`, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks`])(
    'rejects %j',
    (id) => expect(() => parseResourceId(id)).toThrow(),
  );

  it('rejects bad pairs and compares case-insensitively', () => {
    expect(() => resourceId(SUB, 'rg', 'Microsoft.Network', 'virtualNetworks')).toThrow('type/name pairs');
    expect(() => resourceId(SUB, 'rg', 'Microsoft.Network', 'virtualNetworks', 'a/b')).toThrow('type/name pairs');
    expect(sameId(subnet, subnet.toUpperCase())).toBe(true);
    expect(sameId(subnet, undefined)).toBe(false);
  });
});
