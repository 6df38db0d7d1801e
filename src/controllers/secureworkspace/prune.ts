// Resources an earlier generation created that the current spec no longer plans (e.g. the queue endpoint after
// `queue` left storage.extraPrivateEndpoints): found in the status inventory, deleted children first.
import { createPlanGraph } from '../../plan/index.ts';
import type { PlanGraph, PlanNode } from '../../plan/index.ts';
import type { ResourceRow } from './status.ts';

/**
 * Creation order of the types a plan can stop planning: a type is deleted only after every type that comes later
 * in this list. Types missing here (the resource group, the VNet, the workspace) cannot leave the plan: their
 * inputs are immutable.
 */
const CREATION_ORDER: readonly (readonly string[])[] = [
  ['Microsoft.Network/privateDnsZones'],
  ['Microsoft.Network/privateEndpoints', 'Microsoft.Network/privateDnsZones/virtualNetworkLinks'],
  ['Microsoft.Network/privateEndpoints/privateDnsZoneGroups', 'Microsoft.Authorization/roleAssignments'],
  ['Microsoft.Network/privateDnsZones/A'],
];

function rankOf(type: string): number {
  return CREATION_ORDER.findIndex((types) => types.some((t) => t.toLowerCase() === type.toLowerCase()));
}

/** States of inventory rows that may exist in Azure and are the operator's to delete. */
const DELETABLE_STATES = new Set(['Succeeded', 'InProgress', 'Waiting', 'Failed', 'Deleting']);

/** The rows of `previous` that `graph` no longer plans and the operator may delete. */
export function orphanRows(previous: readonly ResourceRow[] | undefined, graph: PlanGraph): ResourceRow[] {
  const planned = new Set([...graph.nodes.values()].map((n) => n.id.toLowerCase()));
  return (previous ?? []).filter((r) => !planned.has(r.id.toLowerCase()) && DELETABLE_STATES.has(r.state) && rankOf(r.type) >= 0);
}

/** A graph to `destroy`: each orphan depends on the orphans of earlier types, so later types go first. */
export function pruneGraph(rows: readonly ResourceRow[]): PlanGraph {
  const nodes: PlanNode[] = rows.map((row, i) => ({
    kind: 'resource',
    key: `prune/${i}`,
    type: row.type,
    id: row.id,
    stage: 'Prune',
    waitReason: 'WaitingForPrune',
    ownership: 'managed',
    dependsOn: rows.flatMap((other, j) => (rankOf(other.type) < rankOf(row.type) ? [`prune/${j}`] : [])),
    desired: () => {
      throw new Error(`${row.id} is being removed; it has no desired state`);
    },
  }));
  return createPlanGraph(nodes);
}
