import { createHash } from 'node:crypto';
import { PART_BYTES, partLength, partsOf, STATE_BATCH, type ContentState } from '../../shared/document-sync';
import type { DocumentSyncSummary } from '../../shared/contract/sync';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import { SyncCancelled } from './cancel';
import { createDocumentWire, type DocumentWire } from './document-wire';
import type { NetworkStack } from './network';
import type { SyncState } from './state';
import type { Fetch } from './transport';

/**
 * Documents' content after the records (issue 15): the file rows (`client_files`) sync as
 * records; then this PC sends the contents the server does not hold for its office and fetches
 * the ones it lacks itself — by SHA-256, in parts, each checked by its hash, the whole checked
 * against its address before it is kept. A content the server already holds (another PC of the
 * office sent the same file) is not sent again. A cut resumes at the next missing part: the
 * server says which parts it has, and parts received here wait in `document_sync_parts`.
 *
 * It never fails a sync: the records are already in; a content that cannot move now is counted
 * and its file shows "not yet on this PC" until it arrives. A run stops starting new parts after
 * `budgetMs`, so the next record sync is not kept waiting behind a long upload, and at once on the
 * sync's Cancel (`cancel`): the part in flight is cut and not kept, every whole part stays (on
 * the server, or in `document_sync_parts` here), and the next run goes on from there.
 *
 * "Sent" marks (`document_sync_sent`) spare a PC asking about every content at every sync; they
 * are forgotten when the server's holding for the office changes (its document epoch: a new
 * key, a damaged copy dropped), so a content the server lost is offered again by the PCs that
 * have it. The epoch rides on the sync's first feed page (`run({ epoch })`); only when the run
 * got none (an older server) is it asked of `GET /documents/epoch`.
 */

export const DOCUMENT_BUDGET_MS = 3 * 60_000;

export interface DocumentSyncDeps {
  state: SyncState;
  clock: () => Date;
  fetch?: Fetch;
  network?: NetworkStack;
  stallMs?: number;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function createDocumentSync(db: Db, deps: DocumentSyncDeps) {
  const { state, clock } = deps;
  const toOffer = db.prepare<[string], { sha256: string; file: string }>(
    `SELECT c.sha256, min(f.id) AS file FROM document_contents c JOIN client_files f ON f.sha256 = c.sha256
     WHERE NOT EXISTS (SELECT 1 FROM document_sync_sent s WHERE s.server = ? AND s.sha256 = c.sha256)
     GROUP BY c.sha256 ORDER BY min(f.created_at)`,
  );
  const toFetch = db.prepare<[], { sha256: string; file: string; mime: string; size: number }>(
    `SELECT f.sha256, min(f.id) AS file, min(f.mime) AS mime, max(f.size) AS size FROM client_files f
     WHERE f.sha256 IS NOT NULL AND f.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM document_contents c WHERE c.sha256 = f.sha256)
     GROUP BY f.sha256 ORDER BY min(f.created_at)`,
  );
  const bytesOf = db.prepare<[string], { bytes: Buffer }>(
    'SELECT bytes FROM document_contents WHERE sha256 = ?',
  );
  const markSent = db.prepare(
    'INSERT INTO document_sync_sent (server, sha256, at) VALUES (?, ?, ?) ON CONFLICT (server, sha256) DO NOTHING',
  );
  const partsHere = db.prepare<[string], { part: number }>(
    'SELECT part FROM document_sync_parts WHERE sha256 = ? ORDER BY part',
  );
  const keepPart = db.prepare(
    'INSERT INTO document_sync_parts (sha256, part, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256, part) DO NOTHING',
  );
  const stagedOf = db.prepare<[string], { part: number; bytes: Buffer }>(
    'SELECT part, bytes FROM document_sync_parts WHERE sha256 = ? ORDER BY part',
  );
  const dropStaged = db.prepare('DELETE FROM document_sync_parts WHERE sha256 = ?');
  const stillNamed = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM client_files WHERE sha256 = ? LIMIT 1',
  );
  const keepContent = db.prepare(
    `INSERT INTO document_contents (sha256, mime, size, bytes, thumbnail, created_at)
     VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (sha256) DO NOTHING`,
  );

  /** The server and office this PC syncs with: a content sent to one is not sent to another. */
  const serverKey = () => `${state.get('server_url') ?? ''}|${state.get('office_id') ?? ''}`;
  const epochs = serverEpochs(db);

  function wireFor(signal?: AbortSignal): DocumentWire {
    const serverUrl = state.get('server_url');
    const token = state.get('token');
    if (!serverUrl || !token)
      throw new AppError('SYNC_NOT_ENROLLED', 'This PC is not enrolled with a sync server yet.');
    return createDocumentWire({
      serverUrl,
      token,
      pin: state.get('server_pin'),
      fetch: deps.fetch,
      network: deps.network,
      stallMs: deps.stallMs,
      cancel: signal,
    });
  }

  let cancel: AbortSignal | undefined;
  /** Between parts: a cancelled run stops here, with every whole part kept. */
  const stopIfCancelled = () => {
    if (cancel?.aborted) throw new SyncCancelled();
  };

  async function statesOf(
    wire: DocumentWire,
    items: { sha256: string; file: string }[],
  ): Promise<ContentState[]> {
    const states: ContentState[] = [];
    for (let i = 0; i < items.length; i += STATE_BATCH) {
      stopIfCancelled();
      const batch = items.slice(i, i + STATE_BATCH).map(({ file, sha256 }) => ({ file, sha256 }));
      states.push(...(await wire.state({ contents: batch })).contents);
    }
    return states;
  }

  async function offer(wire: DocumentWire, summary: DocumentSyncSummary, deadline: number): Promise<void> {
    const server = serverKey();
    const pending = toOffer.all(server);
    if (pending.length === 0) return;
    for (const content of await statesOf(wire, pending)) {
      if (content.state === 'refused') {
        summary.refused++; // e.g. its record is held here (unsent), or not yet taken by the server
        continue;
      }
      if (content.state === 'complete') {
        markSent.run(server, content.sha256, clock().toISOString());
        summary.alreadyThere++;
        continue;
      }
      const bytes = bytesOf.get(content.sha256)?.bytes;
      if (!bytes) continue; // erased meanwhile
      const have = new Set(content.have ?? []);
      let stored = false;
      for (let part = 0; part < partsOf(bytes.length); part++) {
        if (have.has(part)) continue;
        stopIfCancelled();
        if (performance.now() > deadline) {
          summary.stoppedEarly = true;
          return;
        }
        const slice = bytes.subarray(part * PART_BYTES, part * PART_BYTES + partLength(bytes.length, part));
        const answer = await wire.putPart(content.sha256, part, content.file, slice, sha256(slice));
        summary.bytesSent += slice.length;
        stored = answer.complete;
      }
      if (stored || have.size === partsOf(bytes.length)) {
        markSent.run(server, content.sha256, clock().toISOString());
        summary.sent++;
      }
    }
  }

  async function fetchMissing(
    wire: DocumentWire,
    summary: DocumentSyncSummary,
    deadline: number,
  ): Promise<void> {
    const missing = toFetch.all();
    if (missing.length === 0) return;
    const facts = new Map(missing.map((m) => [m.sha256, m]));
    for (const content of await statesOf(wire, missing)) {
      const file = facts.get(content.sha256)!;
      if (content.state !== 'complete') {
        summary.waiting++;
        continue;
      }
      const size = content.size ?? file.size;
      const parts = partsOf(size);
      const here = new Set(partsHere.all(content.sha256).map((r) => r.part));
      // Parts of this run wait in memory and go to `document_sync_parts` only when the run stops
      // before the content is whole (a cut, Cancel, the budget): written once as the content,
      // not three times (a part, the whole, the parts' deletion): ≈ 13 ms a 256 KB part less, the
      // office's download in bench/document-sync.ts ≈ 1.9× its upload instead of ≈ 1.55×.
      const fresh = new Map<number, Buffer>();
      let settled = false;
      try {
        let complete = true;
        for (let part = 0; part < parts; part++) {
          if (here.has(part)) continue;
          stopIfCancelled();
          if (performance.now() > deadline) {
            summary.stoppedEarly = true;
            summary.waiting++;
            return;
          }
          const got = await wire.getPart(content.sha256, part, content.file);
          summary.bytesReceived += got.bytes.length;
          // A part that did not arrive as the server sent it is not kept; it is asked for next time.
          if (got.bytes.length !== partLength(size, part) || sha256(got.bytes) !== got.hash) {
            summary.refusedParts++;
            complete = false;
            break;
          }
          fresh.set(part, got.bytes);
        }
        if (!complete) {
          summary.waiting++;
          continue;
        }
        settled = true;
        if (keepWhole(content.sha256, file.mime, size, parts, fresh)) summary.received++;
        else summary.refusedParts++;
      } finally {
        if (!settled && fresh.size > 0) stage(content.sha256, fresh);
      }
    }
  }

  /** Keeps the parts received of a content not yet whole, for the next run to go on from. */
  function stage(address: string, fresh: Map<number, Buffer>): void {
    db.transaction(() => {
      for (const [part, bytes] of fresh) keepPart.run(address, part, bytes);
    }).immediate();
  }

  /**
   * Puts the parts together (kept from earlier runs, and this run's), checks them against the
   * address and keeps the content (or drops the parts).
   */
  function keepWhole(
    address: string,
    mime: string,
    size: number,
    parts: number,
    fresh: Map<number, Buffer>,
  ): boolean {
    return db
      .transaction(() => {
        const kept = fresh.size === parts ? [] : stagedOf.all(address);
        const byPart = new Map(kept.map((r) => [r.part, r.bytes]));
        for (const [part, bytes] of fresh) byPart.set(part, bytes);
        const pieces: Buffer[] = [];
        for (let part = 0; part < parts; part++) {
          const piece = byPart.get(part);
          if (piece) pieces.push(piece);
        }
        const whole = Buffer.concat(pieces);
        if (kept.length > 0) dropStaged.run(address);
        if (whole.length !== size || sha256(whole) !== address) return false;
        if (!stillNamed.get(address)) return true; // erased while it travelled: nothing to keep
        keepContent.run(address, mime, size, whole, clock().toISOString());
        markSent.run(serverKey(), address, clock().toISOString());
        return true;
      })
      .immediate();
  }

  return {
    /** After the records: send, then fetch; never throws (the outcome is in the summary). */
    async run(
      options: {
        budgetMs?: number;
        wire?: DocumentWire;
        cancel?: AbortSignal;
        /**
         * The office's document epoch this sync's records already brought (the first feed page,
         * shared/sync-feed.ts): followed without a request of its own. Absent (an older server, a
         * run that read no first page): asked of `GET /documents/epoch` as before.
         */
        epoch?: string;
      } = {},
    ): Promise<DocumentSyncSummary> {
      const summary = emptySummary();
      const started = performance.now();
      const deadline = started + (options.budgetMs ?? DOCUMENT_BUDGET_MS);
      cancel = options.cancel;
      try {
        stopIfCancelled();
        const wire = options.wire ?? wireFor(cancel);
        epochs.follow(serverKey(), options.epoch ?? (await wire.epoch()));
        await offer(wire, summary, deadline);
        if (!summary.stoppedEarly) await fetchMissing(wire, summary, deadline);
      } catch (error) {
        // Cancelled: not an error; what is whole stays, the rest goes with the next sync.
        if (error instanceof SyncCancelled) summary.stoppedEarly = true;
        else summary.error = error instanceof AppError ? error.message : String(error);
      } finally {
        cancel = undefined;
      }
      summary.notOnThisPc = notOnThisPcCount(db);
      summary.durationMs = Math.round(performance.now() - started);
      return summary;
    },
  };
}

export type DocumentSync = ReturnType<typeof createDocumentSync>;

function emptySummary(): DocumentSyncSummary {
  return {
    sent: 0,
    alreadyThere: 0,
    received: 0,
    waiting: 0,
    refused: 0,
    refusedParts: 0,
    bytesSent: 0,
    bytesReceived: 0,
    notOnThisPc: 0,
    stoppedEarly: false,
    durationMs: 0,
  };
}

/** Files whose record is here and whose content is not (yet). */
export function notOnThisPcCount(db: Db): number {
  return (
    db
      .prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM client_files f WHERE f.sha256 IS NOT NULL AND f.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM document_contents c WHERE c.sha256 = f.sha256)`,
      )
      .get()?.n ?? 0
  );
}

/** The `sync_state` row naming the server holding this PC's "sent" marks were made against. */
const EPOCH_KEY = 'document_epoch';

/**
 * The server's holding (shared/document-sync.ts `ContentEpoch`) this PC's "sent" marks for a
 * server hold against. When the server names another, the marks for it are forgotten in the same
 * transaction as the new one is remembered: every content is asked about again, and the ones the
 * server no longer holds are sent. A server that names none (an older one) changes nothing.
 */
export function serverEpochs(db: Db) {
  const read = db.prepare<[string], { value: string | null }>('SELECT value FROM sync_state WHERE key = ?');
  const write = db.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const forget = db.prepare('DELETE FROM document_sync_sent WHERE server = ?');
  return {
    /** Returns whether the marks were forgotten. */
    follow(server: string, epoch: string | null | undefined): boolean {
      if (!epoch) return false;
      const seen = `${server}\n${epoch}`;
      return db
        .transaction(() => {
          if (read.get(EPOCH_KEY)?.value === seen) return false;
          forget.run(server);
          write.run(EPOCH_KEY, seen);
          return true;
        })
        .immediate();
    },
  };
}

const services = new WeakMap<Db, DocumentSync>();

/** One per open database (the sync service's hook asks for it on every run). */
export function documentSyncOf(db: Db, deps: DocumentSyncDeps): DocumentSync {
  let found = services.get(db);
  if (!found) services.set(db, (found = createDocumentSync(db, deps)));
  return found;
}
