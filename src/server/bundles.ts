import type { FastifyInstance } from 'fastify';
import { LIMITS, SYNC_PATH, type PulledChange, type PushResponse } from '../shared/sync';
import { BundleError, bundleHeader, bundleKey, openBundle, sealBundle } from '../shared/node/bundle-seal';
import { type AnswerPayload, ChangesPayload } from '../shared/sync-bundle';
import type { Device } from './devices';
import { feedPage, snapshotNeeded } from './feed';
import { snapshotPage } from './snapshot';
import type { Storage } from './storage';
import { carriedDocuments } from './document-bundles'; // documents' content (issue 15)
import { push, visibleHead } from './sync-log';

/**
 * Applying a carried bundle of a PC's changes (shared/sync-bundle.ts) and writing its answer:
 * the changes go through the same `push` as an online sync (same device, scope, refusals; a
 * bundle applied twice is recognised by its stamps and changes nothing), and the answer carries
 * what that PC's pull would bring — a snapshot for a PC that starts from one, then the log.
 * One thing an online push checks cannot be checked here: the PC's clock (the file may have
 * travelled for days); its stamps are still ordered by the clock the PC had.
 */

export const BUNDLE_PATH = '/bundle';
/** The most a single answer carries; a PC further behind gets the rest with its next bundle. */
const ANSWER_MAX_ENTRIES = 200_000;

interface BundleDevice extends Device {
  tokenHash: string;
}

async function bundleDevice(storage: Storage, deviceId: string): Promise<BundleDevice> {
  const [row] = await storage.query<{
    id: string;
    office_id: string;
    name: string;
    centre: boolean;
    node: string;
    token_hash: string;
    revoked_at: Date | null;
  }>(
    `SELECT d.id, d.office_id, o.name, o.centre, d.node, d.token_hash, d.revoked_at
     FROM devices d JOIN offices o ON o.id = d.office_id WHERE d.id = $1`,
    [deviceId],
  );
  if (!row)
    throw new BundleError(`This file comes from a PC this server does not know (device ${deviceId}).`);
  if (row.revoked_at)
    throw new BundleError(
      `This file comes from a PC whose access was revoked (device ${deviceId}); nothing was applied.`,
    );
  return {
    id: row.id,
    officeId: row.office_id,
    officeName: row.name,
    centre: row.centre,
    node: row.node,
    tokenHash: row.token_hash,
  };
}

/** Lines of a feed or snapshot page: its start, entries and end. */
function linesOf(text: string): {
  start: Record<string, unknown>;
  changes: PulledChange[];
  end: Record<string, unknown>;
} {
  const lines = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { start: lines[0]!, changes: lines.slice(1, -1) as PulledChange[], end: lines.at(-1)! };
}

export async function applyBundle(
  storage: Storage,
  file: Buffer,
  now: Date,
): Promise<{
  answer: Buffer;
  deviceId: string;
  accepted: number;
  duplicates: number;
  refused: number;
  entries: number;
}> {
  const { header } = bundleHeader(file);
  if (header.kind !== 'changes')
    throw new BundleError(
      'This is an answer file: it goes back to the PC ("sync --from-file"), not to the server.',
    );
  const device = await bundleDevice(storage, header.deviceId);
  const payload = openBundle(file, bundleKey(device.tokenHash, device.id, 'changes'), ChangesPayload);

  const pushed: PushResponse = { head: 0, accepted: 0, duplicates: 0, refused: [], time: now.getTime() };
  for (let i = 0; i < payload.changes.length; i += LIMITS.pushChanges) {
    const batch = await push(
      storage,
      device,
      { changes: payload.changes.slice(i, i + LIMITS.pushChanges) },
      now,
    );
    pushed.head = batch.head;
    pushed.accepted += batch.accepted;
    pushed.duplicates += batch.duplicates;
    pushed.refused.push(...batch.refused);
  }
  pushed.head = Math.max(pushed.head, await visibleHead(storage, device.officeId));

  // What this PC's pull would bring.
  let from = payload.cursor;
  let snapshot: PulledChange[] | undefined;
  const restarted = payload.cursor === 0 ? null : await snapshotNeeded(storage, device, payload.cursor);
  if (payload.cursor === 0 || restarted) {
    snapshot = [];
    let after: { t: string; r: string } | null = null;
    let head: number | undefined;
    for (;;) {
      const page = linesOf(
        await snapshotPage(
          storage,
          device,
          { after, bytes: 8 * 1024 * 1024, head, own: restarted ? undefined : 'skip' },
          now,
        ),
      );
      head ??= Number(page.start.head);
      snapshot.push(...page.changes);
      const last = page.changes.at(-1);
      if (!page.end.more || !last || snapshot.length > ANSWER_MAX_ENTRIES) break;
      after = { t: last.t, r: last.r };
    }
    from = head ?? 0;
  }
  const changes: PulledChange[] = [];
  let next = from;
  for (;;) {
    const page = linesOf(
      await feedPage(storage, device, { after: next, bytes: 8 * 1024 * 1024, count: [] }, now),
    );
    changes.push(...page.changes);
    next = Number(page.end.next);
    if (!page.end.more || changes.length > ANSWER_MAX_ENTRIES) break;
  }

  // ── Documents' content carried both ways, after the changes (issue 15; document-bundles.ts).
  const documents = await carriedDocuments(storage, device, payload.documents, now, [
    ...(snapshot ?? []),
    ...changes,
  ]);
  // ── end of documents' content
  const answer: AnswerPayload = {
    head: pushed.head,
    lastSeq: payload.lastSeq,
    accepted: pushed.accepted,
    duplicates: pushed.duplicates,
    refused: pushed.refused,
    ...(snapshot ? { snapshot } : {}),
    from,
    changes,
    next,
    time: now.getTime(),
    ...(restarted ? { restarted } : {}),
    ...(documents ? { documents } : {}),
  };
  const sealed = sealBundle(
    { kind: 'answer', deviceId: device.id, sequence: header.sequence, createdAt: now.toISOString() },
    answer,
    bundleKey(device.tokenHash, device.id, 'answer'),
  );
  return {
    answer: sealed,
    deviceId: device.id,
    accepted: pushed.accepted,
    duplicates: pushed.duplicates,
    refused: pushed.refused.length,
    entries: (snapshot?.length ?? 0) + changes.length,
  };
}

/**
 * `POST /v1/bundle`: the same for a running server (the embedded database is then in its hands).
 * The bundle is its own proof of who sent it, so there is no bearer token; a bad one is a 400.
 */
export function registerBundles(
  app: FastifyInstance,
  deps: { storage: Storage; clock: () => Date; badRequest: (reply: never, message: string) => unknown },
): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(`${SYNC_PATH}${BUNDLE_PATH}`, async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        return deps.badRequest(reply as never, 'Send the bundle file as application/octet-stream.');
      try {
        const applied = await applyBundle(deps.storage, request.body, deps.clock());
        return reply.header('content-type', 'application/octet-stream').send(applied.answer);
      } catch (error) {
        if (error instanceof BundleError) return deps.badRequest(reply as never, error.message);
        throw error;
      }
    });
  });
}
