// ARM error contract: codes, messages and envelope as real ARM answers them, seen through the SDKs' RestError
// (statusCode + code) and, where an SDK cannot send the request, over raw HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, FAST, LOCATION, raw, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createVnet } from './builders.ts';

let h: Harness;
let rg: string;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
});
afterAll(() => h?.stop());

/** The api-version arm-network 39 sends. */
const NETWORK_API = '2026-01-01';
const vnetPath = (group: string, name: string) => `/subscriptions/${h.subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/${name}`;

describe('not-found family', () => {
  it('ResourceNotFound names the type, the resource and the group', async () => {
    const err = await thrown(() => h.clients.network.virtualNetworks.get(rg, 'absent'));
    expect(err).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect(err.message).toContain(`'Microsoft.Network/virtualNetworks/absent'`);
    expect(err.message).toContain(`resource group '${rg}'`);
  });

  it('ResourceGroupNotFound on any call under a missing group', async () => {
    const err = await thrown(() => h.clients.network.virtualNetworks.get('no-such-group', 'x'));
    expect(err).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    expect(err.message).toBe("Resource group 'no-such-group' could not be found.");
    const put = await thrown(() =>
      h.clients.network.virtualNetworks.createOrUpdate('no-such-group', 'x', { location: LOCATION, addressSpace: { addressPrefixes: ['10.0.0.0/16'] } }, FAST),
    );
    expect(put).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
  });

  it('ParentResourceNotFound for a child PUT under a missing parent', async () => {
    const err = await thrown(() => h.clients.network.subnets.createOrUpdate(rg, 'no-such-vnet', 'a', { addressPrefix: '10.0.0.0/24' }, FAST));
    expect(err).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
    expect(err.message).toContain('no-such-vnet');
  });
});

describe('request validation (raw HTTPS: the SDKs always send these)', () => {
  it('MissingApiVersionParameter without api-version', async () => {
    const res = await raw(h, 'GET', vnetPath(rg, 'x'));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' },
    });
  });

  it('NoRegisteredProviderFound for an api-version the provider does not have', async () => {
    const res = await raw(h, 'GET', `${vnetPath(rg, 'x')}?api-version=1999-01-01`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'NoRegisteredProviderFound' } });
    expect(JSON.stringify(res.json)).toContain('1999-01-01');
  });

  it('401 AuthenticationFailed without a bearer token', async () => {
    const res = await raw(h, 'GET', `${vnetPath(rg, 'x')}?api-version=${NETWORK_API}`, undefined, { authorization: null });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: { code: 'AuthenticationFailed' } });
  });

  it('every error carries the ARM envelope headers', async () => {
    const res = await raw(h, 'GET', `${vnetPath(rg, 'absent')}?api-version=${NETWORK_API}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-ms-request-id']).toBeTruthy();
    expect(res.headers['x-ms-correlation-request-id']).toBeTruthy();
  });
});

describe('concurrency', () => {
  it('AnotherOperationInProgress (409) for a second write while the first one runs; GET shows Updating', async () => {
    await h.emu.admin.setLatency('realistic', 0.2);
    try {
      const name = uniqueName('vnet');
      const body = { location: LOCATION, addressSpace: { addressPrefixes: ['10.70.0.0/16'] } };
      const first = h.clients.network.virtualNetworks.createOrUpdate(rg, name, body, FAST);
      await first.submitted();
      expect((await h.clients.network.virtualNetworks.get(rg, name)).provisioningState).toBe('Updating');

      const second = await thrown(() => h.clients.network.virtualNetworks.createOrUpdate(rg, name, { ...body, tags: { b: '1' } }, FAST));
      expect(second).toMatchObject({ statusCode: 409, code: 'AnotherOperationInProgress' });

      expect((await first).provisioningState).toBe('Succeeded');
      const after = await h.clients.network.virtualNetworks.createOrUpdate(rg, name, { ...body, tags: { b: '1' } }, FAST);
      expect(after.tags).toEqual({ b: '1' });
    } finally {
      await h.emu.admin.setLatency('instant');
    }
  });

  it('a subnet write while its VNet is being updated is refused the same way', async () => {
    const layout = await createVnet(h, rg, { a: '10.20.0.0/24' });
    await h.emu.admin.setLatency('realistic', 0.2);
    try {
      const update = h.clients.network.virtualNetworks.createOrUpdate(
        rg,
        layout.vnetName,
        { location: LOCATION, addressSpace: { addressPrefixes: ['10.20.0.0/16'] }, subnets: [{ name: 'a', addressPrefix: '10.20.0.0/24' }], tags: { x: 'y' } },
        FAST,
      );
      await update.submitted();
      const err = await thrown(() => h.clients.network.subnets.createOrUpdate(rg, layout.vnetName, 'b', { addressPrefix: '10.20.1.0/24' }, FAST));
      expect(err).toMatchObject({ statusCode: 409, code: 'AnotherOperationInProgress' });
      await update;
    } finally {
      await h.emu.admin.setLatency('instant');
    }
  });
});
