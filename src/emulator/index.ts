import type { AddressInfo } from 'node:net';
import { createAdmin, type EmulatorAdmin } from './admin.ts';
import { Engine } from './engine/engine.ts';
import { StatePersister, loadState } from './engine/state-file.ts';
import { ALL_TYPES } from './providers/index.ts';
import { createEmulatorServer } from './server.ts';
import { loadOrCreateCertificate } from './tls.ts';

export type { EmulatorAdmin } from './admin.ts';
export type { FaultRule, FaultMatch } from './engine/faults.ts';
export type { LatencyProfile } from './engine/latency.ts';
export type { RequestLogEntry, Counters } from './engine/request-log.ts';
export type { Operation } from './engine/operations.ts';
export { REALISTIC_DURATIONS_MS, operationDurationMs } from './engine/latency.ts';

export interface EmulatorOptions {
  /** 0 = random free port (default). */
  port?: number;
  /** Default 'instant': operations end by the next request. */
  latency?: 'instant' | 'realistic';
  /** Multiplies realistic durations (e.g. 0.05 for a one-minute demo); default 1. */
  timeScale?: number;
  /** Retry-After sent on async responses; default 0 (header omitted). */
  retryAfterSeconds?: number;
  /** ARM token buckets on/off; default false. */
  throttling?: boolean;
  /** Loaded at start, saved on change and on stop: a restart keeps resources and in-flight operations. */
  stateFile?: string;
  /** Default '00000000-0000-0000-0000-000000000000'. */
  subscriptionId?: string;
  /** Where ca.pem (and its key) are written, or reused from; default a new temp dir. */
  certDir?: string;
  /** Items per list page (nextLink beyond); default 100. */
  pageSize?: number;
  /** Tenant of identities and role assignments; default '00000000-0000-0000-0000-00000000a11e'. */
  tenantId?: string;
}

export interface RunningEmulator {
  /** https://127.0.0.1:<port> */
  endpoint: string;
  /** PEM of the self-signed certificate (SAN IP:127.0.0.1, DNS:localhost) and where it is on disk. */
  caPem: string;
  caPath: string;
  subscriptionId: string;
  admin: EmulatorAdmin;
  stop(): Promise<void>;
}

export const DEFAULT_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-00000000a11e';

/** Starts a local Azure Resource Manager on 127.0.0.1 over HTTPS. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const engine = new Engine(
    {
      subscriptionId: opts.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID,
      tenantId: opts.tenantId ?? DEFAULT_TENANT_ID,
      latency: opts.latency ?? 'instant',
      timeScale: opts.timeScale ?? 1,
      retryAfterSeconds: opts.retryAfterSeconds ?? 0,
      pageSize: opts.pageSize ?? 100,
    },
    ALL_TYPES,
    { throttling: opts.throttling ?? false },
  );
  const admin = createAdmin(engine);
  if (opts.stateFile) loadState(opts.stateFile, engine);
  const persister = opts.stateFile ? new StatePersister(opts.stateFile, engine) : undefined;
  if (persister) engine.store.onChange(() => persister.schedule());

  const cert = await loadOrCreateCertificate(opts.certDir);
  const server = createEmulatorServer(engine, admin, cert);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    caPem: cert.certPem,
    caPath: cert.caPath,
    subscriptionId: engine.subscriptionId,
    admin,
    async stop() {
      if (stopped) return;
      stopped = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      persister?.flush();
    },
  };
}
