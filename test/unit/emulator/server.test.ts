import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

/** One HTTPS call trusting only the emulator's certificate, as an SDK client configured with `tlsOptions.ca`. */
function call(emu: RunningEmulator, method: string, pathOrUrl: string, body?: unknown, auth = true): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(pathOrUrl, emu.endpoint),
      {
        method,
        ca: emu.caPem,
        headers: { ...(auth ? { authorization: 'Bearer test' } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

async function start(opts: Parameters<typeof startEmulator>[0]): Promise<RunningEmulator> {
  const emu = await startEmulator(opts);
  running.push(emu);
  return emu;
}

describe('emulator over HTTPS', () => {
  it('serves ARM with its certificate (SAN 127.0.0.1) and the admin API without a token', async () => {
    const emu = await start({});
    const rg = `/subscriptions/${emu.subscriptionId}/resourceGroups/rg1?api-version=2025-04-01`;
    expect((await call(emu, 'PUT', rg, { location: 'eastus' }, false)).status).toBe(401);
    const created = await call(emu, 'PUT', rg, { location: 'eastus' });
    expect(created.status).toBe(201);
    expect(created.headers['x-ms-request-id']).toBeTruthy();
    const inventory = await call(emu, 'GET', '/_emulator/inventory', undefined, false);
    expect(inventory.json).toEqual([expect.objectContaining({ name: 'rg1', type: 'Microsoft.Resources/resourceGroups' })]);
    const counters = (await call(emu, 'GET', '/_emulator/counters', undefined, false)).json as { byStatus: Record<string, number> };
    expect(counters.byStatus).toEqual({ '401': 1, '201': 1 });
  });

  it('keeps resources and a running operation across a restart on the same port and certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-restart-'));
    const opts = { stateFile: join(dir, 'state.json'), certDir: dir, latency: 'realistic' as const, timeScale: 0.002 };
    const first = await start(opts);
    const rg = `/subscriptions/${first.subscriptionId}/resourceGroups/rg1`;
    await call(first, 'PUT', `${rg}?api-version=2025-04-01`, { location: 'eastus' });
    const put = await call(first, 'PUT', `${rg}/providers/Microsoft.Network/virtualNetworks/v?api-version=2026-01-01`, {
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } },
    });
    const statusUrl = String(put.headers['azure-asyncoperation']);
    await first.stop();

    const second = await start({ ...opts, port: Number(new URL(first.endpoint).port) });
    expect(second.endpoint).toBe(first.endpoint);
    expect(second.caPem).toBe(first.caPem);
    const deadline = Date.now() + 5_000;
    let status: unknown;
    for (;;) {
      status = ((await call(second, 'GET', statusUrl)).json as { status: string }).status;
      if (status !== 'InProgress' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(status).toBe('Succeeded');
  });
});
