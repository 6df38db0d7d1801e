import { describe, expect, it } from 'vitest';
import { idKey, parentId, parseResourceId, splitPath, typePath } from '../../../src/emulator/engine/ids.ts';

const SUB = '/subscriptions/s1';

describe('resource ids', () => {
  it('parse a nested resource', () => {
    const p = parseResourceId(`${SUB}/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/v/subnets/a`);
    expect(p).toMatchObject({ subscriptionId: 's1', resourceGroup: 'RG', namespace: 'Microsoft.Network', types: ['virtualNetworks', 'subnets'], names: ['v', 'a'] });
    expect(p && typePath(p)).toBe('Microsoft.Network/virtualNetworks/v/subnets/a');
  });

  it('parse an extension resource under another resource, keeping that resource as the scope', () => {
    const pe = `${SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe`;
    const p = parseResourceId(`${pe}/providers/Microsoft.Authorization/roleAssignments/g`);
    expect(p).toMatchObject({ scope: pe, namespace: 'Microsoft.Authorization', types: ['roleAssignments'], names: ['g'] });
    expect(parentId(`${pe}/providers/Microsoft.Authorization/roleAssignments/g`)).toBe(pe);
  });

  it('give the parent of nested resources and the group of top-level ones', () => {
    expect(parentId(`${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a`)).toBe(
      `${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`,
    );
    expect(parentId(`${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`)).toBe(`${SUB}/resourceGroups/rg`);
  });

  it('refuse what is not a resource id', () => {
    expect(parseResourceId('not-an-id')).toBeUndefined();
    expect(parseResourceId(`${SUB}/resourceGroups/rg`)).toBeUndefined();
    expect(parseResourceId(`${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks`)).toBeUndefined();
  });

  it('key case-insensitively and tolerate empty or encoded segments', () => {
    expect(idKey('/Subscriptions/S1//resourceGroups/RG')).toBe(idKey('/subscriptions/s1/resourcegroups/rg'));
    expect(splitPath('/a/b%20c//d')).toEqual(['a', 'b c', 'd']);
  });
});
