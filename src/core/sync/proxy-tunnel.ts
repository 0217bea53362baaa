import net, { type Socket } from 'node:net';

/**
 * The system's proxy for a server whose certificate this PC pinned (issue 16 point 8). Electron's
 * `net` honours the proxy but cannot show the peer certificate, so pinned sync keeps Node's stack
 * and asks the host where the system would send the connection — Chromium's answer for the URL,
 * PAC files and WPAD included ("DIRECT", "PROXY host:port; DIRECT"). Through a proxy the TLS runs
 * inside an HTTP CONNECT tunnel: the proxy passes ciphertext it cannot read, and the pin is still
 * checked on the certificate the server shows inside the tunnel.
 */

/** Where the system sends a connection to `url`, in Chromium's words (`app.resolveProxy`). */
export type ProxyResolver = (url: string) => Promise<string>;

export type ProxyRoute =
  | { kind: 'direct' }
  | { kind: 'http'; host: string; port: number; label: string }
  /** SOCKS, HTTPS and QUIC proxies: Node's stack does not speak them. */
  | { kind: 'unsupported'; label: string };

/** Chromium's proxy list, in its order: "PROXY a:8080; DIRECT" tries the proxy, then direct. */
export function parseProxyList(answer: string): ProxyRoute[] {
  const routes: ProxyRoute[] = [];
  for (const entry of answer.split(';')) {
    const [scheme = '', address = ''] = entry.trim().split(/\s+/);
    const kind = scheme.toUpperCase();
    if (kind === '') continue;
    if (kind === 'DIRECT') {
      routes.push({ kind: 'direct' });
      continue;
    }
    const hostPort = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
    if (kind === 'PROXY' && hostPort) {
      routes.push({ kind: 'http', host: hostPort[1]!, port: Number(hostPort[2]), label: address });
    } else routes.push({ kind: 'unsupported', label: entry.trim() });
  }
  return routes.length > 0 ? routes : [{ kind: 'direct' }];
}

/** The proxy answered the CONNECT with something other than 200 (403 refused, 407 sign-in). */
export class ProxyRefusedError extends Error {
  constructor(
    readonly proxy: string,
    readonly status: number,
  ) {
    super(`The proxy ${proxy} answered ${status} to CONNECT.`);
    this.name = 'ProxyRefusedError';
  }

  /** What went wrong, in words a person can act on (transport.ts `plainCause`). */
  get plainCause(): string {
    return this.status === 407
      ? `the office proxy ${this.proxy} asks for a sign-in MSC Desk cannot give; IT can let this PC reach the server without one`
      : `the office proxy ${this.proxy} refused the connection with HTTP ${this.status}; IT can allow this PC to reach the server`;
  }
}

/** The system's proxy is of a kind Node's stack does not speak. */
export class ProxyUnsupportedError extends Error {
  constructor(readonly proxy: string) {
    super(`The system's proxy "${proxy}" is not an HTTP proxy.`);
    this.name = 'ProxyUnsupportedError';
  }

  get plainCause(): string {
    return `the system's proxy setting "${this.proxy}" is not an HTTP proxy, which MSC Desk needs for this server`;
  }
}

const CONNECT_HEADER_LIMIT = 16 * 1024;

/** A raw TCP connection to `target` through an HTTP proxy, ready for TLS. */
export function openTunnel(
  proxy: { host: string; port: number; label: string },
  target: { host: string; port: number },
  timeoutMs = 15_000,
): Promise<Socket> {
  const authority = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: proxy.host, port: proxy.port });
    let head = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(Object.assign(new Error('the proxy gave no answer in time'), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.write(
        `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\nProxy-Connection: keep-alive\r\n\r\n`,
      );
    });
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > CONNECT_HEADER_LIMIT) fail(new ProxyRefusedError(proxy.label, 0));
        return;
      }
      socket.removeListener('data', onData);
      socket.removeListener('error', fail);
      socket.removeListener('end', onEnd);
      socket.setTimeout(0);
      const status = Number(
        /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0,
      );
      if (status !== 200) return fail(new ProxyRefusedError(proxy.label, status));
      // TLS speaks first, so nothing should follow the answer; if something does, it is the server's.
      socket.pause();
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    const onEnd = () =>
      fail(Object.assign(new Error('the proxy closed the connection'), { code: 'ECONNRESET' }));
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
}

/** Errors of reaching a proxy itself: Chromium then tries the next entry of the list. */
function proxyUnreachable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT'].includes(
    code,
  );
}

/**
 * The connection to `target` as the system routes it: a tunnel through the first proxy that
 * answers, or undefined for a direct connection. A proxy that refuses is final (the next entry
 * would only be tried by Chromium when a proxy cannot be reached).
 */
export async function routeThroughSystemProxy(
  resolveProxy: ProxyResolver,
  target: { host: string; port: number },
  timeoutMs?: number,
): Promise<Socket | undefined> {
  let answer = 'DIRECT';
  try {
    answer = await resolveProxy(
      `https://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}/`,
    );
  } catch {
    // No answer from the host about its proxy: as Chromium without settings, connect directly.
  }
  let lastError: Error | undefined;
  for (const route of parseProxyList(answer)) {
    if (route.kind === 'direct') return undefined;
    if (route.kind === 'unsupported') {
      lastError = new ProxyUnsupportedError(route.label);
      continue;
    }
    try {
      return await openTunnel(route, target, timeoutMs);
    } catch (error) {
      if (!proxyUnreachable(error)) throw error;
      lastError = error as Error;
    }
  }
  throw lastError ?? new Error('no route to the server');
}
