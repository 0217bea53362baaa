import { gzipSync } from 'node:zlib';
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import {
  EnrollResponse,
  OfficeList,
  PullResponse,
  PushResponse,
  ServerError,
  SYNC_PATH,
  TransferResponse,
  type EnrollRequest,
  type PushRequest,
  type TransferRequest,
} from '../../shared/sync';

/**
 * The device's side of the wire: Node's fetch, gzip both ways, a timeout per request, and a few
 * quick retries of what a flaky link breaks (a dropped connection, a 5xx). Every request is safe
 * to repeat: a push replayed after a lost answer is recognised by its stamps, a pull is a read.
 * Failures become AppErrors a counsellor can act on.
 */

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  serverUrl: string;
  token?: string | null;
  fetch?: Fetch;
  timeoutMs?: number;
  attempts?: number;
}

/** Bodies smaller than this go plain: gzip's header would outweigh the saving. */
const GZIP_OVER_BYTES = 1024;
const RETRY_DELAYS_MS = [100, 500, 1500];

export interface WireCounts {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
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
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppError(
      'VALIDATION',
      'The server address must start with https:// (or http:// on the local network).',
      {
        fields: { serverUrl: 'Use https://' },
      },
    );
  }
  return parsed.toString().replace(/\/+$/, '');
}

export function createTransport(options: TransportOptions) {
  const base = normaliseServerUrl(options.serverUrl);
  const doFetch: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const attempts = Math.max(1, options.attempts ?? 3);
  const counts: WireCounts = { requests: 0, bytesSent: 0, bytesReceived: 0 };

  async function once(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: Buffer | undefined;
    if (body !== undefined) {
      const text = Buffer.from(JSON.stringify(body));
      headers['content-type'] = 'application/json';
      if (text.length > GZIP_OVER_BYTES) {
        payload = gzipSync(text);
        headers['content-encoding'] = 'gzip';
      } else payload = text;
    }
    counts.requests++;
    counts.bytesSent += payload?.length ?? 0;
    const response = await doFetch(`${base}${SYNC_PATH}${path}`, {
      method,
      headers,
      body: payload ? new Uint8Array(payload) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    counts.bytesReceived += Number(response.headers.get('content-length') ?? text.length);
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json };
  }

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.output<S>> {
    let lastFailure: AppError | null = null;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)]!);
      let result: { status: number; json: unknown };
      try {
        result = await once(method, path, body);
      } catch (error) {
        lastFailure = new AppError(
          'SYNC_LINK',
          `Could not reach the sync server at ${base} (${describe(error)}). Check the connection and try again; nothing is lost.`,
          {
            detail: { reason: 'network' },
          },
        );
        continue;
      }
      if (result.status >= 200 && result.status < 300) {
        const parsed = schema.safeParse(result.json);
        if (parsed.success) return parsed.data;
        throw new AppError(
          'SYNC_LINK',
          `The sync server at ${base} gave an answer this version does not understand; it may be a different program or version.`,
        );
      }
      const failure = serverFailure(result.status, result.json, base);
      if (result.status >= 500) {
        lastFailure = failure;
        continue;
      }
      throw failure;
    }
    throw lastFailure ?? new AppError('SYNC_LINK', 'The sync server could not be reached.');
  }

  return {
    counts,
    enroll: (body: EnrollRequest) => request('POST', '/enroll', body, EnrollResponse),
    push: (body: PushRequest) => request('POST', '/push', body, PushResponse),
    pull: (after: number, limit: number, count: string[]) =>
      request(
        'GET',
        `/pull?after=${after}&limit=${limit}${count.length > 0 ? `&count=${count.join(',')}` : ''}`,
        undefined,
        PullResponse,
      ),
    offices: () => request('GET', '/offices', undefined, OfficeList),
    transfer: (body: TransferRequest) => request('POST', '/transfer', body, TransferResponse),
  };
}

export type Transport = ReturnType<typeof createTransport>;

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
      if (status >= 500)
        return new AppError(
          'SYNC_LINK',
          `The sync server at ${base} had a problem (${message}). Try again later; nothing is lost.`,
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

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
