import { StringDecoder } from 'node:string_decoder';
import { brotliCompressSync, constants } from 'node:zlib';
import type { z } from 'zod';
import { AUDIT_ANCHOR_PATH, AuditAnchorResponse, type AuditAnchorRequest } from '../../shared/audit-anchor';
import { AppError } from '../../shared/errors';
import {
  EnrollResponse,
  OfficeList,
  PullResponse,
  ServerError,
  SYNC_PATH,
  TransferResponse,
  type EnrollRequest,
  type PulledChange,
  type PushRequest,
  type TransferRequest,
} from '../../shared/sync';
import { FEED_PATH, FeedEnd, FeedStart, FoldedPushResponse } from '../../shared/sync-feed';
import { SNAPSHOT_PATH, SnapshotEnd, SnapshotStart } from '../../shared/sync-snapshot';
import { SyncCancelled } from './cancel';
import { createLinkFit, type LinkFit } from './link-fit';
import { chooseNetworkStack, fetchNetworkStack, PinMismatchError, type NetworkStack } from './network';
import { ProxyRefusedError, ProxyUnsupportedError } from './proxy-tunnel';

/**
 * The device's side of the wire: one network stack (network.ts), gzip both ways, timeouts that
 * follow progress (a connection that still moves bytes is never cut at a fixed time; one that
 * moves nothing for `stallMs` is given up), a few quick retries of what a flaky link breaks, and
 * the link measured as it goes so pages and batches fit it (link-fit.ts). Every request is safe
 * to repeat: a push replayed after a lost answer is recognised by its stamps, a pull is a read.
 * Failures become AppErrors a counsellor can act on, in plain words — never a socket code.
 */

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  serverUrl: string;
  token?: string | null;
  /** The server certificate's SHA-256 fingerprint pinned at enrolment (https servers). */
  pin?: string | null;
  network?: NetworkStack;
  /** A plain fetch instead of a network stack (tests). */
  fetch?: Fetch;
  /** Give up when nothing moves on the wire for this long (connecting, sending or receiving). */
  stallMs?: number;
  attempts?: number;
  /** The link measured by earlier runs (kept by the sync service across runs). */
  fit?: LinkFit;
  /** Aborted when a person cancels the sync: the request in flight stops (cancel.ts). */
  cancel?: AbortSignal;
}

/** Bodies smaller than this go plain: compressing would save next to nothing. */
const COMPRESS_OVER_BYTES = 1024;
/** Bodies smaller than this are compressed at brotli's quick quality (see `exchange`). */
const SMALL_BODY_BYTES = 4 * 1024;
/** A link measured faster than this (wire bytes a second, 1 Mbit/s) is sent bodies at the quick quality too. */
const FAST_UPLINK_BYTES_PER_SECOND = 128 * 1024;
const RETRY_DELAYS_MS = [100, 500, 1500];
/** Nothing on the wire for this long is a dead link (the issue's bound is 20 s, retries included). */
export const STALL_MS = 15_000;

export interface WireCounts {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLocalServer(url: string): boolean {
  return LOCAL_HOSTS.has(new URL(url).hostname);
}

export function normaliseServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new AppError(
      'VALIDATION',
      `"${url}" is not a web address; it looks like https://sync.example.org`,
      {
        fields: { serverUrl: 'Not a web address' },
      },
    );
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname))) {
    // Plain http on the office network lets anyone on it read the records and stand in for the server.
    throw new AppError(
      'VALIDATION',
      'The server address must start with https:// (http:// is only for a server on this computer, 127.0.0.1).',
      { fields: { serverUrl: 'Use https://' } },
    );
  }
  return parsed.toString().replace(/\/+$/, '');
}

/** What went wrong on the wire, in words a person can act on (no socket codes). */
export function plainCause(error: unknown): string {
  if (error instanceof PinMismatchError) return 'the server showed a different certificate';
  // Errors that know their cause in plain words (the office proxy's refusals, proxy-tunnel.ts).
  if (typeof (error as { plainCause?: unknown } | null)?.plainCause === 'string')
    return (error as { plainCause: string }).plainCause;
  const err = error as { name?: string; code?: string; message?: string; cause?: unknown } | null;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'no answer in time';
  const code = err?.code ?? (err?.cause as { code?: string } | undefined)?.code ?? '';
  if (code === 'ECONNREFUSED') return 'nothing answers at that address';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the name of the server was not found';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'no answer in time';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN') return 'the network is down';
  if (/CERT|SSL|TLS|SELF_SIGNED|ERR_OSSL/i.test(code)) return 'the server’s certificate could not be checked';
  return 'the connection was cut';
}

interface Exchange {
  status: number;
  /** Decoded body bytes received before it ended or broke. */
  received: number;
  /** Set when the body broke off part-way. */
  broken: unknown;
}

export function createTransport(options: TransportOptions) {
  const base = normaliseServerUrl(options.serverUrl);
  const network: NetworkStack = options.fetch
    ? fetchNetworkStack(options.fetch)
    : chooseNetworkStack(Boolean(options.pin), options.network);
  const stallMs = options.stallMs ?? STALL_MS;
  const attempts = Math.max(1, options.attempts ?? 3);
  const counts: WireCounts = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  const fit = options.fit ?? createLinkFit();
  /**
   * When bytes last moved for any request of this link: requests run side by side (the pull and
   * the audit anchor, the next page asked while one is applied) and share the line, so one may
   * wait behind another's bytes. Only a link on which nothing moves at all is given up.
   */
  let linkMovedAt = performance.now();

  /**
   * One request; `sink` gets the decoded body as it arrives. The abort timer restarts with every
   * byte either way, so only a link that stops moving is given up.
   */
  async function exchange(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    sink: (chunk: Buffer, status: number) => void,
  ): Promise<Exchange> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'br, gzip' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: Buffer | undefined;
    if (body !== undefined) {
      const text = Buffer.from(JSON.stringify(body));
      headers['content-type'] = 'application/json';
      if (text.length > COMPRESS_OVER_BYTES) {
        // Brotli about a third smaller than gzip. Quality 10, not 11: 3–4% more bytes on sync
        // JSON, but four to five times less work (130 kB: 100 ms, not 400–500 ms on a busy PC),
        // which a 64 kbit/s line takes back in a tenth of a second. Quality 5 for small bodies:
        // for a push of 8 clients (1.6 kB) 10 saved 9 bytes (2.5%) for ten times the work (0.96
        // against 0.1 ms); from 8 kB it saves 7–13%. And quality 5 on a fast link, where those
        // bytes take less time than the work: 80 kB of clients took 45 ms at 10 and 1 ms at 5 for
        // 1.4 kB more, which is worth it below ~250 kbit/s (the rate measured counts the
        // server's work too, so the line is drawn higher).
        const fast = (fit.rates().upRate ?? 0) > FAST_UPLINK_BYTES_PER_SECOND;
        const quality = text.length < SMALL_BODY_BYTES || text.length > 1024 * 1024 || fast ? 5 : 10;
        payload = brotliCompressSync(text, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: quality,
            [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
          },
        });
        headers['content-encoding'] = 'br';
      } else payload = text;
    }
    if (options.cancel?.aborted) throw new SyncCancelled();
    counts.requests++;
    const controller = new AbortController();
    const cancelled = () => controller.abort(new SyncCancelled());
    options.cancel?.addEventListener('abort', cancelled, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const stalled = () => {
      const quiet = performance.now() - linkMovedAt;
      if (quiet < stallMs) timer = setTimeout(stalled, stallMs - quiet);
      else controller.abort(new StallError(stallMs));
    };
    const moved = () => {
      linkMovedAt = performance.now();
      clearTimeout(timer);
      timer = setTimeout(stalled, stallMs);
    };
    moved();
    const started = performance.now();
    let up = 0;
    let down = 0;
    let received = 0;
    try {
      const response = await network.request({
        url: `${base}${SYNC_PATH}${path}`,
        method,
        headers,
        body: payload,
        pin: options.pin,
        signal: controller.signal,
        onWire: (direction, bytes) => {
          moved();
          if (direction === 'up') {
            up += bytes;
            counts.bytesSent += bytes;
          } else {
            down += bytes;
            counts.bytesReceived += bytes;
          }
        },
      });
      const answered = performance.now();
      let broken: unknown = null;
      try {
        for await (const chunk of response.body) {
          received += chunk.length;
          sink(Buffer.from(chunk), response.status);
        }
      } catch (error) {
        broken = controller.signal.aborted ? controller.signal.reason : error;
      }
      fit.observe({
        up,
        down,
        decoded: received,
        sendMs: answered - started,
        receiveMs: performance.now() - answered,
      });
      return { status: response.status, received, broken };
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
      options.cancel?.removeEventListener('abort', cancelled);
    }
  }

  function linkFailure(error: unknown): AppError {
    if (error instanceof StallError) {
      return new AppError(
        'SYNC_LINK',
        `The sync server at ${base} sent nothing for ${Math.round(error.ms / 1000)} seconds: the link seems to be down. ` +
          'Check the connection and try again; nothing is lost.',
        { detail: { reason: 'stalled' } },
      );
    }
    if (error instanceof PinMismatchError) {
      return new AppError(
        'SYNC_REFUSED',
        `The server at ${base} showed a different certificate from the one this PC was enrolled with, so nothing was sent. ` +
          'If the centre changed its certificate, enrol this PC again with a new code; otherwise someone may be standing in for the server.',
        { detail: { reason: 'certificate' } },
      );
    }
    if (error instanceof ProxyRefusedError || error instanceof ProxyUnsupportedError) {
      // Trying again changes nothing here: the office's IT has to let this PC through.
      return new AppError(
        'SYNC_LINK',
        `Could not reach the sync server at ${base}: ${plainCause(error)}. Nothing is lost.`,
        {
          detail: {
            reason: 'proxy',
            proxy: error.proxy,
            ...(error instanceof ProxyRefusedError ? { status: error.status } : {}),
          },
        },
      );
    }
    return new AppError(
      'SYNC_LINK',
      `Could not reach the sync server at ${base} (${plainCause(error)}). Check the connection and try again; nothing is lost.`,
      { detail: { reason: 'network' } },
    );
  }

  /** Retries quick failures; a stalled link or a wrong certificate is final at once. */
  async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    let lastFailure: AppError | null = null;
    for (let n = 0; n < attempts; n++) {
      if (n > 0) await sleep(RETRY_DELAYS_MS[Math.min(n - 1, RETRY_DELAYS_MS.length - 1)]!);
      if (options.cancel?.aborted) throw new SyncCancelled();
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof SyncCancelled) throw error;
        if (error instanceof AppError && error.detail?.retry !== true) throw error;
        if (error instanceof StallError || error instanceof PinMismatchError) throw linkFailure(error);
        lastFailure = error instanceof AppError ? error : linkFailure(error);
      }
    }
    throw lastFailure ?? new AppError('SYNC_LINK', 'The sync server could not be reached.');
  }

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.output<S>> {
    return withRetries(async () => {
      const chunks: Buffer[] = [];
      const result = await exchange(method, path, body, (chunk) => chunks.push(chunk));
      if (result.broken) throw result.broken;
      let json: unknown = null;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        json = null;
      }
      if (result.status >= 200 && result.status < 300) {
        const parsed = schema.safeParse(json);
        if (parsed.success) return parsed.data;
        throw new AppError(
          'SYNC_LINK',
          `The sync server at ${base} gave an answer this version does not understand; it may be a different program or version.`,
        );
      }
      throw serverFailure(result.status, json, base);
    });
  }

  /**
   * A page of lines (shared/sync-feed.ts): a start line, entries, an end line. What arrived
   * whole before a cut is returned with the failure, so the caller applies it and asks again from
   * there: a cut costs the line it fell in, not the page.
   */
  async function pageOfLines<S extends z.ZodType, E extends z.ZodType>(
    path: string,
    startSchema: S,
    endSchema: E,
  ): Promise<LinesPage<z.output<S>, z.output<E>>> {
    return withRetries(async () => {
      const page: LinesPage<z.output<S>, z.output<E>> = {
        start: null,
        changes: [],
        end: null,
        failure: null,
      };
      let pending = '';
      const text = new StringDecoder('utf8');
      const line = (text: string) => {
        if (text === '') return;
        const value = JSON.parse(text) as Record<string, unknown>;
        if (!page.start) page.start = startSchema.parse(value);
        else if ('next' in value) page.end = endSchema.parse(value);
        else page.changes.push(value as PulledChange);
      };
      const result = await exchange('GET', path, undefined, (chunk, status) => {
        pending += text.write(chunk);
        if (status < 200 || status >= 300) return; // an error answer: one JSON object, read whole below
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          line(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
          newline = pending.indexOf('\n');
        }
      });
      const status = result.status;
      if (status < 200 || status >= 300) {
        let json: unknown = null;
        try {
          json = JSON.parse(pending);
        } catch {
          json = null;
        }
        throw serverFailure(status, json, base);
      }
      // A cancelled page is dropped whole: the pull keeps whole pages only.
      if (result.broken instanceof SyncCancelled) throw result.broken;
      if (!result.broken && pending.trim() !== '') line(pending);
      if (result.broken || !page.end) {
        if (page.changes.length === 0 && !page.start) throw result.broken ?? new Error('cut');
        page.failure = linkFailure(result.broken ?? new Error('cut'));
      }
      return page;
    });
  }

  /** A page of the office's log after `after`, about `bytes` long. */
  function feed(query: { after: number; bytes: number; count: string[]; total: boolean }): Promise<FeedPage> {
    const params = new URLSearchParams({ after: String(query.after), bytes: String(query.bytes) });
    if (query.count.length > 0) params.set('count', query.count.join(','));
    if (query.total) params.set('total', '1');
    return pageOfLines(`${FEED_PATH}?${params}`, FeedStart, FeedEnd);
  }

  /** A page of the office's current rows after the row `after` (shared/sync-snapshot.ts). */
  function snapshot(query: {
    after: string | null;
    bytes: number;
    head: number | null;
    skipOwn: boolean;
    order?: 'parents';
  }): Promise<SnapshotPage> {
    const params = new URLSearchParams({ bytes: String(query.bytes) });
    if (query.order) params.set('order', query.order);
    if (query.skipOwn) params.set('own', 'skip');
    if (query.after) params.set('after', query.after);
    if (query.head !== null) params.set('head', String(query.head));
    return pageOfLines(`${SNAPSHOT_PATH}?${params}`, SnapshotStart, SnapshotEnd);
  }

  return {
    counts,
    fit,
    base,
    network: network.name,
    enroll: (body: EnrollRequest) => request('POST', '/enroll', body, EnrollResponse),
    /** A push; its answer carries what `with` asked for when the server folds (shared/sync-feed.ts). */
    push: (body: PushRequest) => request('POST', '/push', body, FoldedPushResponse),
    /** The audit-trail head, anchored at every sync (security/audit-anchor.ts). */
    anchorAudit: (body: AuditAnchorRequest) => request('POST', AUDIT_ANCHOR_PATH, body, AuditAnchorResponse),
    pull: (after: number, limit: number, count: string[]) =>
      request(
        'GET',
        `/pull?after=${after}&limit=${limit}${count.length > 0 ? `&count=${count.join(',')}` : ''}`,
        undefined,
        PullResponse,
      ),
    feed,
    snapshot,
    offices: () => request('GET', '/offices', undefined, OfficeList),
    transfer: (body: TransferRequest) => request('POST', '/transfer', body, TransferResponse),
  };
}

export type Transport = ReturnType<typeof createTransport>;

export interface LinesPage<S, E> {
  start: S | null;
  changes: PulledChange[];
  /** Null when the page broke off (then `failure` says how). */
  end: E | null;
  failure: AppError | null;
}
export type FeedPage = LinesPage<FeedStart, FeedEnd>;
export type SnapshotPage = LinesPage<SnapshotStart, SnapshotEnd>;

class StallError extends Error {
  constructor(readonly ms: number) {
    super(`nothing moved on the link for ${ms} ms`);
    this.name = 'StallError';
  }
}

function serverFailure(status: number, json: unknown, base: string): AppError {
  const parsed = ServerError.safeParse(json);
  const error = parsed.success ? parsed.data.error : null;
  const message = error?.message ?? `The sync server answered with status ${status}.`;
  switch (error?.code) {
    case 'UNAUTHORIZED':
    case 'CODE_INVALID':
      return new AppError('SYNC_REFUSED', message, { detail: { status, server: error.code } });
    case 'CLOCK_SKEW':
      return new AppError('SYNC_CLOCK', clockMessage(Number(error.detail?.skewMs ?? 0)), {
        detail: error.detail,
      });
    default:
      if (status >= 500 || status === 0)
        return new AppError(
          'SYNC_LINK',
          `The sync server at ${base} had a problem (${message}). Try again later; nothing is lost.`,
          { detail: { retry: true } },
        );
      return new AppError('SYNC_REFUSED', `The sync server refused the request: ${message}`, {
        detail: { status, server: error?.code },
      });
  }
}

/** "3 h 20 min ahead": how a person can judge and fix the clock. */
export function clockMessage(skewMs: number): string {
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return (
    `This computer's clock is ${amount} ${skewMs > 0 ? 'ahead of' : 'behind'} the server's. ` +
    'Set the correct date and time (Windows: Settings → Time & language), then sync again: with a wrong clock, ' +
    'changes made here could override newer ones from other desks.'
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
