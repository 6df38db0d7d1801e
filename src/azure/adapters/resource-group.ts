import type { ResourceGroup } from '@azure/arm-resources';
import { AdapterError } from '../errors.ts';
import { parseResourceId } from '../resource-id.ts';
import { defineResourceAdapter, withTags } from './define.ts';

export interface ResourceGroupSpec {
  readonly location: string;
  readonly tags?: Record<string, string>;
}

export interface ResourceGroupOutput {
  readonly id: string;
  readonly name: string;
  readonly location: string;
}

/**
 * Types Azure creates by itself next to ours and deletes with the group: App Insights adds a "Failure Anomalies"
 * smart detector rule. They do not count as someone else's resources.
 */
const AZURE_COMPANIONS = new Set(['microsoft.alertsmanagement/smartdetectoralertrules']);

const groupOf = (id: string): string => {
  const parsed = parseResourceId(id);
  if (parsed.segments.length > 0) throw new AdapterError('InvalidResourceId', `not a resource group id: '${id}'`);
  return parsed.resourceGroup;
};

export const resourceGroups = defineResourceAdapter<ResourceGroupSpec, ResourceGroup, ResourceGroupOutput>({
  key: 'Microsoft.Resources/resourceGroups',
  noun: 'ResourceGroup',
  get: ({ clients }, id, opts) => clients.resources.resourceGroups.get(groupOf(id), opts),
  put: ({ clients }, id, spec, _observed, opts) =>
    clients.resources.resourceGroups.createOrUpdate(groupOf(id), withTags({ location: spec.location }, spec.tags), opts),
  async delete({ clients }, id, opts) {
    // Deleting a group deletes everything in it; refuse while resources the graph does not know are still there.
    const group = groupOf(id);
    const leftovers: string[] = [];
    for await (const r of clients.resources.resources.listByResourceGroup(group, { abortSignal: opts.abortSignal })) {
      if (r.id && !AZURE_COMPANIONS.has((r.type ?? '').toLowerCase())) leftovers.push(r.id);
      if (leftovers.length >= 5) break;
    }
    if (leftovers.length > 0) {
      throw new AdapterError(
        'ResourceGroupNotEmpty',
        `resource group '${group}' still holds resources the operator did not create (${leftovers.join(', ')}); ` +
          'remove them or delete the group yourself',
        'conflict',
      );
    }
    await clients.resources.resourceGroups.delete(group, opts);
  },
  owned: (spec) => withTags({ location: spec.location }, spec.tags),
  immutable: ['location'],
  provisioningState: (o) => o.properties?.provisioningState,
  output: (o, id) => ({ id: o.id ?? id, name: o.name ?? groupOf(id), location: o.location }),
});
