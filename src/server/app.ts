import compress from '@fastify/compress';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  EnrollRequest,
  LIMITS,
  PullQuery,
  PushRequest,
  SYNC_PATH,
  TransferRequest,
  type ServerError,
  type ServerErrorCode,
} from '../shared/sync';
import { createDeviceLookup, enrollDevice, listOffices, type Device } from './devices';
import { databaseUnavailable, type Storage } from './storage';
import { pull, push, pushOnItsWay, SyncRequestError, transfer } from './sync-log';
import { createCompactionTrigger, feedParts, registerFeed, sendLines } from './feed';
import { registerBundles } from './bundles';
import { registerLiveness } from './liveness';
import { registerSnapshot } from './snapshot';
import { anchorHead, registerAuditAnchor } from './audit-anchor';
import type { FoldedPushResponse } from '../shared/sync-feed';
import { registerUpdatesFeed } from './updates';
import { registerDocuments } from './documents';
import { documentEpoch, documentKeyFor } from './document-vault';

/**
 * The sync server's HTTP face: JSON over HTTP (TLS is terminated in front of it in production),
 * gzip both ways, a bearer token per device, every request scoped to the device's office.
 * A request that does not fit its schema gets a 4xx and changes nothing.
 */

export interface SyncServerOptions {
  storage: Storage;
  /** Injected in tests. */
  clock?: () => Date;
  /** Largest request body after decompression. */
  bodyLimitBytes?: number;
  log?: (line: string) => void;
  /** The folder `/updates/` serves (see updates.ts); without it there is no update feed. */
  updatesDir?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device;
  }
}

function fail(
  reply: FastifyReply,
  status: number,
  code: ServerErrorCode,
  message: string,
  detail?: Record<string, unknown>,
) {
  return reply
    .code(status)
    .send({ error: { code, message, ...(detail ? { detail } : {}) } } satisfies ServerError);
}

/** An error Fastify's error handler passes on with its status and our message. */
function requestError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode, ours: true });
}

function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; message: string } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, message: `The request does not fit: ${problems}` };
}

/**
 * Devices before this version listed the reference tables among their changes (`ref`). The server
 * decides that itself from the registry, so the list is dropped unread rather than refused.
 */
function withoutLegacyRef(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('ref' in body)) return body;
  const { ref: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
}

export async function buildSyncServer(options: SyncServerOptions): Promise<FastifyInstance> {
  const { storage } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? LIMITS.bodyBytes,
    // The updater's multi-range request carries up to 1000 ranges in one `Range` header (~21 KB
    // for a 100 MB installer), past Node's default 16 KB of headers.
    http: { maxHeaderSize: 64 * 1024 },
    // An address that cannot be decoded (bad %-escapes) gets the same JSON error as any bad request.
    frameworkErrors: (error, _request, reply) =>
      fail(reply, 400, 'BAD_REQUEST', `The address could not be read (${error.message}).`),
  });

  await app.register(compress, {
    global: true,
    encodings: ['gzip'],
    requestEncodings: ['gzip', 'br'],
    threshold: 512,
    onUnsupportedRequestEncoding: (encoding) =>
      requestError(415, `Request bodies may be sent plain or gzip-compressed, not ${encoding}.`),
    onInvalidRequestPayload: () => requestError(400, 'The request body is not valid gzip.'),
  });

  // JSON (and the feed's lines) is UTF-8 by definition (RFC 8259 §11 defines no charset for it):
  // 15 bytes less on every answer, which a sync with nothing to do is mostly made of.
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (type === 'application/json; charset=utf-8' || type === 'application/x-ndjson; charset=utf-8')
      reply.header('content-type', type.slice(0, type.indexOf(';')));
    return payload;
  });

  const deviceFor = createDeviceLookup(storage);
  async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
    const device = match?.[1] ? await deviceFor(match[1]) : null;
    if (!device) {
      return fail(
        reply,
        401,
        'UNAUTHORIZED',
        'This device is not enrolled, or its access was revoked. Enrol it again with a new code.',
      );
    }
    request.device = device;
  }

  registerLiveness(app);
  /** An office's log is compacted once a device of it reaches the end (feed.ts), at most once a minute. */
  const reachedEnd = createCompactionTrigger(storage);
  /**
   * The office's document epoch, carried on a run's first feed page (shared/sync-feed.ts) so the
   * device need not ask `/documents/epoch` (600 ms a sync on a 64 kbit/s line). Never fails a
   * page: a key that cannot be read is left out, and the device asks the route, which says why.
   */
  const documentEpochOf = async (office: string): Promise<string | null> => {
    try {
      return await documentEpoch(storage, documentKeyFor(storage, log), office);
    } catch (error) {
      log(`[server] the document epoch was left out of a feed page: ${String(error)}`);
      return null;
    }
  };
  const authed = { preHandler: authenticate };

  if (options.updatesDir) registerUpdatesFeed(app, { updatesDir: options.updatesDir });

  app.get(`${SYNC_PATH}/health`, async () => ({ ok: true, time: clock().getTime() }));

  app.post(`${SYNC_PATH}/enroll`, async (request, reply) => {
    const body = parse(EnrollRequest, request.body);
    if (!body.ok) return fail(reply, 400, 'BAD_REQUEST', body.message);
    const enrolled = await storage.transaction((tx) => enrollDevice(tx, body.data, clock()));
    if (!enrolled) {
      return fail(
        reply,
        403,
        'CODE_INVALID',
        'This enrolment code is unknown, already used or expired. Ask the administrator for a new one.',
      );
    }
    return { ...enrolled, folds: true };
  });

  /** Each push from its arrival to its queue (sync-log.ts: a group about to start waits for it). */
  const onItsWay = new WeakMap<FastifyRequest, () => void>();
  app.post(
    `${SYNC_PATH}/push`,
    {
      ...authed,
      onRequest: async (request, reply) => {
        const arrived = pushOnItsWay(storage);
        onItsWay.set(request, arrived);
        reply.raw.once('close', arrived);
      },
      onSend: async (request, _reply, payload) => {
        onItsWay.get(request)?.();
        return payload;
      },
    },
    async (request, reply) => {
      onItsWay.get(request)?.(); // it joins a queue below, or is answered without
      const body = parse(PushRequest, withoutLegacyRef(request.body));
      if (!body.ok) return fail(reply, 400, 'BAD_REQUEST', body.message);
      const now = clock();
      const skew = body.data.now - now.getTime();
      if (Math.abs(skew) > LIMITS.clockSkewMs) {
        return fail(
          reply,
          409,
          'CLOCK_SKEW',
          "The clock of this computer is far from the server's; nothing was sent.",
          {
            skewMs: skew,
            serverTime: now.getTime(),
          },
        );
      }
      const device = request.device!;
      const pushed = await push(storage, device, body.data, now);
      const asked = body.data.with;
      if (!asked) return { ...pushed, folds: true } satisfies FoldedPushResponse;
      // What the device would otherwise ask for next, one round trip each (600 ms on a mobile line):
      // its audit anchor and the first page of its pull, after the push so the page's head covers it.
      // Only with a push that took something (or had taken it: a replay after a lost answer): a
      // refused push changes nothing, and the device then asks for both itself.
      const answer: FoldedPushResponse = { ...pushed, folds: true };
      if (pushed.accepted + pushed.duplicates === 0) return answer;
      // The push is in whatever happens next: a part that fails is left out of the answer (the
      // device asks for it on its own, and hears the reason there), never turned into an error.
      const folded = async <T>(part: string, work: () => Promise<T>): Promise<T | undefined> => {
        try {
          return await work();
        } catch (error) {
          if (!(error instanceof SyncRequestError))
            log(
              `[server] push of device ${device.id}: the ${part} was left out of the answer: ${String(error)}`,
            );
          return undefined;
        }
      };
      if (asked.anchor) {
        const anchor = asked.anchor;
        answer.anchor = await folded('audit anchor', () => anchorHead(storage, device, anchor, now, log));
      }
      const page =
        asked.feed &&
        (await folded('first pull page', () =>
          feedParts(storage, device, asked.feed!, now, documentEpochOf),
        ));
      if (page) {
        if (!page.end.more) await folded('compaction', () => reachedEnd(device, now));
        answer.feed = { start: page.start, changes: page.changes, end: page.end };
        // A page is worth the feed's brotli (about 28% fewer bytes than the gzip of other answers).
        return sendLines(request, reply, JSON.stringify(answer), 'application/json');
      }
      if (!answer.anchor) delete answer.anchor;
      return answer;
    },
  );

  app.get(`${SYNC_PATH}/pull`, authed, async (request, reply) => {
    const query = parse(PullQuery, request.query);
    if (!query.ok) return fail(reply, 400, 'BAD_REQUEST', query.message);
    return pull(storage, request.device!, query.data, clock());
  });

  registerFeed(app, {
    storage,
    clock,
    reachedEnd,
    documentEpoch: documentEpochOf,
    authenticate,
    badRequest: (reply, message) => fail(reply, 400, 'BAD_REQUEST', message),
  });
  registerSnapshot(app, {
    storage,
    clock,
    authenticate,
    badRequest: (reply, message) => fail(reply, 400, 'BAD_REQUEST', message),
  });
  registerBundles(app, {
    storage,
    clock,
    badRequest: (reply, message) => fail(reply, 400, 'BAD_REQUEST', message),
  });
  registerAuditAnchor(app, {
    storage,
    clock,
    log,
    authenticate,
    badRequest: (reply, message) => fail(reply, 400, 'BAD_REQUEST', message),
  });

  registerDocuments(app, { storage, clock, log, authenticate, fail }); // documents' content (issue 15)

  app.get(`${SYNC_PATH}/offices`, authed, async () => ({
    offices: await listOffices(storage),
    time: clock().getTime(),
  }));

  app.post(`${SYNC_PATH}/transfer`, authed, async (request, reply) => {
    const body = parse(TransferRequest, request.body);
    if (!body.ok) return fail(reply, 400, 'BAD_REQUEST', body.message);
    return transfer(storage, request.device!, body.data, clock());
  });

  app.setNotFoundHandler((_request, reply) =>
    fail(reply, 404, 'NOT_FOUND', 'There is no such sync address.'),
  );

  app.setErrorHandler((error: { statusCode?: number; ours?: boolean; message: string }, request, reply) => {
    if (error instanceof SyncRequestError) return fail(reply, error.status, error.code, error.message);
    const status = error.statusCode ?? 500;
    if (status === 413)
      return fail(reply, 413, 'TOO_LARGE', 'The request is too large; send fewer changes at a time.');
    if (status >= 400 && status < 500) {
      const message = error.ours ? error.message : `The request could not be read (${error.message}).`;
      return fail(reply, status, 'BAD_REQUEST', message);
    }
    if (databaseUnavailable(error))
      return fail(
        reply,
        503,
        'UNAVAILABLE',
        'The server lost its database connection for a moment. Try again; a change it already took is not applied twice.',
      );
    log(
      `[server] ${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return fail(
      reply,
      500,
      'INTERNAL',
      'The server failed to handle this request; the details are in its log.',
    );
  });

  return app;
}

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Listens on `host` (127.0.0.1 unless told otherwise: production puts TLS in front). */
export async function listen(
  app: FastifyInstance,
  options: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    app,
    close: () => app.close(),
  };
}
