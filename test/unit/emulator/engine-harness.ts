import { Engine } from '../../../src/emulator/engine/engine.ts';
import type { ArmResponse } from '../../../src/emulator/engine/core.ts';
import { ALL_TYPES } from '../../../src/emulator/providers/index.ts';

export const SUB = '00000000-0000-0000-0000-0000000000aa';
export const ORIGIN = 'https://127.0.0.1:4443';
export const NET = '2026-01-01';
export const RES = '2025-04-01';

/** An engine on a hand-driven clock, called in-process (no HTTP), for timing and persistence behaviour. */
export function testEngine(opts: { latency?: 'instant' | 'realistic'; timeScale?: number } = {}) {
  let now = 1_000_000;
  const engine = new Engine(
    { subscriptionId: SUB, tenantId: 't', latency: opts.latency ?? 'instant', timeScale: opts.timeScale ?? 1, retryAfterSeconds: 0, pageSize: 100 },
    ALL_TYPES,
    { now: () => now },
  );
  const call = (method: string, pathOrUrl: string, body?: unknown, headers: Record<string, string> = {}): ArmResponse =>
    engine.handle({
      method,
      url: new URL(pathOrUrl, ORIGIN),
      headers: { authorization: 'Bearer t', ...headers },
      bodyText: body === undefined ? '' : JSON.stringify(body),
    });
  return {
    engine,
    call,
    advance: (ms: number) => {
      now += ms;
    },
    rgPath: (rg: string) => `/subscriptions/${SUB}/resourceGroups/${rg}`,
  };
}

export const vnetBody = { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [] } };
