// Microsoft.Authorization/roleAssignments through the real arm-authorization 9 (HLC) client, at a private
// endpoint scope as the operator grants them (workspace identity Reader on the storage endpoints).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, createResourceGroup, startHarness, thrown } from './harness.ts';
import type { Harness } from './harness.ts';
import { createPrivateEndpoint, createStorageAccount, createVnet, READER_ROLE } from './builders.ts';

let h: Harness;
let rg: string;
let peId: string;
let rgScope: string;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
  const layout = await createVnet(h, rg);
  const storage = await createStorageAccount(h, rg);
  peId = (await createPrivateEndpoint(h, rg, layout.subnets['training'] ?? '', storage.id, 'blob')).pe.id ?? '';
  rgScope = h.id(`resourceGroups/${rg}`);
});
afterAll(() => h?.stop());

const readerRoleId = () => h.id(`providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE}`);

describe('role assignments', () => {
  it('create at a private endpoint scope, get, list at scope, delete', async () => {
    const name = randomUUID();
    const principalId = randomUUID();
    const created = await h.clients.authorization.roleAssignments.create(peId, name, {
      roleDefinitionId: readerRoleId(),
      principalId,
      principalType: 'ServicePrincipal',
    });
    expect(created).toMatchObject({ name, principalId, type: 'Microsoft.Authorization/roleAssignments' });
    expect(created.scope?.toLowerCase()).toBe(peId.toLowerCase());
    expect(created.id?.toLowerCase()).toBe(`${peId}/providers/Microsoft.Authorization/roleAssignments/${name}`.toLowerCase());
    expect(created.roleDefinitionId?.toLowerCase()).toBe(readerRoleId().toLowerCase());

    const got = await h.clients.authorization.roleAssignments.get(peId, name);
    expect(got.principalId).toBe(principalId);

    const listed = await all(h.clients.authorization.roleAssignments.listForScope(peId, { filter: 'atScope()' }));
    expect(listed.map((ra) => ra.name)).toContain(name);

    await h.clients.authorization.roleAssignments.delete(peId, name);
    expect(await thrown(() => h.clients.authorization.roleAssignments.get(peId, name))).toMatchObject({ statusCode: 404 });
  });

  it('atScope() returns assignments at or above the scope, never below it', async () => {
    const atPe = randomUUID();
    const atGroup = randomUUID();
    await h.clients.authorization.roleAssignments.create(peId, atPe, { roleDefinitionId: readerRoleId(), principalId: randomUUID() });
    await h.clients.authorization.roleAssignments.create(rgScope, atGroup, { roleDefinitionId: readerRoleId(), principalId: randomUUID() });

    const fromPe = (await all(h.clients.authorization.roleAssignments.listForScope(peId, { filter: 'atScope()' }))).map((ra) => ra.name);
    expect(fromPe).toEqual(expect.arrayContaining([atPe, atGroup]));
    const fromGroup = (await all(h.clients.authorization.roleAssignments.listForScope(rgScope, { filter: 'atScope()' }))).map((ra) => ra.name);
    expect(fromGroup).toContain(atGroup);
    expect(fromGroup).not.toContain(atPe);
  });

  it('refuses a second assignment of the same role to the same principal at the same scope (409 RoleAssignmentExists)', async () => {
    const principalId = randomUUID();
    await h.clients.authorization.roleAssignments.create(peId, randomUUID(), { roleDefinitionId: readerRoleId(), principalId });
    const err = await thrown(() =>
      h.clients.authorization.roleAssignments.create(peId, randomUUID(), { roleDefinitionId: readerRoleId(), principalId }),
    );
    expect(err).toMatchObject({ statusCode: 409, code: 'RoleAssignmentExists' });
  });
});
