import os from 'node:os';
import type { SyncRunResult, SyncStatus } from '../../shared/contract/sync';
import { AppError, toErrorShape, type ErrorCode } from '../../shared/errors';
import { stripNode, withNode } from '../../shared/hlc';
import type { AuditAnchorRequest, AuditAnchorResponse } from '../../shared/audit-anchor';
import type { FieldValue, PushedChange, PushRequest, PushResponse } from '../../shared/sync';
import type { Db } from '../db/open';
import { uuidv7 } from '../ids';
import { createApplier } from './apply';
import { createConflicts } from './conflicts';
import { createUnsent } from './unsent';
import { setSyncClock, whileApplying } from './connection';
import { adoptServerOffice } from './office';
import { createRowWriter, toSql } from './rows';
import { createSyncState } from './state';
import { syncedTables } from './tables';
import { createBundles } from './bundles';
import { createLinkFit } from './link-fit';
import type { NetworkStack } from './network';
import { createPuller, MASS_DELETE, readBehind } from './pull';
import { pinFor } from './pinning';
import { createTransport, normaliseServerUrl, type Fetch, type FeedPage, type Transport } from './transport';
import { liveTables } from './triggers';
import { anchorAuditHead, readAnchor } from '../security/audit-anchor';
import { documentSyncOf } from './documents'; // documents' content after the records (issue 15)
import { createCarriedDocuments } from './document-bundles'; // … and in carried files
import { SyncCancelled } from './cancel';
import { createPreview } from './preview';
import { collectReceived } from './received';

/** Changes per push and the most JSON one push carries before it is split. */
const PUSH_BATCH = 1000;
/** Bounds on one run's loops (a run that would need more continues next time). */
const MAX_ROUNDS = 10_000;
/** Syncs that did nothing else may leave the anchor where it is, this many and this long at most. */
const UNANCHORED_SYNCS = 20;
const ANCHOR_AT_LEAST_EVERY_MS = 24 * 60 * 60 * 1000;

/** The first pull page a push may ask for (PushRequest `with.feed`). */
type FeedWish = NonNullable<NonNullable<PushRequest['with']>['feed']>;
/**
 * The mass-delete fail-safe (Joplin's habit): a pull that would remove at least this many of this
 * PC's records, and more than this share of them, stops and asks.
 */
export { MASS_DELETE };

export interface SyncServiceOptions {
  clock: () => Date;
  /** For tests of the link; the host's network stack otherwise (network.ts). */
  fetch?: Fetch;
  network?: NetworkStack;
  /** Nothing moving on the wire for this long gives a request up (transport.ts). */
  stallMs?: number;
}

export function createSyncService(db: Db, options: SyncServiceOptions) {
  const { clock } = options;
  setSyncClock(db, () => clock().getTime());
  const state = createSyncState(db);
  const tables = new Map(liveTables(db).map((live) => [live.table.name, live]));
  const writer = createRowWriter(db, clock);
  const applier = createApplier(db, { writer, state, clock });
  const conflicts = createConflicts(db, { writer, state, clock, tables });
  const unsent = createUnsent(db, { labelOf: conflicts.describe });
  const recordTables = syncedTables.filter((t) => t.record && tables.has(t.name)).map((t) => t.name);
  const referenceTables = new Set(syncedTables.filter((t) => t.scope === 'reference').map((t) => t.name));

  const unpushed = db.prepare<
    [number],
    { seq: number; hlc: string; tbl: string; row_id: string; fields: string }
  >('SELECT seq, hlc, tbl, row_id, fields FROM sync_outbox WHERE pushed_head IS NULL ORDER BY seq LIMIT ?');
  const markPushed = db.prepare(
    'UPDATE sync_outbox SET pushed_head = ? WHERE pushed_head IS NULL AND seq <= ?',
  );
  const pendingOf = db.prepare<{ tables: string }, { n: number }>(
    'SELECT count(*) AS n FROM sync_outbox WHERE pushed_head IS NULL AND tbl NOT IN (SELECT value FROM json_each(@tables))',
  );
  /** Edits waiting to go out; on an office PC, not its edits of the centre's reference data (they stay local). */
  const pendingCount = () =>
    pendingOf.get({ tables: JSON.stringify(state.get('centre') === '1' ? [] : [...referenceTables]) })?.n ??
    0;
  const outboxByHlc = db.prepare<[string], { tbl: string; row_id: string; fields: string; hlc: string }>(
    'SELECT tbl, row_id, fields, hlc FROM sync_outbox WHERE hlc = ?',
  );
  const recordRefusal = db.prepare(
    `INSERT INTO sync_conflicts (id, tbl, row_id, field, kind, local_value, local_hlc, remote_value, winner, detected_at)
     VALUES (?, ?, ?, ?, 'refused', ?, ?, ?, 'remote', ?)`,
  );

  let running: {
    phase: 'push' | 'pull';
    pushed: number;
    pulled: number;
    toPush?: number;
    records?: number;
    total?: number | null;
  } | null = null;
  let inFlight: Promise<SyncRunResult> | null = null;
  /** The run in progress: its link (bytes so far) and how to cancel it. */
  let current: { link: Transport; cancel: AbortController } | null = null;

  function enrolment() {
    const serverUrl = state.get('server_url');
    const token = state.get('token');
    if (!serverUrl || !token) {
      throw new AppError(
        'SYNC_NOT_ENROLLED',
        'This PC is not enrolled with a sync server yet: enter the server address and the enrolment code from the administrator in Settings.',
      );
    }
    return { serverUrl, token, officeId: state.get('office_id') ?? '', centre: state.get('centre') === '1' };
  }

  /** The link as measured by earlier runs: pages and batches start at the size that fit it. */
  const fit = createLinkFit();

  function transport(cancel?: AbortSignal): Transport {
    const { serverUrl, token } = enrolment();
    return createTransport({
      cancel,
      serverUrl,
      token,
      pin: state.get('server_pin'),
      fetch: options.fetch,
      network: options.network,
      stallMs: options.stallMs,
      fit,
    });
  }

  function liveRecordCount(): number {
    return recordTables.reduce(
      (sum, name) =>
        sum +
        (db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name}" WHERE deleted_at IS NULL`).get()
          ?.n ?? 0),
      0,
    );
  }

  /** This clock minus the server's, from the time in an answer (kept with the run's outcome). */
  function skewFrom(serverTime: number): number {
    return Math.round(clock().getTime() - serverTime);
  }

  /** The run's outcome in one write (each write outside a transaction waits for the disk). */
  function remember(
    outcome: Partial<
      Record<
        'last_success_at' | 'last_error' | 'clock_skew_ms' | 'awaiting_confirmation',
        string | number | null
      >
    >,
  ) {
    db.transaction(() => {
      for (const [key, value] of Object.entries(outcome)) {
        if (value !== undefined) state.set(key as keyof typeof outcome, value);
      }
    }).immediate();
  }

  /** Edits of centre-managed tables made on an office PC stay on it (the server would refuse them). */
  function keepReferenceEditsLocal(centre: boolean): void {
    if (centre || referenceTables.size === 0) return;
    const names = [...referenceTables];
    db.prepare(
      `DELETE FROM sync_outbox WHERE pushed_head IS NULL AND tbl IN (${names.map(() => '?').join(', ')})`,
    ).run(...names);
  }

  /** Before a push: what stays local is dropped from the outbox, what was held and since edited goes again. */
  function preparePush(centre: boolean): void {
    keepReferenceEditsLocal(centre);
    // Changes held because the server could not store them go out again once their record was edited.
    db.transaction(() => unsent.releaseEdited()).immediate();
  }

  /** Whether the server takes `with` in a push (it says so in its answers; shared/sync.ts). */
  const serverFolds = () => state.get('server_folds') === '1';
  function learnFolds(folds: boolean | undefined): void {
    const value = folds === true ? '1' : null;
    if (state.get('server_folds') !== value) state.set('server_folds', value);
  }

  /**
   * Sends the outbox in batches sized to the link, one after the other: each batch's answer is
   * settled before the next goes, and before the pull (whose merge needs to know what was pushed).
   * The last batch asks a server that folds for the audit anchor and the first pull page in its
   * answer (`fold`): a day's work is then one round trip up and back instead of three (600 ms
   * each on a mobile line).
   */
  async function pushAll(
    link: Transport,
    result: SyncRunResult,
    cancel: AbortSignal,
    fold: { anchor: AuditAnchorRequest | null; feed: () => FeedWish | null },
  ): Promise<{ anchor?: AuditAnchorResponse; feed?: FeedPage }> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (cancel.aborted) throw new SyncCancelled();
      const rows = unpushed.all(PUSH_BATCH);
      if (rows.length === 0) return {};
      const changes: PushedChange[] = [];
      let chars = 0;
      for (const row of rows) {
        // What one change adds to the body: its fields and about 60 characters of stamp, table and id.
        const size = row.fields.length + row.tbl.length + row.row_id.length + 60;
        if (changes.length > 0 && chars + size > link.fit.pushBytes()) break;
        chars += size;
        changes.push({
          h: stripNode(row.hlc),
          t: row.tbl,
          r: row.row_id,
          f: JSON.parse(row.fields) as Record<string, FieldValue>,
        });
      }
      const lastSeq = rows[changes.length - 1]!.seq;
      const last = rows.length < PUSH_BATCH && changes.length === rows.length;
      const feed = last && serverFolds() ? fold.feed() : null;
      const wish: PushRequest['with'] =
        last && serverFolds() && (fold.anchor || feed)
          ? { ...(fold.anchor ? { anchor: fold.anchor } : {}), ...(feed ? { feed } : {}) }
          : undefined;
      const plain: PushRequest = { now: clock().getTime(), changes };
      let response;
      try {
        response = await link.push(wish ? { ...plain, with: wish } : plain);
      } catch (error) {
        // A server that said it folds and no longer does (put back to an older version) refuses
        // the key it does not know: forget that it folds and send the batch as before.
        if (!wish || !(error instanceof AppError) || error.detail?.status !== 400) throw error;
        learnFolds(false);
        response = await link.push(plain);
      }
      learnFolds(response.folds);
      result.clockSkewMs = skewFrom(response.time);
      // One record the server cannot store is held here (unsent.ts), the others are settled as usual.
      settlePushed(response, lastSeq);
      result.pushed += response.accepted;
      result.duplicates += response.duplicates;
      if (running) running.pushed = result.pushed;
      if (last)
        return {
          ...(wish?.anchor && response.anchor ? { anchor: response.anchor } : {}),
          ...(wish?.feed && response.feed ? { feed: { ...response.feed, failure: null } } : {}),
        };
    }
    return {};
  }

  /**
   * The audit anchor of this run. Its request is made at the start (the head then covers this
   * run's own entry) and sent with the push that folds it, or on its own after the pull.
   */
  function startAnchoring() {
    let request: AuditAnchorRequest | null = null;
    let answer: (answer: AuditAnchorResponse | Promise<AuditAnchorResponse>) => void = () => {};
    const done = anchorAuditHead(
      db,
      (made) => {
        request = made;
        return new Promise<AuditAnchorResponse>((resolve) => (answer = resolve));
      },
      clock,
    );
    // anchorAuditHead makes and keeps the request before its first await: it is here now.
    const made = request as AuditAnchorRequest | null;
    if (!made) return null;
    const anchoring = {
      request: made,
      answered: false,
      answer(value: AuditAnchorResponse | Promise<AuditAnchorResponse>) {
        anchoring.answered = true;
        answer(value);
      },
      done: done.then((answered) => {
        if (answered?.extends && answered.anchored)
          anchoredHere = { seq: answered.anchored.seq, hash: answered.anchored.hash, at: clock().getTime() };
        else anchoredHere = null;
        return answered;
      }),
    };
    return anchoring;
  }

  /**
   * What this process anchored last, held outside the database: a sync may skip anchoring only
   * while the database still shows exactly that (its chain at that entry and the remembered
   * anchor unchanged, nothing pending) and every entry after it is a sync's own. Then the server
   * holds all the trail says, but for entries that only say "synced"; a rewritten chain changes
   * the anchored entry's hash (each hash covers the one before) and is sent at once. It saves a
   * "nothing changed" sync a request (about 1 kB and a round trip).
   */
  let anchoredHere: { seq: number; hash: string; at: number } | null = null;
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?');
  const entriesAfter = db.prepare<[number], { n: number; syncs: number }>(
    "SELECT count(*) AS n, coalesce(sum(method = 'sync.run'), 0) AS syncs FROM audit_log WHERE seq > ?",
  );
  // The key security/audit-anchor.ts keeps the heads sent without an answer under.
  const pendingAnchors = db
    .prepare<[], string>("SELECT value FROM settings WHERE key = 'audit.anchor.pending'")
    .pluck();
  function anchorNeeded(): boolean {
    const here = anchoredHere;
    if (!here || clock().getTime() - here.at > ANCHOR_AT_LEAST_EVERY_MS) return true;
    const remembered = readAnchor(db);
    if (!remembered?.extends || remembered.seq !== here.seq || remembered.hash !== here.hash) return true;
    if (hashAt.get(here.seq)?.hash !== here.hash) return true;
    const pending = pendingAnchors.get();
    if (pending !== undefined && pending !== '[]') return true;
    const after = entriesAfter.get(here.seq);
    return !after || after.n !== after.syncs || after.n > UNANCHORED_SYNCS;
  }

  /** A change the server would not take: both values go to the conflicts list, the server's is put back. */
  function keepRefusal(hlc: string, current: Record<string, FieldValue>): void {
    const entry = outboxByHlc.get(hlc);
    if (!entry) return;
    const mine = JSON.parse(entry.fields) as Record<string, FieldValue>;
    const live = tables.get(entry.tbl);
    for (const [field, value] of Object.entries(mine)) {
      recordRefusal.run(
        uuidv7(clock().getTime()),
        entry.tbl,
        entry.row_id,
        field,
        JSON.stringify(value),
        entry.hlc,
        JSON.stringify(current[field] ?? null),
        clock().toISOString(),
      );
    }
    if (live && Object.keys(current).length > 0 && writer.read(live, entry.row_id)) {
      const restore = Object.fromEntries(
        Object.entries(current)
          .filter(([f]) => live.columns.includes(f))
          .map(([f, v]) => [f, toSql(v)]),
      );
      whileApplying(db, () => writer.write(live, entry.row_id, restore));
    }
  }

  /** What a push's answer settles, online or carried back in a file (bundles.ts). */
  function settlePushed(response: Pick<PushResponse, 'head' | 'refused'>, lastSeq: number): void {
    const node = state.get('node') ?? '';
    db.transaction(() => {
      for (const refusal of response.refused) {
        const hlc = withNode(refusal.h, node);
        if (!unsent.hold(hlc, refusal)) keepRefusal(hlc, refusal.current);
      }
      markPushed.run(response.head, lastSeq);
    }).immediate();
  }

  const bundles = createBundles({
    state,
    applier,
    clock,
    unpushed: (limit) => unpushed.all(limit),
    settlePushed,
    beforePush: () => preparePush(state.get('centre') === '1'),
    tables: () => tables,
    documents: createCarriedDocuments(db), // documents' content in carried files (issue 15)
  });

  const puller = createPuller({
    state,
    applier,
    clock,
    recordTables,
    liveRecordCount,
    onProgress: (progress) => {
      if (running)
        Object.assign(running, { pulled: progress.pulled, records: progress.records, total: progress.total });
    },
  });

  const preview = createPreview(db, {
    state,
    writer,
    tables,
    describe: conflicts.describe,
    keptLocal: () => (state.get('centre') === '1' ? [] : [...referenceTables]),
  });

  async function runOnce(confirmMassDelete: boolean): Promise<SyncRunResult> {
    const { officeId, centre } = enrolment();
    const cancel = new AbortController();
    const link = transport(cancel.signal);
    current = { link, cancel };
    const started = performance.now();
    let anchoring: ReturnType<typeof startAnchoring> = null;
    const result: SyncRunResult = {
      pushed: 0,
      pulled: 0,
      duplicates: 0,
      newConflicts: 0,
      conflictsCount: 0,
      removed: 0,
      parked: 0,
      unsent: 0,
      needsConfirmation: null,
      clockSkewMs: null,
      durationMs: 0,
    };
    state.set('last_attempt_at', clock().toISOString());
    running = { phase: 'push', pushed: 0, pulled: 0, toPush: pendingCount() };
    const finish = () => {
      result.conflictsCount = conflicts.openCount();
      result.unsent = unsent.count();
      result.bytesSent = link.counts.bytesSent;
      result.bytesReceived = link.counts.bytesReceived;
      result.durationMs = Math.round(performance.now() - started);
      return result;
    };
    try {
      adoptServerOffice(db, officeId, clock);
      applier.retryParked(tables);
      preparePush(centre);
      anchoring = anchorNeeded() ? startAnchoring() : null;
      const folded = await pushAll(link, result, cancel.signal, {
        anchor: anchoring?.request ?? null,
        feed: () => puller.firstFeed(link),
      });
      if (folded.anchor) anchoring?.answer(folded.anchor);
      running.phase = 'pull';
      const received = collectReceived(state, clock);
      // The office's document epoch, when this run's first feed page carried it (shared/sync-feed.ts):
      // the document phase follows it instead of asking `/documents/epoch` (600 ms on a 64 kbit/s line).
      let documentEpoch: string | undefined;
      try {
        await puller.pullAll(link, tables, confirmMassDelete, result, {
          cancelled: () => cancel.signal.aborted,
          received,
          first: folded.feed,
          documentEpoch: (epoch) => (documentEpoch = epoch),
        });
        received.save(result.needsConfirmation === null);
      } catch (error) {
        received.save(false);
        throw error;
      }
      // The audit head seen by the server, when no push carried it: after the pull, one request
      // at a time, so a cut or a stall always falls on the request it means.
      if (anchoring && !folded.anchor) anchoring.answer(link.anchorAudit(anchoring.request));
      await anchoring?.done;
      remember({
        last_error: null,
        clock_skew_ms: result.clockSkewMs,
        awaiting_confirmation: result.needsConfirmation ? JSON.stringify(result.needsConfirmation) : null,
        ...(result.needsConfirmation ? {} : { last_success_at: clock().toISOString() }),
      });
      // ── Documents' content, after the records (issue 15; src/core/sync/documents.ts). The records
      // are in and remembered; this never fails the run, its outcome is in `result.documents`.
      result.documents = await documentSyncOf(db, { ...options, state }).run({
        cancel: cancel.signal,
        epoch: documentEpoch,
      });
      // Cancel during the documents: they stopped at a part boundary, keeping what is whole (not an error).
      if (cancel.signal.aborted) result.cancelled = true;
      // ── end of documents' content
      return finish();
    } catch (failure) {
      if (failure instanceof SyncCancelled) {
        // Not a failure: what went and came is kept; the rest goes with the next sync.
        result.cancelled = true;
        remember({ last_error: null, clock_skew_ms: result.clockSkewMs ?? undefined });
        return finish();
      }
      const error = pushDropped(failure, running, result);
      const shape = toErrorShape(error);
      const skew =
        error instanceof AppError && error.code === 'SYNC_CLOCK'
          ? Number(error.detail?.skewMs)
          : result.clockSkewMs;
      remember({
        last_error: JSON.stringify({ code: shape.code, message: shape.message }),
        clock_skew_ms: Number.isFinite(skew) ? skew : undefined,
      });
      throw error;
    } finally {
      // An anchoring that never got its answer (the run failed first) ends here, logged, as before.
      if (anchoring && !anchoring.answered)
        anchoring.answer(Promise.reject(new Error('the sync stopped before the anchor was sent')));
      await anchoring?.done;
      running = null;
      current = null;
    }
  }

  /** One sync at a time: a second call while one runs gets the same result. */
  function run(input: { confirmMassDelete: boolean }): Promise<SyncRunResult> {
    inFlight ??= runOnce(input.confirmMassDelete).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    status(): SyncStatus {
      const lastError = state.json<{ code: ErrorCode; message: string }>('last_error');
      const skew = state.get('clock_skew_ms');
      return {
        enrolled: Boolean(state.get('token')),
        serverUrl: state.get('server_url'),
        deviceId: state.get('device_id'),
        officeId: state.get('office_id'),
        officeName: state.get('office_name'),
        lastSuccessAt: state.get('last_success_at'),
        lastAttemptAt: state.get('last_attempt_at'),
        lastError,
        pendingCount: pendingCount(),
        conflictsCount: conflicts.openCount(),
        unsentCount: unsent.count(),
        unsent: unsent.list(),
        clockSkewMs: skew === null ? null : Number(skew),
        awaitingConfirmation: state.json('awaiting_confirmation'),
        behind: state.get('token') ? readBehind(state) : null,
        running: running
          ? {
              ...running,
              bytesSent: current?.link.counts.bytesSent ?? 0,
              bytesReceived: current?.link.counts.bytesReceived ?? 0,
              cancelling: current?.cancel.signal.aborted ?? false,
            }
          : null,
      };
    },

    /** What the next sync sends and what the last one brought, without sending anything. */
    preview: (input: { limit: number }) => preview.preview(input.limit),

    /** Cancels the run in progress (cancel.ts); false when none runs. */
    cancel(): { cancelling: boolean } {
      if (!current) return { cancelling: false };
      current.cancel.abort();
      return { cancelling: true };
    },

    async enroll(input: { serverUrl: string; code: string; deviceName?: string; certificatePin?: string }) {
      const serverUrl = normaliseServerUrl(input.serverUrl);
      const pin = await pinFor(serverUrl, input.certificatePin ?? null);
      const link = createTransport({
        serverUrl,
        pin,
        fetch: options.fetch,
        network: options.network,
        stallMs: options.stallMs,
        fit,
      });
      const enrolled = await link.enroll({
        code: input.code,
        node: state.get('node') ?? '',
        name: input.deviceName ?? os.hostname().slice(0, 100),
      });
      db.transaction(() => {
        // Another server's log positions mean nothing here: start from its beginning.
        if (state.get('server_url') !== serverUrl) state.set('cursor', 0);
        state.set('server_url', serverUrl);
        state.set('device_id', enrolled.deviceId);
        state.set('token', enrolled.token);
        state.set('office_id', enrolled.officeId);
        state.set('office_name', enrolled.officeName);
        state.set('centre', enrolled.centre ? 1 : 0);
        state.set('last_error', null);
        state.set('clock_skew_ms', skewFrom(enrolled.time));
        state.set('server_pin', pin);
        state.set('server_folds', enrolled.folds === true ? '1' : null);
        // A new PC has none of the office's records yet: it is behind until its first complete pull.
        state.set('caught_up_at', null);
        state.set('behind', null);
        state.set('behind', JSON.stringify({ since: clock().toISOString(), have: 0, total: null }));
      }).immediate();
      adoptServerOffice(db, enrolled.officeId, clock);
      return {
        deviceId: enrolled.deviceId,
        officeId: enrolled.officeId,
        officeName: enrolled.officeName,
        certificatePin: pin,
      };
    },

    run,

    /** Sync by carried file: this PC's changes sealed for the server, and the server's answer applied. */
    bundles,

    conflicts,

    async offices() {
      const { offices } = await transport().offices();
      return { offices };
    },

    /**
     * Moves a client and every synced row about them to another office: first this PC's pending
     * edits go out (the receiving office must get the whole record), then the server moves the
     * rows, then the pull retires them here. Recorded in `sync_transfers`.
     */
    async transfer(input: { clientId: string; toOfficeId: string; reason: string }) {
      const { officeId } = enrolment();
      if (input.toOfficeId === officeId)
        throw new AppError('VALIDATION', 'The client is already in this office.', {
          fields: { toOfficeId: 'This office' },
        });
      const clients = tables.get('clients');
      const client = clients ? writer.read(clients, input.clientId) : undefined;
      if (!client || client.deleted_at !== null)
        throw new AppError('NOT_FOUND', 'No client with that id (it may have been removed).');
      const link = transport();
      const { offices } = await link.offices();
      const target = offices.find((o) => o.id === input.toOfficeId);
      if (!target)
        throw new AppError('NOT_FOUND', 'The server has no such office.', {
          fields: { toOfficeId: 'Unknown office' },
        });

      await run({ confirmMassDelete: false });
      if (pendingCount() > 0)
        throw new AppError('SYNC_LINK', "This PC's changes could not all be sent; try again.");
      const links = syncedTables
        .filter((t) => t.client && t.name !== 'clients' && tables.has(t.name))
        .map((t) => ({ t: t.name, c: t.client!.column, ...(t.client!.via ? { of: t.client!.via } : {}) }));
      const moved = await link.transfer({
        t: 'clients',
        r: input.clientId,
        links,
        to: target.id,
        reason: input.reason,
      });
      db.prepare(
        'INSERT INTO sync_transfers (id, tbl, row_id, to_office_id, to_office_name, reason, rows, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        moved.transferId,
        'clients',
        input.clientId,
        target.id,
        target.name,
        input.reason,
        moved.rows,
        clock().toISOString(),
      );
      await run({ confirmMassDelete: true });
      return { transferId: moved.transferId, rows: moved.rows, toOfficeName: target.name };
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;

/** A push cut part-way, in one plain sentence: what went and what waits (nothing is lost). */
function pushDropped(
  error: unknown,
  running: { phase: 'push' | 'pull'; toPush?: number } | null,
  result: SyncRunResult,
): unknown {
  const sent = result.pushed + result.duplicates;
  if (!(error instanceof AppError) || error.code !== 'SYNC_LINK' || running?.phase !== 'push' || sent === 0)
    return error;
  const total = Math.max(running.toPush ?? sent, sent);
  return new AppError(
    'SYNC_LINK',
    `The link to the centre dropped; ${sent.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} changes from this PC were sent; the rest go next time; nothing is lost.`,
    { detail: { reason: 'dropped', sent, total, cause: error.message } },
  );
}
