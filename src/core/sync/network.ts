import { createHash, X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net, { type Socket } from 'node:net';
import { Transform, type Duplex } from 'node:stream';
import tls from 'node:tls';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { routeThroughSystemProxy, type ProxyResolver } from './proxy-tunnel';

export { parseProxyList, ProxyRefusedError, ProxyUnsupportedError, type ProxyResolver } from './proxy-tunnel';

/**
 * The one network stack sync uses (issue 16 point 8): every request of the sync transport goes
 * through a `NetworkStack`. Two implementations:
 *
 * - `nodeNetworkStack()` — node:http/https. It verifies a pinned server certificate itself
 *   (the SHA-256 fingerprint taken at enrolment) before a single byte of the request leaves, so an
 *   intranet server with a self-signed certificate works and nobody else can stand in for it.
 *   Given the host's proxy resolver it goes where the system's proxy settings say, through an
 *   HTTP CONNECT tunnel (proxy-tunnel.ts); without a pin it trusts Node's CA list plus the OS
 *   certificate store where this Node can read it (`trustedAuthorities`).
 * - `fetchNetworkStack(fetch)` — any WHATWG fetch, e.g. Electron's `net.fetch` in the utility
 *   process, which honours the system's proxy and certificate store. It cannot see the peer
 *   certificate, so it is used only for servers without a pin (see `chooseNetworkStack`).
 *
 * Both report bytes as they cross the wire (for progress-following timeouts and for measuring
 * the link) and hand back the body decoded, chunk by chunk, so a cut answer keeps what arrived.
 */

export interface WireRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Uint8Array;
  /** SHA-256 fingerprint of the server certificate this PC trusts (hex, colons optional). */
  pin?: string | null;
  signal: AbortSignal;
  /** Called as bytes cross the wire (compressed, as sent and received). */
  onWire?: (direction: 'up' | 'down', bytes: number) => void;
}

export interface WireResponse {
  status: number;
  header(name: string): string | null;
  /** The body, decompressed, as it arrives; throws where the connection broke. */
  body: AsyncIterable<Uint8Array>;
}

export interface NetworkStack {
  readonly name: string;
  /** Whether this stack checks a certificate pin itself. */
  readonly verifiesPins: boolean;
  request(request: WireRequest): Promise<WireResponse>;
}

/** A fingerprint as 64 lower-case hex digits, from "AB:CD:…", "abcd…" or "sha256/…hex". */
export function normalisePin(pin: string): string | null {
  const hex = pin
    .trim()
    .replace(/^sha256[/:]/i, '')
    .replace(/[:\s]/g, '')
    .toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** "AB:CD:…" as a person compares it with what the administrator printed. */
export function formatPin(pin: string): string {
  return pin.toUpperCase().match(/.{2}/g)!.join(':');
}

/** The SHA-256 fingerprint of a certificate (PEM or DER), as `normalisePin` gives it. */
export function certificatePin(certificate: string | Buffer): string {
  const der =
    typeof certificate === 'string'
      ? new X509Certificate(certificate).raw
      : new X509Certificate(certificate).raw;
  return createHash('sha256').update(der).digest('hex');
}

export class PinMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly presented: string,
  ) {
    super('The server presented a certificate other than the one this PC was enrolled with.');
    this.name = 'PinMismatchError';
  }
}

type ReadCertificates = (kind: 'default' | 'system') => string[];

/**
 * The certificate authorities an unpinned https server is checked against: Node's own list plus
 * the OS store — the Windows certificate store; on Linux /etc/ssl/cert.pem and /etc/ssl/certs (or
 * SSL_CERT_FILE / SSL_CERT_DIR), where `update-ca-certificates` puts an internal CA — so an
 * office's internal CA works. `tls.getCACertificates` exists from Node 22.15 and 23.10; Electron
 * moved to Node 24 in version 40, so Electron 45 has it. On older Node (20 on the build machines,
 * for the CLI and web host there) the answer is undefined and Node's own list stays, where only
 * NODE_EXTRA_CA_CERTS adds a CA (the installed app's fuses ignore that variable, but its Node
 * reads the OS store). A pinned server needs none of this: its pin stands instead of a CA.
 */
export function trustedAuthorities(
  read: ReadCertificates | null = (tls as { getCACertificates?: ReadCertificates }).getCACertificates ?? null,
): string[] | undefined {
  if (typeof read !== 'function') return undefined;
  try {
    return [...new Set([...read('default'), ...read('system')])];
  } catch {
    // A store that cannot be read (a locked-down profile): Node's own list, as before.
    return undefined;
  }
}

let systemAuthorities: { list: string[] | undefined } | undefined;
/** Read once per process: the Windows store takes a moment to enumerate. */
function cachedAuthorities(): string[] | undefined {
  return (systemAuthorities ??= { list: trustedAuthorities() }).list;
}

interface SecureRoute {
  pin: string | null;
  resolveProxy: ProxyResolver | null;
  authorities: string[] | undefined;
}

/**
 * Keeps connections open between the requests of a sync (a new one costs a round trip, 600 ms
 * on a mobile line, and more with TLS); connects the way the system's proxy settings say; and,
 * with a pin, hands the socket over only once its certificate matches the pin — before a byte of
 * a request leaves.
 */
class SyncAgent extends https.Agent {
  constructor(private readonly route: SecureRoute) {
    super({
      keepAlive: true,
      maxSockets: 2,
      // One context for every connection: parsing a whole CA store each time would cost each TLS.
      ...(route.authorities ? { secureContext: tls.createSecureContext({ ca: route.authorities }) } : {}),
    });
  }
  override createConnection(
    options: http.ClientRequestArgs,
    done?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    if (!this.route.pin && !this.route.resolveProxy) return super.createConnection(options, done);
    secureConnection(options as tls.ConnectionOptions, this.route).then(
      (socket) => done?.(null, socket),
      (error: Error) => done?.(error, undefined as never),
    );
    return undefined;
  }
}

async function secureConnection(options: tls.ConnectionOptions, route: SecureRoute): Promise<Socket> {
  const target = { host: String(options.host ?? 'localhost'), port: Number(options.port ?? 443) };
  const tunnel = route.resolveProxy ? await routeThroughSystemProxy(route.resolveProxy, target) : undefined;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      ...options,
      ...(tunnel ? { socket: tunnel } : {}),
      // A pin stands instead of a CA: an intranet server's self-signed certificate is enough.
      ...(route.pin ? { rejectUnauthorized: false } : {}),
    });
    tunnel?.once('error', (error) => socket.destroy(error));
    socket.once('secureConnect', () => {
      if (route.pin) {
        const presented = socket.getPeerCertificate(false);
        const fingerprint = presented?.raw ? createHash('sha256').update(presented.raw).digest('hex') : '';
        if (fingerprint !== route.pin) {
          socket.destroy();
          reject(new PinMismatchError(route.pin, fingerprint));
          return;
        }
      }
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * What a server's TLS certificate is, fetched once at enrolment (trust on first use) — through
 * the system's proxy as later requests go, so what is pinned is what sync will see.
 */
export async function presentedCertificate(
  url: string,
  signal: AbortSignal,
  resolveProxy: ProxyResolver | null = hostProxy,
): Promise<string> {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port || 443);
  const tunnel = resolveProxy ? await routeThroughSystemProxy(resolveProxy, { host, port }) : undefined;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      ...(tunnel ? { socket: tunnel } : {}),
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: false,
    });
    const abort = () => socket.destroy(new Error('no answer in time'));
    signal.addEventListener('abort', abort, { once: true });
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate(false)?.raw;
      socket.end();
      signal.removeEventListener('abort', abort);
      if (!raw) reject(new Error('the server presented no certificate'));
      else resolve(createHash('sha256').update(raw).digest('hex'));
    });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', abort);
      reject(error);
    });
  });
}

export interface NodeStackOptions {
  /** Where the system sends each connection (the desktop asks main); none: always direct. */
  resolveProxy?: ProxyResolver | null;
  /** CAs for unpinned servers; default Node's list plus the OS store where Node reads it. */
  authorities?: string[];
}

export function nodeNetworkStack(options: NodeStackOptions = {}): NetworkStack {
  const plainAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const secureAgents = new Map<string, SyncAgent>();
  const secureAgent = (pin: string | null) => {
    const key = pin ?? '';
    let agent = secureAgents.get(key);
    if (!agent) {
      const route: SecureRoute = {
        pin,
        resolveProxy: options.resolveProxy ?? null,
        authorities: pin ? undefined : (options.authorities ?? cachedAuthorities()),
      };
      secureAgents.set(key, (agent = new SyncAgent(route)));
    }
    return agent;
  };
  return {
    name: 'node',
    verifiesPins: true,
    request(request) {
      const url = new URL(request.url);
      const secure = url.protocol === 'https:';
      const client = secure ? https : http;
      const pin = request.pin ? normalisePin(request.pin) : null;
      return new Promise<WireResponse>((resolve, reject) => {
        const outgoing = client.request(
          url,
          {
            method: request.method,
            headers: {
              ...request.headers,
              ...(request.body ? { 'content-length': String(request.body.length) } : {}),
            },
            signal: request.signal,
            agent: (secure ? secureAgent(pin) : plainAgent) as http.Agent,
          },
          (incoming) => {
            const counted = new Transform({
              transform(chunk: Buffer, _encoding, done) {
                request.onWire?.('down', chunk.length);
                done(null, chunk);
              },
            });
            incoming.pipe(counted);
            const encoding = String(incoming.headers['content-encoding'] ?? '').toLowerCase();
            const decoded =
              encoding === 'gzip'
                ? counted.pipe(createGunzip())
                : encoding === 'br'
                  ? counted.pipe(createBrotliDecompress())
                  : counted;
            // A cut mid-body: what arrived is still decoded and handed on, then the body throws.
            let cutShort = false;
            const cut = () => {
              if (incoming.complete || cutShort) return;
              cutShort = true;
              if (!counted.writableEnded) counted.end();
            };
            incoming.on('error', cut);
            incoming.on('aborted', cut);
            incoming.on('close', cut);
            async function* body(): AsyncIterable<Uint8Array> {
              for await (const chunk of decoded as AsyncIterable<Uint8Array>) yield chunk;
              if (cutShort) throw new Error('the connection was cut');
            }
            resolve({
              status: incoming.statusCode ?? 0,
              header: (name) => {
                const value = incoming.headers[name.toLowerCase()];
                return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
              },
              body: body(),
            });
          },
        );
        outgoing.on('error', reject);
        // `102 Processing`: the server is alive and working on it (src/server/liveness.ts).
        outgoing.on('information', () => request.onWire?.('down', 0));
        if (request.body) {
          // In slices, so the bytes on the wire show as progress while a slow link takes them.
          const body = request.body;
          const slice = 16 * 1024;
          let offset = 0;
          const next = () => {
            while (offset < body.length) {
              const part = body.subarray(offset, offset + slice);
              offset += part.length;
              const more = outgoing.write(part, () => request.onWire?.('up', part.length));
              if (!more) {
                outgoing.once('drain', next);
                return;
              }
            }
            outgoing.end();
          };
          next();
        } else outgoing.end();
      });
    },
  };
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A stack over a WHATWG fetch (Electron's `net.fetch`, or Node's own): no pin checks. */
export function fetchNetworkStack(fetchImpl: FetchLike, name = 'fetch'): NetworkStack {
  return {
    name,
    verifiesPins: false,
    async request(request) {
      if (request.body) request.onWire?.('up', request.body.length);
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ? new Uint8Array(request.body) : undefined,
        signal: request.signal,
      });
      const reader = response.body?.getReader();
      async function* chunks(): AsyncIterable<Uint8Array> {
        if (!reader) return;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          // Fetch decodes gzip itself; the decoded size stands in for the wire's.
          request.onWire?.('down', value.length);
          yield value;
        }
      }
      return { status: response.status, header: (n) => response.headers.get(n), body: chunks() };
    },
  };
}

let hostStack: NetworkStack | null = null;
let hostProxy: ProxyResolver | null = null;
let hostPinnedStack: NetworkStack | null = null;

/**
 * The host's network, set once at start. The desktop's core (a utility process) passes
 * `fetchNetworkStack(net.fetch, 'electron')` for servers without a pin, so a proxy or an internal
 * CA set up in the system works, and main's answer to "which proxy for this URL" for pinned
 * servers, whose TLS Node's stack checks itself inside a tunnel through that proxy. The CLI, the
 * web host and tests keep Node's stack, connecting directly.
 */
export function useHostNetworkStack(
  stack: NetworkStack | null,
  options: { resolveProxy?: ProxyResolver | null } = {},
): void {
  hostStack = stack;
  hostProxy = options.resolveProxy ?? null;
  hostPinnedStack = hostProxy ? nodeNetworkStack({ resolveProxy: hostProxy }) : null;
}

/** A pinned server always goes through a stack that checks the pin; others use the host's. */
export function chooseNetworkStack(pinned: boolean, injected?: NetworkStack): NetworkStack {
  const preferred = injected ?? hostStack;
  if (preferred && (!pinned || preferred.verifiesPins)) return preferred;
  return hostPinnedStack ?? nodeNetworkStack();
}
