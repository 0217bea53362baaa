import { randomUUID } from 'node:crypto';
import { withNode } from '../shared/hlc';
import {
  TOMBSTONE_FIELD,
  type FieldValue,
  type PullResponse,
  type PulledChange,
  type PushResponse,
  type PushedChange,
  type TransferResponse,
} from '../shared/sync';
import { CLIENT_TABLE, referenceTableNames, transferLinks } from '../shared/sync/registry';
import type { Device } from './devices';
import { ERASED, type MergedRow, purgeErasedHistory } from './erasure';
import { mergeChanges, packStamps, rowKey, unpackStamps, type LogDraft, type StoredRow } from './merge';
import type { Queryable, Storage } from './storage';

/**
 * Push, pull and transfer over the server's log.
 *
 * Log numbers come from the sequence `sync_seq`, which holds no lock, so numbers may commit out of
 * order: a push that took 11 can commit after one that took 12. A device's cursor must never pass
 * a number that commits later, so every writer takes, before its numbers, the lock of each scope
 * its entries are seen in, and holds it to its commit:
 *
 * - an office's entries: that office's row of `sync_heads` (FOR UPDATE); a transfer locks both
 *   offices' rows, in id order;
 * - reference data, which every office sees: the advisory lock REFERENCE_LOCK, exclusively; every
 *   other writer holds it shared, so a reference writer runs alone.
 *
 * So the entries one office sees are written one transaction at a time, each taking numbers above
 * every number committed before it. Each writer raises the heads it locked to its last number. A
 * reader's head is the largest committed head of its office and of '*' (`visibleHead`): every
 * entry it sees at or below that has committed, and whatever commits later takes a higher number.
 * Offices no longer wait for each other; the devices of one office still take turns.
 */

/** Reference data's row in `sync_heads` (and its scope in `sync_compaction`); no office id is '*'. */
export const REFERENCE_SCOPE = '*';
/** Any number, the same in every server process: held shared by office writers, alone by reference writers. */
const REFERENCE_LOCK = 5790_0017;

export class SyncRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN' | 'CURSOR_AHEAD',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Two offices created the same new row at the same moment (only a guessed or copied id does
 * that): the later one must see the row and be refused, so its whole push is run again.
 */
class RowRace extends Error {}

/** Whether a writer's transaction should simply run again: a lost race, a deadlock, a serialization failure. */
function runAgain(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof RowRace || code === '40P01' || code === '40001';
}

async function writing<T>(storage: Storage, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await storage.transaction(fn);
    } catch (error) {
      if (attempt >= 3 || !runAgain(error)) throw error;
    }
  }
}

/**
 * Takes a writer's locks (see above) for the offices it writes entries of, and, with `reference`,
 * for reference data. Returns the head each locked scope (and '*') stood at, which the writer's
 * numbers will pass; `headSeen` tells the head an office sees from them.
 */
async function lockScopes(
  tx: Queryable,
  offices: readonly string[],
  reference: boolean,
): Promise<Map<string, number>> {
  const scopes = [...new Set(reference ? [REFERENCE_SCOPE, ...offices] : offices)].sort();
  // One statement: the advisory lock first, then each head's row, inserted if the office has none
  // yet and locked either way, in one order for every writer.
  const rows = await tx.query<{ scope: string; seq: number; shared: number | null }>(
    `INSERT INTO sync_heads (scope, seq)
     SELECT k.scope, 0
     FROM (SELECT ${reference ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared'}($2)) AS locked,
       jsonb_array_elements_text($1::text::jsonb) WITH ORDINALITY AS k(scope, n)
     ORDER BY k.n
     ON CONFLICT (scope) DO UPDATE SET seq = sync_heads.seq
     RETURNING scope, seq, (SELECT h.seq FROM sync_heads h WHERE h.scope = $3) AS shared`,
    [JSON.stringify(scopes), REFERENCE_LOCK, REFERENCE_SCOPE],
  );
  const heads = new Map<string, number>([[REFERENCE_SCOPE, 0]]);
  for (const row of rows) {
    heads.set(row.scope, Number(row.seq));
    heads.set(REFERENCE_SCOPE, Math.max(heads.get(REFERENCE_SCOPE)!, Number(row.shared ?? 0)));
  }
  return heads;
}

/** The head `scopes` see from heads taken by `lockScopes`: theirs and reference data's. */
function headSeen(heads: ReadonlyMap<string, number>, scopes: readonly string[]): number {
  return Math.max(heads.get(REFERENCE_SCOPE) ?? 0, ...scopes.map((scope) => heads.get(scope) ?? 0));
}

/** `count` new log numbers, ascending (taken under the locks of `lockScopes`). */
async function takeNumbers(tx: Queryable, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await tx.query<{ s: number }>(
    "SELECT s FROM (SELECT nextval('sync_seq') AS s FROM generate_series(1, $1::int)) AS n ORDER BY s",
    [count],
  );
  return rows.map((row) => Number(row.s));
}

/** The head a device of `officeId` reads up to: everything it sees at or below it has committed. */
export async function visibleHead(db: Queryable, officeId: string): Promise<number> {
  const [row] = await db.query<{ seq: number | null }>(
    'SELECT max(seq) AS seq FROM sync_heads WHERE scope = $1 OR scope = $2',
    [officeId, REFERENCE_SCOPE],
  );
  return Number(row?.seq ?? 0);
}

/** The last number any office's log has reached (for the administrator, tests and the bench). */
export async function serverHead(db: Queryable): Promise<number> {
  const [row] = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM sync_heads');
  return Number(row?.seq ?? 0);
}

type Kind = 'change' | 'full' | 'gone';

function logEntries(
  numbers: readonly number[],
  deviceId: string | null,
  drafts: (LogDraft & { kind: Kind })[],
) {
  return drafts.map((d, i) => ({
    s: numbers[i]!,
    o: d.office,
    d: deviceId,
    t: d.table,
    r: d.rowId,
    h: d.hlc,
    f: d.kind === 'gone' ? null : d.fields,
    k: d.kind,
    c: d.creates,
    x: d.removes,
  }));
}

const INSERT_LOG = `INSERT INTO sync_log (seq, office_id, device_id, tbl, row_id, hlc, fields, kind, creates, removes)
  SELECT s, o, d, t, r, h, f, k, c, x
  FROM jsonb_to_recordset($1::text::jsonb) AS e(s bigint, o text, d text, t text, r text, h text, f jsonb, k text, c boolean, x boolean)`;

/** Writes a transfer's entries under its locks; returns the last number (or `head` when none). */
async function writeLog(
  tx: Queryable,
  head: number,
  scopes: readonly string[],
  deviceId: string | null,
  drafts: (LogDraft & { kind: Kind })[],
): Promise<number> {
  if (drafts.length === 0) return head;
  const numbers = await takeNumbers(tx, drafts.length);
  await tx.query(INSERT_LOG, [JSON.stringify(logEntries(numbers, deviceId, drafts))]);
  const last = numbers.at(-1)!;
  await tx.query(
    'UPDATE sync_heads SET seq = $1 WHERE scope IN (SELECT jsonb_array_elements_text($2::text::jsonb))',
    [last, JSON.stringify(scopes)],
  );
  return last;
}

/**
 * A group's writes in one statement: the rows' new state, the log entries, the stamps taken, the
 * heads it locked, the devices' last visits. A row is only updated by its own office (or, for
 * reference data, the centre): one that another office inserted since it was read is left alone
 * and counted out, and the group runs again (`RowRace`).
 */
const COMMIT_PUSH = `
  WITH stored AS (
    INSERT INTO sync_rows (tbl, row_id, office_id, fields, hlcs)
    SELECT t, r, o, f, h FROM jsonb_to_recordset($2::text::jsonb) AS x(t text, r text, o text, f jsonb, h jsonb)
    ON CONFLICT (tbl, row_id) DO UPDATE SET fields = EXCLUDED.fields, hlcs = EXCLUDED.hlcs
      WHERE sync_rows.office_id IS NOT DISTINCT FROM EXCLUDED.office_id
    RETURNING 1
  ), logged AS (
    ${INSERT_LOG}
  ), taken AS (
    INSERT INTO sync_applied (hlc, device_id, head)
    SELECT h, d, s FROM jsonb_to_recordset($3::text::jsonb) AS a(h text, d text, s bigint)
  ), heads AS (
    UPDATE sync_heads SET seq = v.s
    FROM jsonb_to_recordset($4::text::jsonb) AS v(scope text, s bigint) WHERE sync_heads.scope = v.scope
  ), seen AS (
    UPDATE devices SET last_seen_at = v.at
    FROM jsonb_to_recordset($5::text::jsonb) AS v(id text, at timestamptz) WHERE devices.id = v.id
  )
  SELECT count(*) AS stored FROM stored`;

/** The stamps of a group already taken, and the stored rows its changes touch, as JSON texts. */
const READ_FOR_PUSH = `
  SELECT
    (SELECT coalesce(json_agg(a.hlc), '[]')::text FROM sync_applied a
      WHERE a.hlc = ANY (ARRAY(SELECT jsonb_array_elements_text($1::text::jsonb)))) AS known,
    (SELECT coalesce(json_agg(s), '[]')::text FROM (
      SELECT s.tbl, s.row_id, s.office_id, s.prev_office_id, s.fields, s.hlcs
      FROM jsonb_to_recordset($2::text::jsonb) AS k(t text, r text)
      CROSS JOIN LATERAL (SELECT * FROM sync_rows s WHERE s.tbl = k.t AND s.row_id = k.r LIMIT 1) AS s
    ) AS s) AS rows`;

interface PushJob {
  device: Device;
  changes: PushedChange[];
  now: Date;
}

/**
 * Applies pushes, in order, in the caller's one transaction, with the statements of one push:
 * each push is merged over the rows as the pushes before it in the group left them, a stamp an
 * earlier push of the group took is a duplicate, and each gets the answer it would have got
 * alone, one after the other. One push alone is a group of one.
 */
async function applyPushes(tx: Queryable, jobs: readonly PushJob[]): Promise<PushResponse[]> {
  const plans = jobs.map(({ device, changes, now }) => {
    // Only the centre writes reference data; anyone else's change of it is refused without a log entry.
    const reference = device.centre && changes.some((c) => referenceTableNames.has(c.t));
    return {
      device,
      now,
      reference,
      // The scopes whose entries this push may write (and whose heads it raises).
      scopes: reference ? [REFERENCE_SCOPE, device.officeId] : [device.officeId],
      stamped: changes.map((c) => ({
        hlc: withNode(c.h, device.node),
        stamp: c.h,
        table: c.t,
        rowId: c.r,
        fields: c.f,
      })),
    };
  });
  const heads = await lockScopes(
    tx,
    plans.map((plan) => plan.device.officeId),
    plans.some((plan) => plan.reference),
  );

  // One statement for what the group needs to know: the stamps taken before, and the rows its
  // changes touch as they stand (read for a resend's rows too, which costs less than a second
  // statement to leave them out).
  const keys = new Map<string, { t: string; r: string }>();
  for (const plan of plans)
    for (const c of plan.stamped) keys.set(rowKey(c.table, c.rowId), { t: c.table, r: c.rowId });
  const [read] = await tx.query<{ known: string; rows: string }>(READ_FOR_PUSH, [
    JSON.stringify(plans.flatMap((plan) => plan.stamped.map((c) => c.hlc))),
    JSON.stringify([...keys.values()]),
  ]);
  const known = new Set(JSON.parse(read!.known) as string[]);
  const existing = new Map<string, StoredRow>();
  for (const r of JSON.parse(read!.rows) as {
    tbl: string;
    row_id: string;
    office_id: string | null;
    prev_office_id: string | null;
    fields: Record<string, FieldValue>;
    hlcs: Record<string, string[]>;
  }[])
    existing.set(rowKey(r.tbl, r.row_id), {
      office: r.office_id,
      prevOffice: r.prev_office_id,
      fields: r.fields,
      hlcs: unpackStamps(r.hlcs),
    });

  // Each push merged over what the ones before it left, in order.
  const merges = plans.map((plan) => {
    const fresh = plan.stamped.filter((c) => !known.has(c.hlc));
    if (fresh.length === 0) return { plan, fresh, merged: null };
    const merged = mergeChanges(existing, fresh, {
      deviceId: plan.device.id,
      office: plan.device.officeId,
      centre: plan.device.centre,
    });
    for (const [key, row] of merged.changed) existing.set(key, row);
    for (const hlc of merged.taken) known.add(hlc);
    if (merged.log.some((d) => d.office !== plan.device.officeId && !(d.office === null && plan.reference)))
      throw new Error('A push wrote log entries outside the scopes it locked.');
    return { plan, fresh, merged };
  });

  // Numbers for every entry of the group, ascending in the order of the pushes.
  const numbers = await takeNumbers(
    tx,
    merges.reduce((sum, m) => sum + (m.merged?.log.length ?? 0), 0),
  );
  const rows = new Map<string, { t: string; r: string; o: string | null; f: unknown; h: unknown }>();
  const entries: ReturnType<typeof logEntries> = [];
  const taken: { h: string; d: string; s: number }[] = [];
  const raised = new Map<string, number>();
  const seen = new Map<string, string>();
  const answers: PushResponse[] = [];
  let next = 0;
  for (const { plan, fresh, merged } of merges) {
    const time = plan.now.getTime();
    if (!merged) {
      // Every change was taken before (a resend): nothing to write, as alone.
      const head = headSeen(heads, plan.scopes);
      answers.push({ head, accepted: 0, duplicates: plan.stamped.length, refused: [], time });
      continue;
    }
    const drafts = merged.log.map((d) => ({ ...d, kind: 'change' as const }));
    const mine = numbers.slice(next, next + drafts.length);
    next += drafts.length;
    entries.push(...logEntries(mine, plan.device.id, drafts));
    const head = mine.at(-1) ?? headSeen(heads, plan.scopes);
    if (mine.length > 0)
      for (const scope of plan.scopes) {
        heads.set(scope, head);
        raised.set(scope, head);
      }
    for (const r of merged.changed.values())
      rows.set(rowKey(r.table, r.rowId), {
        t: r.table,
        r: r.rowId,
        o: r.office,
        f: r.fields,
        h: packStamps(r.hlcs),
      });
    // Only what was taken: a refused change sent again (fixed, or still wrong) is looked at again.
    for (const hlc of merged.taken) taken.push({ h: hlc, d: plan.device.id, s: head });
    seen.set(plan.device.id, plan.now.toISOString());
    answers.push({
      head,
      accepted: fresh.length - merged.refused.length,
      duplicates: plan.stamped.length - fresh.length,
      refused: merged.refused,
      time,
    });
  }
  if (seen.size === 0) return answers; // every change of every push was taken before: nothing to write

  const [written] = await tx.query<{ stored: number }>(COMMIT_PUSH, [
    JSON.stringify(entries),
    JSON.stringify([...rows.values()]),
    JSON.stringify(taken),
    JSON.stringify([...raised].map(([scope, s]) => ({ scope, s }))),
    JSON.stringify([...seen].map(([id, at]) => ({ id, at }))),
  ]);
  if (Number(written?.stored ?? 0) !== rows.size) throw new RowRace();
  // Once for the group, over each row as the group left it (a later push's merge replaces an earlier one's).
  const changed = new Map<string, MergedRow>();
  for (const { merged } of merges) for (const [key, row] of merged?.changed ?? []) changed.set(key, row);
  await purgeErasedHistory(tx, [...changed.values()]);
  return answers;
}

/**
 * Group commit. Pushes that arrive while a push transaction is running wait for it, then go
 * together in the next one: one set of statements and one commit for many, where each used to
 * cost its own. If a group fails, each of its pushes is run again alone, so one bad push fails by
 * itself, with its own answer, and the others land as they would have alone.
 *
 * One queue per server process, on PGlite and PostgreSQL alike (`startGroup`). Measured with
 * 200 devices of 20 offices pushing at once (bench/fleet.ts, 2 cores): on PGlite a push alone
 * cost ~13 ms in its 6 statements plus its commit; grouped, 400 pushes went in 3-5 transactions
 * and the server's CPU fell from 4.4-6.0 s to 3.0-3.2 s. On PostgreSQL each office used to have a
 * queue of its own: 400 pushes took 58 transactions of 2-10 pushes, each 30-180 ms long as their
 * statements waited behind the other requests, and the run's p95 was 1.05-1.1 s. Now a group
 * takes the pushes of every office waiting, and up to three groups are written at once, of
 * different offices: 9-18 transactions, p95 0.75-0.94 s (one group at a time: 0.63-0.78 s, but
 * then one office's push held on a lock would hold up every office's). A group takes the heads of
 * its offices in one order, so groups of this and other server processes sharing an office take
 * turns on it and never deadlock.
 */
/** A group's size, in changes: a group is one transaction, which every push in it waits for. */
const MAX_GROUP_CHANGES = 2000;

interface Waiting extends PushJob {
  resolve: (answer: PushResponse) => void;
  reject: (error: unknown) => void;
}

/**
 * Pushes on their way to a queue: read, but not yet through their checks. A group about to start
 * waits a moment for them (`startGroup`): on PGlite nothing is read while a group is written, so what
 * arrived meanwhile comes in at once after it, and 200 PCs pushing at once went in groups of 2
 * (8.5 ms a group, 4.2 ms a push) where 20 together cost 1.9 ms a push.
 */
const onTheirWay = new WeakMap<Storage, { pushes: number; lastArrival: number }>();
/**
 * A group waits while pushes are on their way, or one arrived in the last `GATHER_GAP_MS` (the
 * next of a burst is often not read yet), for up to `GATHER_MS`. With 200 PCs at once (fleet
 * bench), 8 ms and no gap split bursts into many small groups, each with its own statements and
 * commit: on PostgreSQL (one queue) the p95 went 0.77-0.92 s → 0.63-0.78 s with 50 ms and 5 ms,
 * and on PGlite the runs where pushes trickled in behind pulls (p95 1.1-1.3 s) went from 1 in 3-4
 * to 2 in 16. A push that arrives alone waits the gap: 5 ms.
 */
const GATHER_MS = 50;
const GATHER_GAP_MS = 5;

/** Counts a push from its arrival; the function returned ends the count (again: no effect). */
export function pushOnItsWay(storage: Storage): () => void {
  let way = onTheirWay.get(storage);
  if (!way) onTheirWay.set(storage, (way = { pushes: 0, lastArrival: 0 }));
  const counted = way;
  counted.pushes++;
  counted.lastArrival = performance.now();
  let done = false;
  return () => {
    if (!done) {
      done = true;
      counted.pushes--;
    }
  };
}

/**
 * Groups that may be written at once: on PGlite one (it has one connection); on PostgreSQL a few,
 * never two with a push of the same office, so an office whose group waits (on a lock an
 * administrator holds, a slow disk) holds up only itself, and a burst of many offices still goes
 * as one group.
 */
const RUNNING_GROUPS = { pglite: 1, postgres: 3 } as const;

interface Writer {
  queue: Waiting[];
  /** The offices of the groups being written. */
  busy: Set<string>;
  running: number;
  /** A group is being gathered. */
  gathering: boolean;
}

const writers = new WeakMap<Storage, Writer>();

/** Starts a group when one may start and there are pushes it may take (see `RUNNING_GROUPS`). */
function startGroup(storage: Storage, writer: Writer): void {
  const free = (job: Waiting) => !writer.busy.has(job.device.officeId);
  if (writer.gathering || writer.running >= RUNNING_GROUPS[storage.kind] || !writer.queue.some(free)) return;
  writer.gathering = true;
  void (async () => {
    let group: Waiting[];
    try {
      // PGlite runs a statement without giving the event loop a turn, so a transaction's whole
      // chain of statements runs before the next request is even read: one turn lets the requests
      // that arrived meanwhile reach their push and join the group.
      await new Promise((resolve) => setImmediate(resolve));
      const way = onTheirWay.get(storage);
      const arriving = () =>
        way !== undefined && (way.pushes > 0 || performance.now() - way.lastArrival < GATHER_GAP_MS);
      for (const until = performance.now() + GATHER_MS; arriving() && performance.now() < until;)
        await new Promise((resolve) => setImmediate(resolve));
      // In order, the pushes of offices not being written, up to the group's size.
      group = [];
      let changes = 0;
      for (const job of writer.queue) {
        if (!free(job)) continue;
        if (group.length > 0 && changes + job.changes.length > MAX_GROUP_CHANGES) break;
        group.push(job);
        changes += job.changes.length;
      }
      const taken = new Set(group);
      writer.queue = writer.queue.filter((job) => !taken.has(job));
      for (const job of group) writer.busy.add(job.device.officeId);
      writer.running++;
    } finally {
      writer.gathering = false;
    }
    startGroup(storage, writer); // pushes of other offices may go beside it
    try {
      await writeGroup(storage, group);
    } finally {
      writer.running--;
      for (const job of group) writer.busy.delete(job.device.officeId);
      if (writer.running === 0 && writer.queue.length === 0) writers.delete(storage);
      else startGroup(storage, writer);
    }
  })();
}

/** One transaction for the group; if it fails, each push alone, for its own answer. */
async function writeGroup(storage: Storage, group: readonly Waiting[]): Promise<void> {
  if (group.length > 1) {
    try {
      const answers = await writing(storage, (tx) => applyPushes(tx, group));
      group.forEach((job, i) => job.resolve(answers[i]!));
      return;
    } catch {
      // One of them failed (or the database did): each alone, for its own answer.
    }
  }
  for (const job of group) {
    try {
      job.resolve((await writing(storage, (tx) => applyPushes(tx, [job])))[0]!);
    } catch (error) {
      job.reject(error);
    }
  }
}

export async function push(
  storage: Storage,
  device: Device,
  request: { changes: PushedChange[] },
  now: Date,
): Promise<PushResponse> {
  let writer = writers.get(storage);
  if (!writer) writers.set(storage, (writer = { queue: [], busy: new Set(), running: 0, gathering: false }));
  const mine = writer;
  return new Promise<PushResponse>((resolve, reject) => {
    mine.queue.push({ device, changes: request.changes, now, resolve, reject });
    startGroup(storage, mine);
  });
}

/**
 * The rows that move with a record, decided by the server from the registry: a client, and every
 * row that names it (or names a row that moves with it). Whatever a device lists must be among
 * those — a link of its own choosing could carry rows that are not about the client at all.
 */
function linksOfTransfer(request: { t: string; links: { t: string; c: string; of?: string }[] }) {
  if (request.t !== CLIENT_TABLE)
    throw new SyncRequestError(
      400,
      'BAD_REQUEST',
      `Only a client moves to another office, not a row of ${request.t}.`,
    );
  const known = transferLinks();
  const same = (a: { t: string; c: string; of?: string }, b: typeof a) =>
    a.t === b.t && a.c === b.c && (a.of ?? null) === (b.of ?? null);
  const stranger = request.links.find((link) => !known.some((k) => same(k, link)));
  if (stranger)
    throw new SyncRequestError(
      400,
      'BAD_REQUEST',
      `The rows of ${stranger.t} do not name a client through ${stranger.c}; nothing was moved.`,
    );
  return known;
}

export interface LogRow {
  seq: number;
  tbl: string;
  row_id: string;
  hlc: string;
  fields: Record<string, FieldValue> | null;
  kind: 'change' | 'full' | 'gone';
}

/** A log entry as a device pulls it (the pull and the feed alike). */
export function entryOf(row: LogRow): PulledChange {
  return {
    s: Number(row.seq),
    t: row.tbl,
    r: row.row_id,
    h: row.hlc,
    ...(row.kind === 'gone' ? { k: 'gone' as const } : { f: row.fields ?? {} }),
    ...(row.kind === 'full' ? { k: 'full' as const } : {}),
  };
}

/**
 * How the JSON `/pull` starts: the head the device's office sees, after making sure the device
 * has not been further than it (the feed reads its head with its page: `readPage` in feed.ts).
 */
export async function readHead(db: Queryable, device: Device, after: number): Promise<number> {
  const head = await visibleHead(db, device.officeId);
  refuseCursorAhead(after, head);
  return head;
}

/** A device that has been past the log's end: the server's data may be older than what it saw. */
export function refuseCursorAhead(after: number, head: number): void {
  if (after > head) {
    // Silently starting over would hide lost data: a server restored from an older backup must be looked at.
    throw new SyncRequestError(
      409,
      'CURSOR_AHEAD',
      `This device has already received changes up to ${after}, but the server's log ends at ${head}: ` +
        "the server's data may have been restored from an older backup. Nothing was changed; ask the administrator.",
    );
  }
}

/**
 * The SQL of up to `limit` entries in (`after`, `head`] that a device's office may see: its own
 * office's entries and reference data, without the device's own changes (it has them already).
 * The office's entries and reference data are each read in order through `sync_log_office`, then
 * merged: a range of the whole log would read every other office's entries in it too. The
 * arguments are SQL expressions (parameters, or a CTE's column).
 */
export function logRangeSql(at: {
  after: string;
  head: string;
  office: string;
  device: string;
  limit: string;
}) {
  const part = (office: string) => `(SELECT seq, tbl, row_id, hlc, fields, kind FROM sync_log
     WHERE ${office} AND seq > ${at.after} AND seq <= ${at.head} AND (device_id IS NULL OR device_id <> ${at.device})
     ORDER BY seq LIMIT ${at.limit})`;
  return `SELECT * FROM (${part(`office_id = ${at.office}`)} UNION ALL ${part('office_id IS NULL')}) AS range
    ORDER BY seq LIMIT ${at.limit}`;
}

/**
 * Rows as one JSON text (`json_agg`), parsed here: PGlite decodes a result row by row and field
 * by field in JavaScript, which took 2.5 of a page's 4 ms (160 entries); one text is one field.
 */
export const asJsonRows = (select: string, order: string) =>
  `SELECT coalesce(json_agg(r ORDER BY ${order}), '[]')::text AS rows FROM (${select}) AS r`;

/** Up to `limit` entries in (`after`, `head`] that the device's office may see (`logRangeSql`). */
export async function logAfter(
  db: Queryable,
  device: Device,
  after: number,
  head: number,
  limit: number,
): Promise<LogRow[]> {
  const [page] = await db.query<{ rows: string }>(
    asJsonRows(logRangeSql({ after: '$1', head: '$2', office: '$3', device: '$4', limit: '$5' }), 'r.seq'),
    [after, head, device.officeId, device.id, limit],
  );
  return JSON.parse(page!.rows) as LogRow[];
}

/** A page of the log after `after` (the JSON `/pull`; the feed is its line-by-line form). */
export async function pull(
  storage: Storage,
  device: Device,
  query: { after: number; limit: number; count: string[] },
  now: Date,
): Promise<PullResponse> {
  const { after, limit } = query;
  const head = await readHead(storage, device, after);
  const rows = await logAfter(storage, device, after, head, limit);
  const more = rows.length === limit;
  const response: PullResponse = {
    changes: rows.map(entryOf),
    next: more ? Number(rows.at(-1)!.seq) : head,
    more,
    time: now.getTime(),
  };
  if (query.count.length > 0)
    response.deletesAhead = await deletesAhead(storage, device, after, head, query.count);
  return response;
}

/**
 * How many rows the device holds that the log ahead of its cursor removes: tombstones and
 * transfers away, not counting rows that were also created ahead of the cursor (it never had those).
 */
export async function deletesAhead(
  storage: Storage,
  device: Device,
  after: number,
  head: number,
  tables: string[],
): Promise<number> {
  const [row] = await storage.query<{ n: number }>(
    `SELECT count(DISTINCT (l.tbl, l.row_id)) AS n FROM sync_log l
     WHERE l.seq > $1 AND l.seq <= $2 AND (l.office_id = $3 OR l.office_id IS NULL)
       AND (l.device_id IS NULL OR l.device_id <> $4) AND l.removes
       AND l.tbl IN (SELECT jsonb_array_elements_text($5::text::jsonb))
       AND NOT EXISTS (
         SELECT 1 FROM sync_log c WHERE c.tbl = l.tbl AND c.row_id = l.row_id AND c.creates AND c.seq > $1
           AND (c.office_id = $3 OR c.office_id IS NULL))`,
    [after, head, device.officeId, device.id, JSON.stringify(tables)],
  );
  return Number(row?.n ?? 0);
}

/**
 * Moves a record (the client and the rows the registry links to them) to another office: the
 * receiving office's log gets each row whole, the sending office's log says each row is gone, and
 * the move is written to `transfers`. All or nothing.
 */
export async function transfer(
  storage: Storage,
  device: Device,
  request: {
    t: string;
    r: string;
    links: { t: string; c: string; of?: string }[];
    to: string;
    reason: string;
  },
  now: Date,
): Promise<TransferResponse> {
  if (request.to === device.officeId)
    throw new SyncRequestError(400, 'BAD_REQUEST', 'The record is already in this office.');
  const links = linksOfTransfer(request);
  const [target] = await storage.query<{ id: string }>('SELECT id FROM offices WHERE id = $1', [request.to]);
  if (!target) throw new SyncRequestError(404, 'NOT_FOUND', `There is no office with id ${request.to}.`);
  // Both offices see entries of the move: their heads are locked, in id order (lockScopes).
  const scopes = [device.officeId, request.to];
  return writing(storage, async (tx) => {
    let head = headSeen(await lockScopes(tx, scopes, false), scopes);

    type Moving = {
      tbl: string;
      row_id: string;
      fields: Record<string, FieldValue>;
      hlcs: Record<string, string[]>;
    };
    const root = await tx.query<Moving>(
      'SELECT tbl, row_id, fields, hlcs FROM sync_rows WHERE tbl = $1 AND row_id = $2 AND office_id = $3',
      [request.t, request.r, device.officeId],
    );
    if (root.length === 0) {
      throw new SyncRequestError(
        404,
        'NOT_FOUND',
        'The server has no such record in this office; sync first, then transfer.',
      );
    }
    const moving: Moving[] = [...root];
    for (const link of links) {
      const owners = moving.filter((row) => row.tbl === (link.of ?? request.t)).map((row) => row.row_id);
      if (owners.length === 0) continue;
      const linked = await tx.query<Moving>(
        `SELECT tbl, row_id, fields, hlcs FROM sync_rows
         WHERE tbl = $1 AND office_id = $2 AND fields ->> $3 IN (SELECT jsonb_array_elements_text($4::text::jsonb))
         ORDER BY row_id`,
        [link.t, device.officeId, link.c, JSON.stringify(owners)],
      );
      const seen = new Set(moving.map((row) => rowKey(row.tbl, row.row_id)));
      moving.push(...linked.filter((row) => !seen.has(rowKey(row.tbl, row.row_id))));
    }

    const drafts: (LogDraft & { kind: 'full' | 'gone' })[] = [];
    for (const row of moving) {
      await tx.query(
        'UPDATE sync_rows SET office_id = $3, prev_office_id = $4 WHERE tbl = $1 AND row_id = $2',
        [row.tbl, row.row_id, request.to, device.officeId],
      );
      const latest = Object.keys(row.hlcs).reduce((a, b) => (a > b ? a : b));
      const tombstone = row.fields[TOMBSTONE_FIELD];
      drafts.push({
        kind: 'gone',
        office: device.officeId,
        table: row.tbl,
        rowId: row.row_id,
        hlc: latest,
        fields: {},
        creates: false,
        removes: true,
      });
      drafts.push({
        kind: 'full',
        office: request.to,
        table: row.tbl,
        rowId: row.row_id,
        hlc: latest,
        fields: row.fields,
        creates: true,
        removes: tombstone !== undefined && tombstone !== null,
      });
    }
    head = await writeLog(tx, head, scopes, null, drafts);
    const transferId = randomUUID();
    await tx.query(
      `INSERT INTO transfers (id, tbl, row_id, from_office_id, to_office_id, device_id, reason, rows, head, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        transferId,
        request.t,
        request.r,
        device.officeId,
        request.to,
        device.id,
        // The reason is typed by staff and may describe the person; an erased one keeps none.
        request.t === 'clients' && root[0]!.fields.erased_at ? ERASED : request.reason,
        moving.length,
        head,
        now.toISOString(),
      ],
    );
    return { transferId, rows: moving.length, head, time: now.getTime() };
  });
}
