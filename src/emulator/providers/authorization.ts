import { badRequest, conflict } from '../engine/errors.ts';
import { idKey, nameOf, parentId } from '../engine/ids.ts';
import { asString, propertiesOf } from '../engine/render.ts';
import type { StoredResource, TypeDef } from '../engine/types.ts';

const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';

/** api-versions of role assignments; 2022-04-01 is @azure/arm-authorization 9's. */
export const AUTHORIZATION_API_VERSIONS = [
  '2015-07-01', '2018-01-01-preview', '2018-09-01-preview', '2020-04-01-preview', '2020-08-01-preview', '2020-10-01-preview',
  '2022-04-01',
] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_DEFINITION_ID = /^(\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i;

const same = (a: unknown, b: unknown): boolean => String(a).toLowerCase() === String(b).toLowerCase();

/** True when `scope` is `inner` or one of its ancestors. */
const isAtOrAbove = (scope: string, inner: string): boolean => {
  const s = idKey(scope);
  const i = idKey(inner);
  return i === s || i.startsWith(s + '/');
};

const scopeOf = (ra: StoredResource): string => String(propertiesOf(ra.body)['scope']);

/**
 * Role assignments at any scope (extension resources): synchronous, GUID names, one per (role, principal, scope).
 * Listing at a scope honours `$filter=atScope()` (at or above the scope) and `principalId eq '…'`.
 */
export const roleAssignments: TypeDef = {
  type: ROLE_ASSIGNMENT_TYPE,
  apiVersions: AUTHORIZATION_API_VERSIONS,
  patterns: { put: 'sync', delete: 'sync' },
  location: 'none',
  deleteReturnsBody: true,
  prepare(w) {
    const name = nameOf(w.id);
    if (!GUID.test(name)) {
      throw badRequest('InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    }
    const props = propertiesOf(w.resource.body);
    const roleDefinitionId = asString(props['roleDefinitionId']);
    if (!roleDefinitionId || !ROLE_DEFINITION_ID.test(roleDefinitionId)) {
      throw badRequest('InvalidRoleDefinitionId', `The role definition ID '${String(roleDefinitionId)}' is not valid.`);
    }
    const principalId = asString(props['principalId']);
    if (!principalId || !GUID.test(principalId)) throw badRequest('InvalidPrincipalId', `The principal ID '${String(principalId)}' is not valid.`);
    const scope = parentId(w.id);
    if (w.existing) {
      const before = propertiesOf(w.existing.body);
      if (!same(before['principalId'], principalId) || !same(before['roleDefinitionId'], roleDefinitionId)) {
        throw badRequest('RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.');
      }
    }
    const duplicate = w.world.store
      .ofType(ROLE_ASSIGNMENT_TYPE)
      .find(
        (ra) =>
          idKey(ra.id) !== idKey(w.id) &&
          idKey(scopeOf(ra)) === idKey(scope) &&
          same(propertiesOf(ra.body)['principalId'], principalId) &&
          same(propertiesOf(ra.body)['roleDefinitionId'], roleDefinitionId),
      );
    if (duplicate) throw conflict('RoleAssignmentExists', `The role assignment already exists. The ID of the existing role assignment is ${nameOf(duplicate.id)}.`);
    const now = new Date(w.world.now()).toISOString();
    const before = w.existing ? propertiesOf(w.existing.body) : {};
    props['scope'] = scope;
    props['principalType'] ??= 'User';
    props['condition'] ??= null;
    props['conditionVersion'] ??= null;
    props['createdOn'] = before['createdOn'] ?? now;
    props['updatedOn'] = now;
    props['createdBy'] = before['createdBy'] ?? null;
    props['updatedBy'] = null;
    props['delegatedManagedIdentityResourceId'] ??= null;
    props['description'] ??= null;
  },
  list(l) {
    const filter = l.query.get('$filter') ?? '';
    const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1];
    const atScope = /atScope\(\)/i.test(filter);
    return l.world.store.ofType(ROLE_ASSIGNMENT_TYPE).filter((ra) => {
      const scope = scopeOf(ra);
      const related = atScope ? isAtOrAbove(scope, l.parentId) : isAtOrAbove(scope, l.parentId) || isAtOrAbove(l.parentId, scope);
      return related && (!principal || same(propertiesOf(ra.body)['principalId'], principal));
    });
  },
};
