import net from 'node:net';

/**
 * A link like an office's mobile line, in-process on 127.0.0.1, in front of the sync server
 * (tests and `npm run bench -- links`): a bandwidth cap each way shared by all connections,
 * a round-trip delay, cuts at chosen byte offsets (the connection is destroyed there; what was
 * let through still arrives), and a dead mode (connections are accepted and nothing ever moves).
 * It counts the bytes that crossed it each way.
 */

export interface Cut {
  direction: 'request' | 'response';
  /**
   * Bytes let through in that direction (over all connections, counted from when the cut before
   * it fell, or from when it was armed) before the connection carrying them is destroyed.
   */
  afterBytes: number;
}

export interface LinkShape {
  /** Bits per second each way; Infinity for no cap. */
  bitsPerSecond?: number;
  /** Round-trip time in ms (half is added each way). */
  rttMs?: number;
}

export interface ThrottleProxy {
  url: string;
  shape(shape: LinkShape): void;
  /** Queues cuts: the line drops after so many more bytes in a direction; then the next cut counts. */
  cut(...cuts: Cut[]): void;
  pendingCuts(): number;
  clearCuts(): void;
  /** Cuts that happened since the proxy started. */
  cutsMade(): number;
  /** Dead: accept connections, deliver nothing (a link that hangs rather than refuses). */
  dead(on: boolean): void;
  bytes(): { up: number; down: number };
  /** The requests that crossed it since the last `resetBytes`, as "METHOD /path" (no query). */
  requests(): string[];
  resetBytes(): void;
  close(): Promise<void>;
}

/** Slices of at most this size, so pacing is smooth and a cut can fall inside a chunk. */
const SLICE = 1024;
/** Bytes queued per direction of a connection before its source is paused (back-pressure). */
const HIGH_WATER = 16 * 1024;

export async function startThrottleProxy(
  targetPort: number,
  initial: LinkShape = {},
): Promise<ThrottleProxy> {
  let shape: Required<LinkShape> = { bitsPerSecond: Infinity, rttMs: 0, ...initial };
  const cuts: Cut[] = [];
  const sockets = new Set<net.Socket>();
  /** When each direction of the shared link is next free (ms, performance.now()). */
  const linkFree = { request: 0, response: 0 };
  let up = 0;
  let down = 0;
  let requests: string[] = [];
  let cutsMade = 0;
  let isDead = false;

  const server = net.createServer((client) => {
    sockets.add(client);
    if (isDead) {
      client.on('error', () => {});
      client.on('close', () => sockets.delete(client));
      client.resume(); // read and drop: the far end never hears anything
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    let closed = false;
    let cutting = false;
    /** When everything queued on this connection has arrived at the far end. */
    const drained = () =>
      Math.max(linkFree.request, linkFree.response) + shape.rttMs / 2 + 1 - performance.now();
    const kill = () => {
      closed = true;
      client.destroy();
      upstream.destroy();
    };

    const relay = (from: net.Socket, to: net.Socket, direction: Cut['direction']) => {
      let queued = 0;
      /** What is on the line, in order: one timer delivers it, so nothing overtakes. */
      const line: { slice: Buffer; at: number }[] = [];
      let timer = false;
      const pump = () => {
        if (timer || line.length === 0) return;
        timer = true;
        later(line[0]!.at - performance.now(), () => {
          timer = false;
          const now = performance.now();
          while (line.length > 0 && line[0]!.at <= now + 1) {
            const { slice } = line.shift()!;
            queued -= slice.length;
            if (closed) continue;
            if (direction === 'request') up += slice.length;
            else down += slice.length;
            to.write(slice);
          }
          if (queued <= HIGH_WATER / 2 && !cutting) from.resume();
          pump();
        });
      };
      from.on('data', (chunk: Buffer) => {
        if (closed || cutting) return;
        if (direction === 'request') {
          // A request's head starts a chunk (Node writes it first): enough to count round trips.
          const head = /^(GET|POST|PUT|HEAD) (\/[^?\s]*)/.exec(chunk.subarray(0, 300).toString('latin1'));
          if (head) requests.push(`${head[1]} ${head[2]}`);
        }
        let data = chunk;
        let cutHere = false;
        const index = cuts.findIndex((c) => c.direction === direction);
        if (index >= 0) {
          const cut = cuts[index]!;
          if (data.length >= cut.afterBytes) {
            data = data.subarray(0, cut.afterBytes);
            cuts.splice(index, 1);
            cutHere = true;
          } else cut.afterBytes -= data.length;
        }
        for (let offset = 0; offset < data.length; offset += SLICE) {
          const slice = data.subarray(offset, offset + SLICE);
          const wireMs =
            shape.bitsPerSecond === Infinity ? 0 : (slice.length * 8 * 1000) / shape.bitsPerSecond;
          const leaves = Math.max(performance.now(), linkFree[direction]) + wireMs;
          linkFree[direction] = leaves;
          queued += slice.length;
          line.push({ slice, at: leaves + shape.rttMs / 2 });
        }
        if (queued > HIGH_WATER) from.pause();
        pump();
        if (cutHere) {
          cutsMade++;
          cutting = true;
          from.pause();
          later(drained(), kill);
        }
      });
      from.on('end', () =>
        later(drained(), () => {
          if (!closed) to.end();
        }),
      );
    };
    relay(client, upstream, 'request');
    relay(upstream, client, 'response');
    for (const socket of [client, upstream]) {
      socket.on('error', kill);
      socket.on('close', () => {
        sockets.delete(socket);
        // The other side learns of a close once what was on the line has arrived.
        later(drained(), kill);
      });
    }
  });
  const timers = new Set<NodeJS.Timeout>();
  function later(ms: number, fn: () => void) {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    timers.add(timer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    shape(next) {
      shape = { ...shape, ...next };
    },
    cut: (...more) => cuts.push(...more.map((c) => ({ ...c }))),
    pendingCuts: () => cuts.length,
    clearCuts: () => {
      cuts.length = 0;
    },
    cutsMade: () => cutsMade,
    dead(on) {
      isDead = on;
    },
    bytes: () => ({ up, down }),
    requests: () => [...requests],
    resetBytes() {
      up = 0;
      down = 0;
      requests = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
