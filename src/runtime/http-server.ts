import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';
import { registry } from './metrics.ts';

/**
 * /metrics (Prometheus), /healthz (liveness) and /readyz (readiness), on one or two listeners.
 * Neither probe depends on leadership: standby replicas are live and ready, so rolling updates proceed.
 * Answers list each check as controller-runtime's healthz does: `[+]name ok` / `[-]name failed: reason`.
 */

export interface Check {
  name: string;
  /** undefined = healthy, else the reason it is not. */
  run: () => string | undefined;
}

export interface ProbeChecks {
  liveness: Check[];
  readiness: Check[];
}

export interface HttpEndpoints {
  metricsPort: number | undefined;
  healthPort: number | undefined;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export async function startHttpServers(
  addresses: { metricsAddress: string; healthAddress: string },
  checks: ProbeChecks,
  log: Logger,
): Promise<HttpEndpoints> {
  const metricsRoutes: Record<string, Route> = { '/metrics': serveMetrics };
  const healthRoutes: Record<string, Route> = {
    '/healthz': (_req, res) => serveChecks(res, checks.liveness),
    '/readyz': (_req, res) => serveChecks(res, checks.readiness),
  };
  const servers: Server[] = [];
  const listen = async (address: string, routes: Record<string, Route>): Promise<number | undefined> => {
    if (address === '0') return undefined;
    const server = createServer((req, res) => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (!route) {
        res.writeHead(404).end('not found\n');
        return;
      }
      Promise.resolve(route(req, res)).catch((err: unknown) => {
        log.error({ err, url: req.url }, 'HTTP handler failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    servers.push(server);
    const { host, port } = splitAddress(address);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  };

  let metricsPort: number | undefined;
  let healthPort: number | undefined;
  if (addresses.metricsAddress === addresses.healthAddress) {
    metricsPort = healthPort = await listen(addresses.metricsAddress, { ...metricsRoutes, ...healthRoutes });
  } else {
    metricsPort = await listen(addresses.metricsAddress, metricsRoutes);
    healthPort = await listen(addresses.healthAddress, healthRoutes);
  }
  log.info({ metricsPort, healthPort }, 'metrics and probe endpoints listening');
  return {
    metricsPort,
    healthPort,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType }).end(body);
}

function serveChecks(res: ServerResponse, checks: Check[]): void {
  const lines: string[] = [];
  let healthy = true;
  for (const check of checks) {
    let problem: string | undefined;
    try {
      problem = check.run();
    } catch (err) {
      problem = `check threw: ${(err as Error).message}`;
    }
    if (problem === undefined) lines.push(`[+]${check.name} ok`);
    else {
      healthy = false;
      lines.push(`[-]${check.name} failed: ${problem}`);
    }
  }
  lines.push(healthy ? 'ok' : 'failed');
  res.writeHead(healthy ? 200 : 500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${lines.join('\n')}\n`);
}

/** `:8080` → all interfaces; `127.0.0.1:0` → loopback, any free port; `[::1]:9000` → IPv6. */
export function splitAddress(address: string): { host: string | undefined; port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? undefined : host, port: Number(address.slice(colon + 1)) };
}
