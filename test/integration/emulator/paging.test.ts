// The three lists the operator relies on (resources of a type in a group, record sets of a zone, role assignments
// at a scope) page like ARM: `{value, nextLink}` with an absolute nextLink on this host, none on the last page,
// and the SDK iterators follow it to the end.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, createResourceGroup, FAST, LOCATION, raw, startHarness, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { READER_ROLE } from './builders.ts';

const PAGE_SIZE = 2;
let h: Harness;
let rg: string;

beforeAll(async () => {
  h = await startHarness({ pageSize: PAGE_SIZE });
  rg = await createResourceGroup(h);
});
afterAll(() => h?.stop());

/** Follows nextLink by hand and returns the page sizes, checking each link is absolute on the emulator's host. */
async function pageSizes(firstUrl: string): Promise<number[]> {
  const sizes: number[] = [];
  let url: string | undefined = firstUrl;
  while (url !== undefined) {
    const res = await raw(h, 'GET', url);
    expect(res.status).toBe(200);
    const page = res.json as { value: unknown[]; nextLink?: string | null };
    sizes.push(page.value.length);
    if (page.nextLink !== undefined && page.nextLink !== null) {
      expect(page.nextLink).not.toBe('');
      expect(page.nextLink.startsWith(`${h.emu.endpoint}/`)).toBe(true);
    }
    url = page.nextLink ?? undefined;
  }
  return sizes;
}

describe('paging', () => {
  it('resources of a type in a resource group', async () => {
    const names = [];
    for (let i = 0; i < 5; i++) {
      const name = uniqueName('nsg');
      names.push(name);
      await h.clients.network.networkSecurityGroups.createOrUpdate(rg, name, { location: LOCATION }, FAST);
    }
    const listed = await all(h.clients.resources.resources.listByResourceGroup(rg, { filter: "resourceType eq 'Microsoft.Network/networkSecurityGroups'" }));
    expect(listed.map((r) => r.name).sort()).toEqual(names.sort());
    expect((await all(h.clients.network.networkSecurityGroups.list(rg))).length).toBe(5);
    const filter = encodeURIComponent("resourceType eq 'Microsoft.Network/networkSecurityGroups'");
    expect(await pageSizes(`/subscriptions/${h.subscriptionId}/resourceGroups/${rg}/resources?api-version=2025-04-01&$filter=${filter}`)).toEqual([2, 2, 1]);
  });

  it('record sets of a zone', async () => {
    const zone = `${uniqueName('z')}.example.internal`;
    await h.clients.privateDns.privateZones.createOrUpdate(rg, zone, { location: 'global' }, FAST);
    for (let i = 0; i < 4; i++) await h.clients.privateDns.recordSets.createOrUpdate(rg, zone, 'A', `r${i}`, { ttl: 10, aRecords: [{ ipv4Address: `10.0.0.${i + 4}` }] });
    expect((await all(h.clients.privateDns.recordSets.listByType(rg, zone, 'A'))).map((r) => r.name).sort()).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect((await all(h.clients.privateDns.recordSets.list(rg, zone))).length).toBe(5); // + SOA
  });

  it('role assignments at a scope', async () => {
    const scope = h.id(`resourceGroups/${rg}`);
    const names = [randomUUID(), randomUUID(), randomUUID()];
    for (const name of names) {
      await h.clients.authorization.roleAssignments.create(scope, name, {
        roleDefinitionId: h.id(`providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE}`),
        principalId: randomUUID(),
      });
    }
    const listed = await all(h.clients.authorization.roleAssignments.listForScope(scope, { filter: 'atScope()' }));
    expect(listed.map((ra) => ra.name)).toEqual(expect.arrayContaining(names));
  });
});
