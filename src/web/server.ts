/**
 * src/web — the web host: the real renderer and core in an ordinary browser, for places where
 * Electron cannot run (build machines, tests). It binds to 127.0.0.1 only and every call must
 * carry the per-run token printed in the URL, so no other page or local process can use it.
 * Imports `core` and `shared` only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { isMethod, type Envelope } from '../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { AppError, toErrorShape, type ErrorCode } from '../shared/errors';
import type { Core } from '../core';
import { PAGE_HEADER, TOKEN_HEADER } from '../shared/web-host';
import { createPageSessions } from './page-session';

export interface WebHostOptions {
  core: Core;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  port?: number;
  /** Fixed in tests; random per run otherwise. */
  token?: string;
  /** Largest request body: an imported spreadsheet travels base64-encoded. */
  bodyLimitBytes?: number;
}

export interface WebHost {
  url: string;
  token: string;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** Tests and callers name the header from here; it is defined once, in shared/web-host.ts. */
export { TOKEN_HEADER };

const WRONG_TOKEN = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Missing or wrong access token; open the URL the web host printed.' },
} satisfies Envelope;

const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  JMBG_INVALID: 422,
  NOT_ALLOWED: 409,
  IMPORT_REJECTED: 422,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 404,
  DUPLICATE_JMBG: 409,
  CONFLICT: 409,
  FORBIDDEN: 403,
  LOGIN_REQUIRED: 401,
  LOGIN_FAILED: 401,
  SESSION_LOCKED: 423,
  ACCOUNT_LOCKED: 423,
  SYNC_NOT_ENROLLED: 409,
  SYNC_CLOCK: 409,
  SYNC_REFUSED: 403,
  SYNC_LINK: 502,
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  if (!existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new AppError(
      'INTERNAL',
      `The renderer is not built (${options.rendererDir}); run "npm run build" first.`,
    );
  }

  // forceCloseConnections: a browser's keep-alive connection must not hold up stopping the host.
  const server = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? 40 * 1024 * 1024,
    forceCloseConnections: true,
  });
  let allowedHosts = new Set<string>();
  const hasToken = (header: string | string[] | undefined): boolean => {
    const given = Buffer.from(String(header ?? ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const pages = createPageSessions(options.core);

  server.addHook('onRequest', async (request, reply) => {
    // A page on another site could point a DNS name at 127.0.0.1; only our own host names are served.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return reply.code(421).send({ ok: false, error: { code: 'FORBIDDEN', message: 'Unknown host.' } });
    }
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    // The token is checked before the body is read: without it, no one gets 40 MB parsed.
    if (request.url.startsWith('/api/') && !hasToken(request.headers[TOKEN_HEADER])) {
      return reply.code(401).send(WRONG_TOKEN);
    }
  });

  await server.register(fastifyStatic, { root: options.rendererDir, index: 'index.html' });

  server.post<{ Params: { method: string }; Body: unknown }>('/api/call/:method', async (request, reply) => {
    if (!hasToken(request.headers[TOKEN_HEADER])) return reply.code(401).send(WRONG_TOKEN);
    const { method } = request.params;
    try {
      if (!isMethod(method)) throw new AppError('UNKNOWN_METHOD', `There is no call named "${method}".`);
      const page = String(request.headers[PAGE_HEADER] ?? '');
      const value = await pages.call(page, method, request.body ?? {});
      return { ok: true, value } satisfies Envelope;
    } catch (error) {
      const shape = toErrorShape(error);
      if (shape.code === 'INTERNAL') process.stderr.write(`[web] ${method} failed: ${String(error)}\n`);
      return reply.code(STATUS[shape.code] ?? 500).send({ ok: false, error: shape } satisfies Envelope);
    }
  });

  // Fastify answers a malformed JSON body itself; keep the envelope shape for the UI.
  server.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    const message =
      status === 413 ? 'The request is too large.' : status < 500 ? error.message : 'Internal error.';
    return reply
      .code(status)
      .send({ ok: false, error: { code: status < 500 ? 'VALIDATION' : 'INTERNAL', message } });
  });

  await server.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    server,
    close: () => server.close(),
  };
}
