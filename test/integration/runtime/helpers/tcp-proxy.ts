import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * A TCP proxy in front of the apiserver (TLS passes through untouched) that can cut the network the way real
 * networks fail: `drop()` resets every open connection, `refuse()` also turns new connections away,
 * `freezeOpen()` silently discards all traffic on the connections open now (half-open connections: no error, no
 * data, ever) while new connections work.
 */
interface Pair {
  client: Socket;
  upstream: Socket;
  frozen: boolean;
}

export class TcpProxy {
  readonly port: number;
  readonly #server: Server;
  readonly #pairs = new Set<Pair>();
  #refusing = false;
  #accepted = 0;

  private constructor(server: Server, port: number) {
    this.#server = server;
    this.port = port;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    server.on('connection', (client) => proxy.#accept(client, target));
    return proxy;
  }

  /** A copy of `kubeConfigPath`'s configuration whose server is this proxy. */
  kubeConfig(kubeConfigPath: string): KubeConfig {
    const original = new KubeConfig();
    original.loadFromFile(kubeConfigPath);
    const cluster = original.getCurrentCluster()!;
    const proxied = new KubeConfig();
    proxied.loadFromOptions({
      clusters: [{ ...cluster, server: `https://127.0.0.1:${this.port}` }],
      users: original.getUsers(),
      contexts: original.getContexts(),
      currentContext: original.getCurrentContext(),
    });
    return proxied;
  }

  /** Connections open now (frozen ones included). */
  get connections(): number {
    return this.#pairs.size;
  }

  /** Connections accepted since start. */
  get accepted(): number {
    return this.#accepted;
  }

  drop(): void {
    for (const { client, upstream } of this.#pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.#pairs.clear();
  }

  refuse(): void {
    this.#refusing = true;
    this.drop();
  }

  pass(): void {
    this.#refusing = false;
  }

  freezeOpen(): void {
    for (const pair of this.#pairs) pair.frozen = true;
  }

  async close(): Promise<void> {
    this.drop();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket, target: { host: string; port: number }): void {
    if (this.#refusing) {
      client.resetAndDestroy();
      return;
    }
    this.#accepted++;
    const upstream = createConnection(target);
    const pair: Pair = { client, upstream, frozen: false };
    this.#pairs.add(pair);
    const forward = (from: Socket, to: Socket): void => {
      from.on('data', (chunk) => {
        if (!pair.frozen) to.write(chunk);
      });
      from.on('end', () => {
        if (!pair.frozen) to.end();
      });
      from.on('error', () => {
        if (!pair.frozen) to.destroy();
      });
      // A frozen pair stays open (and listed, for drop/close) whatever its ends do.
      from.on('close', () => {
        if (pair.frozen) return;
        to.destroy();
        this.#pairs.delete(pair);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
  }
}
