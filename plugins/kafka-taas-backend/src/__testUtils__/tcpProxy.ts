import net from 'node:net';

/**
 * A TCP proxy in front of a real service, to take it away and bring it back mid-test (what a
 * registry restart looks like to its clients) without restarting the service itself.
 */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<net.Socket>();
  #server?: net.Server;
  #port = 0;

  static async start(target: URL): Promise<TcpProxy> {
    const proxy = new TcpProxy({
      host: target.hostname,
      port: Number(target.port),
    });
    await proxy.resume();
    return proxy;
  }

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  /** `url` with the target's host and port replaced by the proxy's. */
  url(url: string): string {
    const rewritten = new URL(url);
    rewritten.hostname = '127.0.0.1';
    rewritten.port = String(this.#port);
    return rewritten.toString().replace(/\/$/, '');
  }

  /** Listens again, on the same port as before. */
  async resume(): Promise<void> {
    const server = net.createServer(client => {
      const upstream = net.connect(this.#target);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', resolve);
    });
    this.#port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    if (server)
      await new Promise<void>(resolve => server.close(() => resolve()));
  }
}
