import { randomUUID } from 'node:crypto';
import { ArmError } from './errors.ts';

/** Network answers weak ETags (`W/"guid"`), Private DNS bare GUIDs; other providers here have none. */
export type EtagStyle = 'weak' | 'bare';

export const newEtag = (style: EtagStyle): string => (style === 'weak' ? `W/"${randomUUID()}"` : randomUUID());

const normalize = (tag: string): string => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');

export interface Preconditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

const preconditionFailed = (detail: string): ArmError =>
  new ArmError(412, 'PreconditionFailed', `The condition specified using HTTP conditional header(s) is not met. ${detail}`);

/**
 * The ARM conditional-request table (RPC Addendum "ETags for Resources"):
 * PUT/PATCH/POST with `If-Match` need the resource to exist with that tag (`*` = any); `If-None-Match: *` needs it
 * absent. DELETE of a missing resource is 204 whatever the headers, so it is only checked when the resource exists.
 */
export function checkPreconditions(
  method: string,
  existingEtag: string | undefined,
  exists: boolean,
  { ifMatch, ifNoneMatch }: Preconditions,
): void {
  if (method === 'DELETE' && !exists) return;
  if (ifMatch !== undefined) {
    if (!exists) throw preconditionFailed('The resource does not exist.');
    if (ifMatch.trim() !== '*') {
      const wanted = ifMatch.split(',').map(normalize);
      if (existingEtag === undefined || !wanted.includes(normalize(existingEtag))) {
        throw preconditionFailed('The ETag does not match the current ETag of the resource.');
      }
    }
  }
  if (ifNoneMatch !== undefined && exists) {
    const none = ifNoneMatch.trim();
    if (none === '*' || (existingEtag !== undefined && none.split(',').map(normalize).includes(normalize(existingEtag)))) {
      throw preconditionFailed('The resource already exists.');
    }
  }
}
