import type { JsonObject, StoredResource, World } from './types.ts';

/** The JSON a GET returns: the stored body plus what the type computes at read time. */
export function renderResource(world: World, r: StoredResource): JsonObject {
  const body = structuredClone(r.body);
  const def = world.def(r.type);
  def?.render?.(body, r, world);
  return body;
}

export const propertiesOf = (body: JsonObject): JsonObject => {
  const p = body['properties'];
  if (p !== null && typeof p === 'object' && !Array.isArray(p)) return p as JsonObject;
  const fresh: JsonObject = {};
  body['properties'] = fresh;
  return fresh;
};

export const asObject = (v: unknown): JsonObject | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `{id}` of a reference property (`subnet: {id}`), if it has one. */
export const refId = (v: unknown): string | undefined => asString(asObject(v)?.['id']);

export function setProvisioningState(r: StoredResource, state: string): void {
  propertiesOf(r.body)['provisioningState'] = state;
}

export const provisioningStateOf = (r: StoredResource): string | undefined => asString(asObject(r.body['properties'])?.['provisioningState']);
