import { RESOURCE_GROUP_TYPE } from '../engine/resource-groups.ts';
import type { TypeDef } from '../engine/types.ts';

/** api-versions of Microsoft.Resources (groups, generic resource lists); 2025-04-01 is @azure/arm-resources 8's. */
export const RESOURCES_API_VERSIONS = [
  '2019-10-01',
  '2020-06-01',
  '2020-10-01',
  '2021-01-01',
  '2021-04-01',
  '2022-09-01',
  '2023-07-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-03-01',
  '2025-04-01',
] as const;

/** Resource groups are served by the engine itself (they have no /providers/ path); this declares their versions. */
export const resourceGroups: TypeDef = {
  type: RESOURCE_GROUP_TYPE,
  apiVersions: RESOURCES_API_VERSIONS,
  patterns: { put: 'sync', delete: 'location' },
  location: 'required',
  states: { create: 'Succeeded', update: 'Succeeded', delete: 'Deleting' },
};
