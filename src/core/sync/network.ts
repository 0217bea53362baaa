import { createHash, X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { Transform, type Duplex } from 'node:stream';
import tls from 'node:tls';
import { createBrotliDecompress, createGunzip } from 'node:zlib';

/**
 * The one network stack sync uses (issue 16 point 8): every request of the sync transport goes
 * through a `NetworkStack`. Two implementations:
 *
 * - `nodeNetworkStack()` — node:http/https. It verifies a pinned server certificate itself
 *   (the SHA-256 fingerprint taken at enrolment) before a single byte of the request leaves, so an
 *   intranet server with a self-signed certificate works and nobody else can stand in for it.
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

/**
 * Keeps connections open between the requests of a sync (a new one costs a round trip, 600 ms
 * on a mobile line, and more with TLS) and, with a pin, connects with TLS and hands the socket
 * over only once its certificate matches the pin — before a byte of a request leaves.
 */
class SyncAgent extends https.Agent {
  constructor(private readonly pin: string | null) {
    super({ keepAlive: true, maxSockets: 2 });
  }
  override createConnection(
    options: http.ClientRequestArgs,
    done?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    if (!this.pin) return super.createConnection(options, done);
    pinnedConnection(this.pin)(options as tls.ConnectionOptions, (error, socket) => done?.(error, socket!));
    return undefined;
  }
}

function pinnedConnection(pin: string) {
  return (options: tls.ConnectionOptions, done: (error: Error | null, socket?: Socket) => void) => {
    const socket = tls.connect({ ...options, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate(false);
      const fingerprint = presented?.raw ? createHash('sha256').update(presented.raw).digest('hex') : '';
      if (fingerprint !== pin) {
        socket.destroy();
        done(new PinMismatchError(pin, fingerprint));
        return;
      }
      done(null, socket);
    });
    socket.once('error', (error) => done(error));
    return undefined;
  };
}

/** What a server's TLS certificate is, fetched once at enrolment (trust on first use). */
export function presentedCertificate(url: string, signal: AbortSignal): Promise<string> {
  const parsed = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: parsed.hostname,
      port: Number(parsed.port || 443),
      servername: parsed.hostname.match(/^[\d.]+$|:/) ? undefined : parsed.hostname,
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

export function nodeNetworkStack(): NetworkStack {
  const plainAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const secureAgents = new Map<string, SyncAgent>();
  const secureAgent = (pin: string | null) => {
    const key = pin ?? '';
    let agent = secureAgents.get(key);
    if (!agent) secureAgents.set(key, (agent = new SyncAgent(pin)));
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

/**
 * The host's network stack for servers without a pin, set once at start: the desktop's core
 * (a utility process) passes `fetchNetworkStack(net.fetch, 'electron')` so a proxy or an internal
 * CA set up in the system works; the CLI, the web host and tests keep Node's.
 */
export function useHostNetworkStack(stack: NetworkStack | null): void {
  hostStack = stack;
}

/** A pinned server always goes through a stack that checks the pin; others use the host's. */
export function chooseNetworkStack(pinned: boolean, injected?: NetworkStack): NetworkStack {
  const preferred = injected ?? hostStack;
  if (preferred && (!pinned || preferred.verifiesPins)) return preferred;
  return nodeNetworkStack();
}
