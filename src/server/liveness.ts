import type { FastifyInstance } from 'fastify';

/**
 * "Still working": while a request waits (a push queued behind its office's others on its head,
 * a big page being built), the server sends `102 Processing` every few seconds. A PC gives a
 * request up when nothing at all arrives for 15 s (src/core/sync/transport.ts) — that is how a
 * dead link is told in seconds — and these interim answers are what tell a busy server from a
 * dead link.
 */

const EVERY_MS = 5_000;

export function registerLiveness(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    // Only for HTTP/1.1 clients that can take an interim answer.
    if (request.raw.httpVersion !== '1.1') return done();
    const timer = setInterval(() => {
      if (!reply.raw.headersSent && !reply.raw.writableEnded) reply.raw.writeProcessing();
    }, EVERY_MS);
    timer.unref();
    const stop = () => clearInterval(timer);
    reply.raw.once('finish', stop);
    reply.raw.once('close', stop);
    done();
  });
}
