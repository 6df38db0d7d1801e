// Faults as real ARM produces them, and how the SDK pipeline the operator builds (createArmClients) reacts:
// throttling with Retry-After, 5xx and connection resets retried, LRO failure and cancellation surfaced.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createResourceGroup, FAST, LOCATION, raw, startHarness, thrown, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';
import { createVnet } from './builders.ts';
import type { VnetLayout } from './builders.ts';

let h: Harness;
let rg: string;
let layout: VnetLayout;

beforeAll(async () => {
  h = await startHarness();
  rg = await createResourceGroup(h);
  layout = await createVnet(h, rg);
});
afterEach(async () => {
  await h.emu.admin.clearFaults();
  await h.emu.admin.setThrottling(false);
});
afterAll(() => h?.stop());

/** Statuses the emulator answered for GETs of this VNet, oldest first. */
async function statusesFor(name: string): Promise<number[]> {
  const log = await h.emu.admin.requests();
  return log.filter((r) => r.method === 'GET' && r.path.toLowerCase().endsWith(`/virtualnetworks/${name.toLowerCase()}`)).map((r) => r.status);
}

const vnetGetRule = () => ({ method: 'GET', pathRegex: `/virtualNetworks/${layout.vnetName}$` });

describe('throttling', () => {
  it('the SDK waits for Retry-After on a 429 and then succeeds', async () => {
    await h.emu.admin.clearRequests();
    await h.emu.admin.injectFault({
      match: vnetGetRule(),
      count: 1,
      kind: 'http',
      status: 429,
      code: 'SubscriptionRequestsThrottled',
      message: "Number of 'read' requests for subscription exceeded.",
      retryAfter: 1,
    });
    const started = Date.now();
    const vnet = await h.clients.network.virtualNetworks.get(rg, layout.vnetName);
    expect(vnet.name).toBe(layout.vnetName);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await statusesFor(layout.vnetName)).toEqual([429, 200]);
  });

  it('with maxRetries 0 the RestError carries 429 SubscriptionRequestsThrottled', async () => {
    await h.emu.admin.injectFault({
      match: vnetGetRule(),
      count: 1,
      kind: 'http',
      status: 429,
      code: 'SubscriptionRequestsThrottled',
      message: "Number of 'read' requests for subscription exceeded.",
      retryAfter: 1,
    });
    const noRetry = h.connect({ retry: { maxRetries: 0 } });
    const err = await thrown(() => noRetry.network.virtualNetworks.get(rg, layout.vnetName));
    expect(err).toMatchObject({ statusCode: 429, code: 'SubscriptionRequestsThrottled' });
  });

  it('the token bucket empties after 250 reads and answers 429 with Retry-After and a draining remaining-reads header', async () => {
    await h.emu.admin.setThrottling(true);
    const path = `${layout.vnetId}?api-version=2026-01-01`;
    const first = await raw(h, 'GET', path);
    const remainingAtStart = Number(first.headers['x-ms-ratelimit-remaining-subscription-reads']);
    expect(remainingAtStart).toBeGreaterThan(200);
    const statuses: number[] = [first.status];
    let throttled: Awaited<ReturnType<typeof raw>> | undefined;
    for (let batch = 0; batch < 8 && throttled === undefined; batch++) {
      const responses = await Promise.all(Array.from({ length: 50 }, () => raw(h, 'GET', path)));
      statuses.push(...responses.map((r) => r.status));
      throttled = responses.find((r) => r.status === 429);
    }
    expect(throttled, `no 429 after ${statuses.length} reads`).toBeDefined();
    expect(Number(throttled?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(throttled?.json).toMatchObject({ error: { code: 'SubscriptionRequestsThrottled' } });
  });
});

describe('transient server faults', () => {
  it.each([
    [500, 'InternalServerError'],
    [503, 'ServiceUnavailable'],
  ])('a %i is retried by the SDK', async (status, code) => {
    await h.emu.admin.clearRequests();
    await h.emu.admin.injectFault({ match: vnetGetRule(), count: 1, kind: 'http', status, code, message: 'transient' });
    expect((await h.clients.network.virtualNetworks.get(rg, layout.vnetName)).name).toBe(layout.vnetName);
    expect(await statusesFor(layout.vnetName)).toEqual([status, 200]);
  });

  it('a 500 that outlasts the retries surfaces as a RestError with the ARM code', async () => {
    await h.emu.admin.injectFault({ match: vnetGetRule(), count: 5, kind: 'http', status: 500, code: 'InternalServerError', message: 'still broken' });
    const err = await thrown(() => h.clients.network.virtualNetworks.get(rg, layout.vnetName));
    expect(err).toMatchObject({ statusCode: 500, code: 'InternalServerError' });
  });

  it('a connection reset is retried', async () => {
    await h.emu.admin.injectFault({ match: vnetGetRule(), count: 1, kind: 'reset' });
    expect((await h.clients.network.virtualNetworks.get(rg, layout.vnetName)).name).toBe(layout.vnetName);
  });
});

describe('LRO terminal failures', () => {
  it('an operation ending Failed rejects with the error code and message', async () => {
    const name = uniqueName('vnet');
    await h.emu.admin.injectFault({
      match: { method: 'PUT', pathRegex: `/virtualNetworks/${name}$` },
      count: 1,
      kind: 'lro-failed',
      code: 'InternalServerError',
      message: 'fidelity boom',
    });
    const err = await thrown(() =>
      h.clients.network.virtualNetworks.createOrUpdate(rg, name, { location: LOCATION, addressSpace: { addressPrefixes: ['10.90.0.0/16'] } }, FAST),
    );
    expect(err.message).toMatch(/The long-running operation has failed/);
    expect(err.message).toContain('InternalServerError');
    expect(err.message).toContain('fidelity boom');
    expect((await h.clients.network.virtualNetworks.get(rg, name)).provisioningState).toBe('Failed');
  });

  it('an operation ending Canceled rejects as canceled', async () => {
    const name = uniqueName('vnet');
    await h.emu.admin.injectFault({ match: { method: 'PUT', pathRegex: `/virtualNetworks/${name}$` }, count: 1, kind: 'lro-canceled' });
    const err = await thrown(() =>
      h.clients.network.virtualNetworks.createOrUpdate(rg, name, { location: LOCATION, addressSpace: { addressPrefixes: ['10.91.0.0/16'] } }, FAST),
    );
    expect(err.message).toMatch(/cancel/i);
  });
});
