import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the sync server that can cut a connection part-way:
 * after so many bytes of a request (the server never sees it whole) or of a response (the
 * server has done the work but the answer is lost). It also counts the bytes on the wire.
 */
export interface Cut {
  direction: 'request' | 'response';
  /** Bytes let through in that direction before the connection is destroyed. */
  afterBytes: number;
}

export interface FlakyProxy {
  url: string;
  /** Queues cuts; each applies to the traffic after it is armed, one connection each. */
  cut(...cuts: Cut[]): void;
  pendingCuts(): number;
  /** Forgets cuts that did not happen (the traffic was shorter than they allowed). */
  clearCuts(): void;
  /** Bytes that crossed the proxy since the last reset: client → server and server → client. */
  bytes(): { up: number; down: number };
  resetBytes(): void;
  close(): Promise<void>;
}

export async function startFlakyProxy(targetPort: number): Promise<FlakyProxy> {
  const cuts: Cut[] = [];
  const sockets = new Set<net.Socket>();
  let up = 0;
  let down = 0;

  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    let active: (Cut & { seen: number }) | null = null;
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    const relay = (from: net.Socket, to: net.Socket, direction: Cut['direction']) => {
      from.on('data', (chunk: Buffer) => {
        if (!active && cuts[0]?.direction === direction) active = { ...cuts.shift()!, seen: 0 };
        let data = chunk;
        if (active?.direction === direction) {
          const room = active.afterBytes - active.seen;
          if (data.length >= room) {
            data = data.subarray(0, Math.max(0, room));
            if (data.length > 0) to.write(data);
            count(direction, data.length);
            kill();
            return;
          }
          active.seen += data.length;
        }
        count(direction, data.length);
        to.write(data);
      });
    };
    const count = (direction: Cut['direction'], n: number) => {
      if (direction === 'request') up += n;
      else down += n;
    };
    relay(client, upstream, 'request');
    relay(upstream, client, 'response');
    for (const socket of [client, upstream]) {
      socket.on('error', kill);
      socket.on('close', () => {
        sockets.delete(socket);
        kill();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut: (...more) => cuts.push(...more),
    pendingCuts: () => cuts.length,
    clearCuts: () => {
      cuts.length = 0;
    },
    bytes: () => ({ up, down }),
    resetBytes() {
      up = 0;
      down = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
