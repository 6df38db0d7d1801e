// One emulator per test file, real SDK clients from the production factory, and the production AdapterSet.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createArmAdapters } from '../../../src/azure/adapters/index.ts';
import type { ArmResourceAdapter } from '../../../src/azure/adapters/define.ts';
import { createArmClients } from '../../../src/azure/clients.ts';
import type { ArmClients, ArmConnection } from '../../../src/azure/clients.ts';
import { emulatorConnection } from '../../../src/azure/credentials.ts';
import { isTerminalState } from '../../../src/plan/index.ts';
import type { AdapterSet, ExecutorOptions, ResourceAdapter } from '../../../src/plan/index.ts';
import { startEmulator } from '../../../src/emulator/index.ts';
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator/index.ts';

export const LOCATION = 'eastus';
export const ctx = { signal: new AbortController().signal };
/** Executor timings for the instant emulator: poll and retry quickly. */
export const QUICK: ExecutorOptions = {
  retry: { maxRetryTimeMs: 5_000, minDelayMs: 20, maxDelayMs: 200 },
  settle: { intervalMs: 20, maxIntervalMs: 100, timeoutMs: 20_000 },
};

export interface Harness {
  readonly emu: RunningEmulator;
  readonly clients: ArmClients;
  readonly adapters: AdapterSet;
  readonly subscriptionId: string;
  /** `/subscriptions/<sub>/resourceGroups/<rg>/providers/<ns>/<rest>` */
  id(resourceGroup: string, namespaceAndPath: string): string;
  /** `/subscriptions/<sub>/resourceGroups/<rg>` */
  groupId(resourceGroup: string): string;
  /** The production adapter behind a registry entry. */
  adapter<S, O, Out>(def: ArmResourceAdapter<S, O, Out>): ResourceAdapter<S, O, Out>;
  stop(): Promise<void>;
}

export async function startHarness(opts: EmulatorOptions & { connection?: Partial<ArmConnection> } = {}): Promise<Harness> {
  const { connection, ...emuOpts } = opts;
  const emu = await startEmulator({ latency: 'instant', ...emuOpts });
  const clients = createArmClients(emulatorConnection(emu, { retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 }, ...connection }));
  const adapters = createArmAdapters(clients, { endpoint: emu.endpoint, updateIntervalInMs: 10 });
  return {
    emu,
    clients,
    adapters,
    subscriptionId: emu.subscriptionId,
    id: (rg, rest) => `/subscriptions/${emu.subscriptionId}/resourceGroups/${rg}/providers/${rest}`,
    groupId: (rg) => `/subscriptions/${emu.subscriptionId}/resourceGroups/${rg}`,
    adapter: <S, O, Out>(def: ArmResourceAdapter<S, O, Out>) => adapters.resource(def.key) as unknown as ResourceAdapter<S, O, Out>,
    stop: () => emu.stop(),
  };
}

/** Lower-case letters and digits (valid for every type, storage being the strictest). */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 8)}`;
}

/**
 * The adapter contract against ARM: absent → created → observed up to date (no drift from Azure's defaults) →
 * changed and updated in place (when `update` is given) → deleted → absent, and deleting again is fine.
 */
export async function roundTrip<S, O, Out>(
  a: ResourceAdapter<S, O, Out>,
  id: string,
  spec: S,
  update?: S,
): Promise<{ created: O; output: Out }> {
  expect(await a.get(id, ctx)).toBeUndefined();
  const created = await a.put(id, spec, undefined, ctx);
  expect(isTerminalState(a.provisioningState(created))).toBe(true);
  const observed = await a.get(id, ctx);
  expect(observed).toBeDefined();
  if (observed === undefined) throw new Error('unreachable');
  expect(a.diff(spec, observed, id)).toEqual([]);
  const output = a.output(observed, id);
  if (update !== undefined) {
    expect(a.diff(update, observed, id)).not.toEqual([]);
    await a.put(id, update, observed, ctx);
    const after = await a.get(id, ctx);
    if (after === undefined) throw new Error(`${id} vanished after an update`);
    expect(a.diff(update, after, id)).toEqual([]);
  }
  await a.delete(id, ctx);
  expect(await a.get(id, ctx)).toBeUndefined();
  await a.delete(id, ctx);
  return { created, output };
}

/** Creates (or returns) a resource through its adapter, for tests that need it as a dependency. */
export async function ensure<S, O, Out>(a: ResourceAdapter<S, O, Out>, id: string, spec: S): Promise<Out> {
  const created = await a.put(id, spec, await a.get(id, ctx), ctx);
  return a.output(created, id);
}
