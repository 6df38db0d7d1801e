import { badRequest, invalidReference, linkedInvalidPropertyId } from './errors.ts';
import { idKey, parseResourceId } from './ids.ts';
import { asObject } from './render.ts';
import type { StoredResource, World } from './types.ts';

function holds(value: unknown, key: string, target: string): boolean {
  if (Array.isArray(value)) return value.some((v) => holds(v, key, target));
  const o = asObject(value);
  if (!o) return false;
  for (const [k, v] of Object.entries(o)) {
    if (k === key) {
      const refs = Array.isArray(v) ? v : [v];
      if (refs.some((r) => typeof asObject(r)?.['id'] === 'string' && idKey(asObject(r)!['id'] as string) === target)) return true;
    }
    if (typeof v === 'object' && holds(v, key, target)) return true;
  }
  return false;
}

/**
 * Resources (other than `targetId` and its own children) whose body references `targetId` through a property
 * named `key` (`subnet: {id}`, `networkInterfaces: [{id}]`…), at any depth: how "in use" is decided.
 */
export function findReferrers(world: World, targetId: string, key: string): StoredResource[] {
  const target = idKey(targetId);
  return world.store
    .all()
    .filter((r) => {
      const k = idKey(r.id);
      return k !== target && !k.startsWith(target + '/') && holds(r.body, key, target);
    });
}

/**
 * Resolves a reference property: 400 LinkedInvalidPropertyId when it is not a resource id, 400
 * InvalidResourceReference when it names a missing resource (or one of another type than expected).
 */
export function requireReference(world: World, value: unknown, path: string, referrerId: string, expectedType?: string): StoredResource {
  if (typeof value !== 'string' || !parseResourceId(value)) throw linkedInvalidPropertyId(String(value ?? ''), path);
  const found = world.store.get(value);
  if (!found || (expectedType && found.type.toLowerCase() !== expectedType.toLowerCase())) throw invalidReference(value, referrerId);
  return found;
}

/** 400 when a required property is missing. */
export function requireProperty<T>(value: T | undefined | null, path: string): T {
  if (value === undefined || value === null || value === '') {
    throw badRequest('InvalidRequestFormat', `Cannot parse the request: the property '${path}' is required.`, path);
  }
  return value;
}
