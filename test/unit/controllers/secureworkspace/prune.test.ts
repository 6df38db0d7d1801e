import { describe, expect, it } from 'vitest';
import { orphanRows, pruneGraph } from '../../../../src/controllers/secureworkspace/prune.ts';
import { planSecureWorkspace } from '../../../../src/controllers/secureworkspace/plan.ts';
import { createPlanGraph, topologicalLayers } from '../../../../src/plan/index.ts';
import { customerSpec, input } from './fixtures.ts';

const row = (type: string, id: string, state = 'Succeeded') => ({ type, id, name: id.split('/').at(-1)!, state });

describe('orphanRows', () => {
  const graph = createPlanGraph(planSecureWorkspace(input(customerSpec())));
  const planned = [...graph.nodes.values()].map((n) => row(n.type, n.id));

  it('is empty while the plan still has every recorded resource', () => {
    expect(orphanRows(planned, graph)).toEqual([]);
    expect(orphanRows(undefined, graph)).toEqual([]);
  });

  it('finds what the spec no longer plans, except what the operator must not delete', () => {
    const gone = [
      row('Microsoft.Network/privateEndpoints', '/x/privateEndpoints/p-pe-queue'),
      row('Microsoft.Network/privateDnsZones/A', '/x/privateDnsZones/privatelink.queue.core.windows.net/A/acct', 'Deleting'),
      row('Microsoft.Network/privateDnsZones', '/hub/privateDnsZones/privatelink.queue.core.windows.net', 'External'),
      row('Microsoft.Network/privateDnsZones', '/x/privateDnsZones/privatelink.queue.core.windows.net', 'Adopted'),
      row('Microsoft.Network/virtualNetworks', '/x/virtualNetworks/other'),
    ];
    expect(orphanRows([...planned, ...gone], graph).map((r) => r.name)).toEqual(['p-pe-queue', 'acct']);
  });
});

describe('pruneGraph', () => {
  it('deletes children first: records, then zone groups and role assignments, then endpoints and links, then zones', () => {
    const rows = [
      row('Microsoft.Network/privateDnsZones', '/z'),
      row('Microsoft.Network/privateEndpoints', '/pe'),
      row('Microsoft.Network/privateDnsZones/virtualNetworkLinks', '/z/virtualNetworkLinks/l'),
      row('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', '/pe/privateDnsZoneGroups/default'),
      row('Microsoft.Authorization/roleAssignments', '/pe/providers/Microsoft.Authorization/roleAssignments/r'),
      row('Microsoft.Network/privateDnsZones/A', '/z/A/acct'),
    ];
    const graph = pruneGraph(rows);
    // destroy walks the layers backwards: the last layer is deleted first.
    const ids = topologicalLayers(graph).map((layer) => layer.map((k) => graph.nodes.get(k)!.id).sort());
    expect(ids).toEqual([['/z'], ['/pe', '/z/virtualNetworkLinks/l'], ['/pe/privateDnsZoneGroups/default', '/pe/providers/Microsoft.Authorization/roleAssignments/r'], ['/z/A/acct']]);
  });
});
