import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ContentStateRequest,
  DOCUMENTS_PATH,
  PART_HASH_HEADER,
  PartQuery,
  partLength,
  partsOf,
  Sha256,
  type ContentState,
  type PartStored,
} from '../shared/document-sync';
import { SYNC_PATH, type ServerErrorCode } from '../shared/sync';
import type { Device } from './devices';
import {
  completeIfWhole,
  copyFromEarlierOffice,
  documentEpoch,
  documentKeyFor,
  dropContent,
  fileOnServer,
  openPart,
  partsCount,
  partsHeld,
  putSealedPart,
  sealedPart,
  sealPart,
  sha256Of,
  startContent,
  storedContent,
  sweepErasedContents,
  type DocumentKey,
  type FileOnServer,
} from './document-vault';
import type { Queryable, Storage } from './storage';

/**
 * Documents' content between the desks and the server (shared/document-sync.ts): which contents
 * the server holds for the device's office, a part up, a part down. Office scope exactly as the
 * records': a device reaches a content only through a file row of its own office (a transferred
 * client's files are its new office's), and a content is held per office, so an office never
 * learns whether another holds the same file. Every refusal is a 4xx with a reason.
 *
 * Erasure: after a push that erases a file (its `sha256` set to null, as the desk's erasure does)
 * and after a carried bundle, copies no file names any more are deleted (document-vault.ts).
 */

type Fail = (
  reply: FastifyReply,
  status: number,
  code: ServerErrorCode,
  message: string,
  detail?: Record<string, unknown>,
) => unknown;

interface Deps {
  storage: Storage;
  clock: () => Date;
  log: (line: string) => void;
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  fail: Fail;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * The file, if this device may reach the content `sha256` through it — its `office` is the one
 * whose copy the device works on. `send`: the state and a part up, which a PC of the office the
 * file was transferred from may also do, into the file's office now, so an upload the transfer cut
 * short still arrives (the PC keeps the retired file and its content). Only for a file that
 * was in the device's office when it moved (`prev_office_id`), through its id and its own
 * address: no office can ask the server about another office's contents in general, and it
 * never gets a part down from another office.
 */
export async function reachable(
  db: Queryable,
  device: Device,
  fileId: string,
  sha256: string,
  mode: 'read' | 'send' = 'read',
) {
  const file = await fileOnServer(db, fileId);
  if (!file)
    throw new Refused(
      404,
      'NOT_FOUND',
      'The server has no such document yet: its record goes first, with the next sync.',
      'unknown_file',
    );
  const sendingAfterTransfer = mode === 'send' && file.prevOffice === device.officeId;
  if (file.office !== device.officeId && !sendingAfterTransfer)
    throw new Refused(403, 'FORBIDDEN', "This document belongs to another office's client.", 'other_office');
  if (file.sha256 !== sha256)
    throw new Refused(
      403,
      'FORBIDDEN',
      file.sha256 === null
        ? 'This document was erased with its client; its content is gone.'
        : 'This content is not the one this document names.',
      file.sha256 === null ? 'erased' : 'other_content',
    );
  if (file.size < 0)
    throw new Refused(409, 'BAD_REQUEST', 'This document has no size on the server.', 'no_size');
  return file as FileOnServer & { sha256: string; office: string };
}

export function registerDocuments(app: FastifyInstance, deps: Deps): void {
  const { storage, clock } = deps;
  let key: DocumentKey | null = null;
  const documentKey = () => (key ??= documentKeyFor(storage, deps.log));
  const base = `${SYNC_PATH}${DOCUMENTS_PATH}`;

  function refuse(reply: FastifyReply, error: unknown) {
    if (error instanceof Refused)
      return deps.fail(reply, error.status, error.code, error.message, { reason: error.reason });
    throw error;
  }

  /** What the office holds of one content; a transferred client's is brought along first. */
  async function stateOf(db: Queryable, device: Device, file: string, sha256: string): Promise<ContentState> {
    try {
      const found = await reachable(db, device, file, sha256, 'send');
      const office = found.office;
      const parts = partsOf(found.size);
      let held = await storedContent(db, office, sha256);
      if (held && held.keyId !== documentKey().id) {
        // Sealed under a key this server no longer has: asked for again.
        await dropContent(db, office, sha256, false);
        held = null;
      }
      if (!held && (await copyFromEarlierOffice(db, documentKey(), office, found, clock())))
        held = await storedContent(db, office, sha256);
      if (held?.complete) return { file, sha256, state: 'complete', size: found.size, parts };
      if (!held) return { file, sha256, state: 'missing', size: found.size, parts };
      return {
        file,
        sha256,
        state: 'partial',
        size: found.size,
        parts,
        have: await partsHeld(db, office, sha256),
      };
    } catch (error) {
      if (error instanceof Refused) return { file, sha256, state: 'refused', reason: error.message };
      throw error;
    }
  }

  // A push that erased a file: the content no file names any more goes at once.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 400) return;
    const route = request.routeOptions.url;
    const erasing =
      route === `${SYNC_PATH}/bundle` || (route === `${SYNC_PATH}/push` && pushErasesAFile(request.body));
    if (!erasing) return;
    try {
      await sweepErasedContents(storage);
    } catch (error) {
      deps.log(
        `[server] removing erased documents failed (tried again at the next erasure): ${String(error)}`,
      );
    }
  });

  void app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    scope.get(`${base}/epoch`, { preHandler: deps.authenticate }, async (request) => ({
      epoch: await documentEpoch(storage, documentKey(), request.device!.officeId),
    }));

    scope.post(`${base}/state`, { preHandler: deps.authenticate }, async (request, reply) => {
      const body = ContentStateRequest.safeParse(request.body);
      if (!body.success)
        return deps.fail(
          reply,
          400,
          'BAD_REQUEST',
          `The request does not fit: ${body.error.issues[0]?.message}`,
        );
      const device = request.device!;
      return storage.transaction(async (tx) => {
        const contents: ContentState[] = [];
        for (const { file, sha256 } of body.data.contents)
          contents.push(await stateOf(tx, device, file, sha256));
        return { contents };
      });
    });

    scope.post(`${base}/:sha256/:part`, { preHandler: deps.authenticate }, async (request, reply) => {
      const target = partTarget(request);
      if (!target.ok) return deps.fail(reply, 400, 'BAD_REQUEST', target.message);
      const { sha256, part, file } = target;
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes))
        return deps.fail(reply, 400, 'BAD_REQUEST', 'Send the part as application/octet-stream.');
      const declared = String(request.headers[PART_HASH_HEADER] ?? '');
      if (sha256Of(bytes) !== declared)
        return deps.fail(
          reply,
          422,
          'BAD_REQUEST',
          'This part did not arrive as it was sent (its SHA-256 does not match); nothing was kept. Send it again.',
          { reason: 'tampered' },
        );
      const device = request.device!;
      try {
        const stored = await storage.transaction(async (tx): Promise<PartStored | 'mismatch'> => {
          const found = await reachable(tx, device, file, sha256, 'send');
          const office = found.office;
          const parts = partsOf(found.size);
          if (part >= parts)
            throw new Refused(
              400,
              'BAD_REQUEST',
              `This content has ${parts} parts, not ${part + 1}.`,
              'no_such_part',
            );
          if (bytes.length !== partLength(found.size, part))
            throw new Refused(
              400,
              'BAD_REQUEST',
              `Part ${part + 1} of this content is ${partLength(found.size, part)} bytes, not ${bytes.length}.`,
              'wrong_length',
            );
          await startContent(tx, documentKey(), office, sha256, found.size, clock());
          const held = (await storedContent(tx, office, sha256, true))!;
          if (held.complete) return { have: parts, parts, complete: true };
          const k = documentKey();
          await putSealedPart(tx, office, sha256, part, sealPart(k, office, sha256, part, bytes));
          const have = await partsCount(tx, office, sha256);
          if (have < parts) return { have, parts, complete: false };
          // Not thrown: the dropped parts must stay dropped (a throw would roll that back).
          if (!(await completeIfWhole(tx, k, office, sha256, clock()))) return 'mismatch';
          return { have, parts, complete: true };
        });
        if (stored === 'mismatch')
          return deps.fail(
            reply,
            422,
            'BAD_REQUEST',
            'The parts put together are not the content this document names; they were dropped. Send them again.',
            { reason: 'mismatch' },
          );
        return stored;
      } catch (error) {
        return refuse(reply, error);
      }
    });

    scope.get(`${base}/:sha256/:part`, { preHandler: deps.authenticate }, async (request, reply) => {
      const target = partTarget(request);
      if (!target.ok) return deps.fail(reply, 400, 'BAD_REQUEST', target.message);
      const { sha256, part, file } = target;
      const device = request.device!;
      try {
        const plain = await storage.transaction(async (tx) => {
          const found = await reachable(tx, device, file, sha256);
          const held = await storedContent(tx, device.officeId, sha256);
          if (!held?.complete)
            throw new Refused(
              404,
              'NOT_FOUND',
              'The server does not hold this content whole yet.',
              'not_yet',
            );
          if (part >= partsOf(found.size))
            throw new Refused(
              400,
              'BAD_REQUEST',
              `This content has ${partsOf(found.size)} parts.`,
              'no_such_part',
            );
          const sealed = await sealedPart(tx, device.officeId, sha256, part);
          const opened = sealed ? openPart(documentKey(), device.officeId, sha256, part, sealed) : null;
          if (!opened) {
            await dropContent(tx, device.officeId, sha256);
            return null;
          }
          return opened;
        });
        if (!plain)
          return deps.fail(
            reply,
            409,
            'NOT_FOUND',
            "The server's copy of this content was damaged and has been dropped; a PC that has the file sends it again.",
            { reason: 'damaged' },
          );
        return reply
          .header('content-type', 'application/octet-stream')
          .header(PART_HASH_HEADER, sha256Of(plain))
          .send(plain);
      } catch (error) {
        return refuse(reply, error);
      }
    });
  });
}

function partTarget(
  request: FastifyRequest,
): { ok: true; sha256: string; part: number; file: string } | { ok: false; message: string } {
  const params = request.params as { sha256?: string; part?: string };
  const sha256 = Sha256.safeParse(params.sha256);
  if (!sha256.success) return { ok: false, message: 'A content is named by its SHA-256 (64 hex digits).' };
  const part = Number(params.part);
  if (!/^\d{1,6}$/.test(params.part ?? '') || !Number.isSafeInteger(part))
    return { ok: false, message: 'A part is named by its number, from 0.' };
  const query = PartQuery.safeParse(request.query);
  if (!query.success) return { ok: false, message: 'Name the document the content belongs to (?file=ID).' };
  return { ok: true, sha256: sha256.data, part, file: query.data.file };
}

/** Whether a push body sets some file's `sha256` to null (the desk's erasure does). */
function pushErasesAFile(body: unknown): boolean {
  const changes = (body as { changes?: unknown } | null)?.changes;
  if (!Array.isArray(changes)) return false;
  return changes.some((change: unknown) => {
    const c = change as { t?: unknown; f?: Record<string, unknown> } | null;
    return c?.t === 'client_files' && c.f !== undefined && c.f !== null && c.f.sha256 === null;
  });
}
