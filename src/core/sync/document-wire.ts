import type { z } from 'zod';
import {
  ContentEpoch,
  ContentStateResponse,
  DOCUMENTS_PATH,
  PART_HASH_HEADER,
  PartStored,
  type ContentStateRequest,
} from '../../shared/document-sync';
import { AppError } from '../../shared/errors';
import { ServerError, SYNC_PATH } from '../../shared/sync';
import { SyncCancelled } from './cancel';
import { chooseNetworkStack, fetchNetworkStack, PinMismatchError, type NetworkStack } from './network';
import { normaliseServerUrl, plainCause, STALL_MS, type Fetch } from './transport';

/**
 * The documents' side of the wire (shared/document-sync.ts): JSON for the state of contents, raw
 * bytes for a part each way — base64 in JSON would add a third to every scan on a slow line. It
 * goes through the same network stack as the records (network.ts: the pinned certificate, the
 * host's proxy), gives up only when nothing moves for `stallMs`, and retries a cut request a few
 * times: putting or getting a part again is harmless.
 */

export interface DocumentWireOptions {
  serverUrl: string;
  token: string;
  pin?: string | null;
  fetch?: Fetch;
  network?: NetworkStack;
  stallMs?: number;
  /**
   * The sync's Cancel (cancel.ts): aborts the request in flight and every one after it with
   * `SyncCancelled`. A part cut this way is simply not kept at either end; it goes next time.
   */
  cancel?: AbortSignal;
}

const RETRY_DELAYS_MS = [200, 1000, 3000];

interface Answer {
  status: number;
  body: Buffer;
  header(name: string): string | null;
}

export function createDocumentWire(options: DocumentWireOptions) {
  const base = normaliseServerUrl(options.serverUrl);
  const network: NetworkStack = options.fetch
    ? fetchNetworkStack(options.fetch)
    : chooseNetworkStack(Boolean(options.pin), options.network);
  const stallMs = options.stallMs ?? STALL_MS;
  const counts = { requests: 0, bytesUp: 0, bytesDown: 0 };

  async function exchange(
    method: 'GET' | 'POST',
    path: string,
    body: Buffer | undefined,
    headers: Record<string, string>,
  ): Promise<Answer> {
    if (options.cancel?.aborted) throw new SyncCancelled();
    const controller = new AbortController();
    const cancelled = () => controller.abort(new SyncCancelled());
    options.cancel?.addEventListener('abort', cancelled, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const moved = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Error('stalled')), stallMs);
    };
    moved();
    counts.requests++;
    try {
      const response = await network.request({
        url: `${base}${SYNC_PATH}${DOCUMENTS_PATH}${path}`,
        method,
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', ...headers },
        body,
        pin: options.pin,
        signal: controller.signal,
        onWire: (direction, bytes) => {
          moved();
          if (direction === 'up') counts.bytesUp += bytes;
          else counts.bytesDown += bytes;
        },
      });
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
      return { status: response.status, body: Buffer.concat(chunks), header: (n) => response.header(n) };
    } catch (error) {
      if (options.cancel?.aborted) throw new SyncCancelled();
      throw controller.signal.aborted ? new Error('stalled') : error;
    } finally {
      clearTimeout(timer);
      options.cancel?.removeEventListener('abort', cancelled);
    }
  }

  async function withRetries(attempt: () => Promise<Answer>): Promise<Answer> {
    let last: unknown = null;
    for (let n = 0; n <= RETRY_DELAYS_MS.length; n++) {
      if (n > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[n - 1]));
      if (options.cancel?.aborted) throw new SyncCancelled();
      try {
        const answer = await attempt();
        if (answer.status < 500) return answer;
        last = refusal(answer);
      } catch (error) {
        if (error instanceof SyncCancelled) throw error;
        if (error instanceof PinMismatchError)
          throw new AppError('SYNC_REFUSED', 'The server showed a different certificate; nothing was sent.');
        last = error;
        // A link where nothing moved for `stallMs` is down: trying again would only wait as long.
        if (error instanceof Error && error.message === 'stalled') break;
      }
    }
    if (last instanceof AppError) throw last;
    throw new AppError(
      'SYNC_LINK',
      `Could not reach the sync server at ${base} for documents (${plainCause(last)}); they go next time, from where they stopped.`,
      { detail: { reason: 'network' } },
    );
  }

  function refusal(answer: Answer): AppError {
    let parsed: ServerError | null = null;
    try {
      parsed = ServerError.parse(JSON.parse(answer.body.toString('utf8')));
    } catch {
      parsed = null;
    }
    return new AppError(
      answer.status >= 500 ? 'SYNC_LINK' : 'SYNC_REFUSED',
      parsed?.error.message ?? `The sync server answered with status ${answer.status}.`,
      { detail: { status: answer.status, reason: parsed?.error.detail?.reason ?? null } },
    );
  }

  function json<S extends z.ZodType>(answer: Answer, schema: S): z.output<S> {
    if (answer.status < 200 || answer.status >= 300) throw refusal(answer);
    const parsed = schema.safeParse(JSON.parse(answer.body.toString('utf8')));
    if (!parsed.success)
      throw new AppError(
        'SYNC_LINK',
        `The sync server at ${base} gave an answer this version does not understand.`,
      );
    return parsed.data;
  }

  const partPath = (sha256: string, part: number, file: string) =>
    `/${sha256}/${part}?file=${encodeURIComponent(file)}`;

  return {
    counts,
    async state(request: ContentStateRequest) {
      const body = Buffer.from(JSON.stringify(request));
      const answer = await withRetries(() =>
        exchange('POST', '/state', body, { 'content-type': 'application/json' }),
      );
      return json(answer, ContentStateResponse);
    },
    /** The server's holding for this office (shared/document-sync.ts); null from an older server. */
    async epoch(): Promise<string | null> {
      const answer = await withRetries(() => exchange('GET', '/epoch', undefined, {}));
      if (answer.status === 404) return null;
      return json(answer, ContentEpoch).epoch;
    },
    async putPart(sha256: string, part: number, file: string, bytes: Buffer, hash: string) {
      const answer = await withRetries(() =>
        exchange('POST', partPath(sha256, part, file), bytes, {
          'content-type': 'application/octet-stream',
          [PART_HASH_HEADER]: hash,
        }),
      );
      return json(answer, PartStored);
    },
    async getPart(sha256: string, part: number, file: string): Promise<{ bytes: Buffer; hash: string }> {
      const answer = await withRetries(() => exchange('GET', partPath(sha256, part, file), undefined, {}));
      if (answer.status !== 200) throw refusal(answer);
      return { bytes: answer.body, hash: answer.header(PART_HASH_HEADER) ?? '' };
    },
  };
}

export type DocumentWire = ReturnType<typeof createDocumentWire>;
