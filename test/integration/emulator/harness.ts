// Shared set-up for the emulator fidelity suite: one emulator per test file, real SDK clients from the
// production factory, and a raw HTTPS helper for what the SDKs cannot express (a missing api-version, replays).
import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator/index.ts';
import { startEmulator } from '../../../src/emulator/index.ts';
import { createArmClients } from '../../../src/azure/clients.ts';
import type { ArmClients, ArmConnection } from '../../../src/azure/clients.ts';
import { emulatorConnection } from '../../../src/azure/credentials.ts';

export const LOCATION = 'eastus';
/** Poll LROs quickly: the SDK default is 2 s and the emulator's Retry-After is 0 (ignored) in tests. */
export const FAST = { updateIntervalInMs: 10 } as const;

export interface Harness {
  emu: RunningEmulator;
  clients: ArmClients;
  subscriptionId: string;
  /** Fresh clients, e.g. with other retry options, or to prove a poller survives its client. */
  connect(overrides?: Partial<ArmConnection>): ArmClients;
  /** Full ARM id under this subscription, from a path relative to it (`resourceGroups/rg/providers/...`). */
  id(relative: string): string;
  stop(): Promise<void>;
}

export async function startHarness(opts: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ latency: 'instant', ...opts });
  const connect = (overrides: Partial<ArmConnection> = {}): ArmClients =>
    // One quick retry, as the operator does; tests about retries pass their own.
    createArmClients(emulatorConnection(emu, { retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 }, ...overrides }));
  return {
    emu,
    clients: connect(),
    subscriptionId: emu.subscriptionId,
    connect,
    id: (relative) => `/subscriptions/${emu.subscriptionId}/${relative.replace(/^\//, '')}`,
    stop: () => emu.stop(),
  };
}

/** Lower-case letters and digits only, so the result is valid for every resource type (storage is the strictest). */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 8)}`;
}

export async function createResourceGroup(h: Harness, prefix = 'rg'): Promise<string> {
  const name = uniqueName(prefix);
  await h.clients.resources.resourceGroups.createOrUpdate(name, { location: LOCATION });
  return name;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed body, or undefined when the body is empty. */
  json: unknown;
}

/** One HTTPS request to the emulator with a bearer token, as an SDK would send it, without any SDK policy. */
export function raw(
  h: Harness,
  method: string,
  pathOrUrl: string,
  body?: unknown,
  /** Extra headers; `null` removes a default one (e.g. `authorization`). */
  headers: Record<string, string | null> = {},
): Promise<RawResponse> {
  const url = new URL(pathOrUrl, h.emu.endpoint);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const merged: Record<string, string | number | null> = {
    authorization: 'Bearer fidelity-test',
    accept: 'application/json',
    ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
    ...headers,
  };
  const sent = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string | number] => entry[1] !== null));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: h.emu.caPem,
        headers: sent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text.trim() === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `fn` and returns what it threw, failing when it did not throw: for asserting on SDK errors in detail. */
export async function thrown(fn: () => Promise<unknown>): Promise<Error & { code?: string; statusCode?: number }> {
  try {
    await fn();
  } catch (err) {
    return err as Error & { code?: string; statusCode?: number };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Drains a paged SDK iterator. */
export async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iter) out.push(item);
  return out;
}
