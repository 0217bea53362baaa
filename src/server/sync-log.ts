import { randomUUID } from 'node:crypto';
import { withNode } from '../shared/hlc';
import {
  TOMBSTONE_FIELD,
  type FieldValue,
  type PullResponse,
  type PushResponse,
  type PushedChange,
  type TransferResponse,
} from '../shared/sync';
import { CLIENT_TABLE, transferLinks } from '../shared/sync/registry';
import type { Device } from './devices';
import { ERASED, purgeErasedHistory } from './erasure';
import { mergeChanges, packStamps, rowKey, unpackStamps, type LogDraft, type StoredRow } from './merge';
import type { Queryable, Storage } from './storage';

/**
 * Push, pull and transfer over the server's log. Every writer first locks `sync_head`, so log
 * numbers are handed out and committed in one order: a reader that has seen number n has seen
 * everything below it, and a device's cursor never skips an entry.
 */

export class SyncRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN' | 'CURSOR_AHEAD',
    message: string,
  ) {
    super(message);
  }
}

async function lockHead(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ seq: number }>('SELECT seq FROM sync_head WHERE id = 1 FOR UPDATE');
  return Number(row?.seq ?? 0);
}

type Kind = 'change' | 'full' | 'gone';

function logEntries(head: number, deviceId: string | null, drafts: (LogDraft & { kind: Kind })[]) {
  return drafts.map((d, i) => ({
    s: head + i + 1,
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

async function writeLog(
  tx: Queryable,
  head: number,
  deviceId: string | null,
  drafts: (LogDraft & { kind: Kind })[],
): Promise<number> {
  if (drafts.length === 0) return head;
  await tx.query(INSERT_LOG, [JSON.stringify(logEntries(head, deviceId, drafts))]);
  const last = head + drafts.length;
  await tx.query('UPDATE sync_head SET seq = $1 WHERE id = 1', [last]);
  return last;
}

/** A push's writes in one statement: the rows' new state, the log entries, the stamps taken, the head. */
const COMMIT_PUSH = `
  WITH stored AS (
    INSERT INTO sync_rows (tbl, row_id, office_id, fields, hlcs)
    SELECT t, r, o, f, h FROM jsonb_to_recordset($2::text::jsonb) AS x(t text, r text, o text, f jsonb, h jsonb)
    ON CONFLICT (tbl, row_id) DO UPDATE SET fields = EXCLUDED.fields, hlcs = EXCLUDED.hlcs
  ), logged AS (
    ${INSERT_LOG}
  ), taken AS (
    INSERT INTO sync_applied (hlc, device_id, head) SELECT jsonb_array_elements_text($3::text::jsonb), $4, $5
  )
  UPDATE sync_head SET seq = $5 WHERE id = 1`;

export async function push(
  storage: Storage,
  device: Device,
  request: { changes: PushedChange[] },
  now: Date,
): Promise<PushResponse> {
  return storage.transaction(async (tx) => {
    let head = await lockHead(tx);
    const stamped = request.changes.map((c) => ({
      hlc: withNode(c.h, device.node),
      stamp: c.h,
      table: c.t,
      rowId: c.r,
      fields: c.f,
    }));

    const known = new Set(
      (
        await tx.query<{ hlc: string }>(
          'SELECT hlc FROM sync_applied WHERE hlc IN (SELECT jsonb_array_elements_text($1::text::jsonb))',
          [JSON.stringify(stamped.map((c) => c.hlc))],
        )
      ).map((r) => r.hlc),
    );
    const fresh = stamped.filter((c) => !known.has(c.hlc));
    if (fresh.length === 0) {
      return { head, accepted: 0, duplicates: stamped.length, refused: [], time: now.getTime() };
    }

    const keys = [
      ...new Map(fresh.map((c) => [rowKey(c.table, c.rowId), { t: c.table, r: c.rowId }])).values(),
    ];
    const stored = await tx.query<{
      tbl: string;
      row_id: string;
      office_id: string | null;
      prev_office_id: string | null;
      fields: Record<string, FieldValue>;
      hlcs: Record<string, string[]>;
    }>(
      `SELECT s.tbl, s.row_id, s.office_id, s.prev_office_id, s.fields, s.hlcs
       FROM sync_rows s JOIN jsonb_to_recordset($1::text::jsonb) AS k(t text, r text) ON s.tbl = k.t AND s.row_id = k.r`,
      [JSON.stringify(keys)],
    );
    const existing = new Map<string, StoredRow>(
      stored.map((r) => [
        rowKey(r.tbl, r.row_id),
        { office: r.office_id, prevOffice: r.prev_office_id, fields: r.fields, hlcs: unpackStamps(r.hlcs) },
      ]),
    );

    const merged = mergeChanges(existing, fresh, {
      deviceId: device.id,
      office: device.officeId,
      centre: device.centre,
    });

    const rows = [...merged.changed.values()].map((r) => ({
      t: r.table,
      r: r.rowId,
      o: r.office,
      f: r.fields,
      h: packStamps(r.hlcs),
    }));
    const entries = logEntries(
      head,
      device.id,
      merged.log.map((d) => ({ ...d, kind: 'change' as const })),
    );
    head += entries.length;
    await tx.query(COMMIT_PUSH, [
      JSON.stringify(entries),
      JSON.stringify(rows),
      // Only what was taken: a refused change sent again (fixed, or still wrong) is looked at again.
      JSON.stringify(merged.taken),
      device.id,
      head,
    ]);
    await purgeErasedHistory(tx, [...merged.changed.values()]);
    await tx.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [device.id, now.toISOString()]);
    return {
      head,
      accepted: fresh.length - merged.refused.length,
      duplicates: stamped.length - fresh.length,
      refused: merged.refused,
      time: now.getTime(),
    };
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

interface LogRow {
  seq: number;
  tbl: string;
  row_id: string;
  hlc: string;
  fields: Record<string, FieldValue> | null;
  kind: 'change' | 'full' | 'gone';
}

/**
 * A page of the log after `after` that the device's office may see: its own office's entries
 * and reference data, without the device's own changes (it has them already).
 */
export async function pull(
  storage: Storage,
  device: Device,
  query: { after: number; limit: number; count: string[] },
  now: Date,
): Promise<PullResponse> {
  const [headRow] = await storage.query<{ seq: number }>('SELECT seq FROM sync_head WHERE id = 1');
  const head = Number(headRow?.seq ?? 0);
  if (query.after > head) {
    // Silently starting over would hide lost data: a server restored from an older backup must be looked at.
    throw new SyncRequestError(
      409,
      'CURSOR_AHEAD',
      `This device has already received changes up to ${query.after}, but the server's log ends at ${head}: ` +
        "the server's data may have been restored from an older backup. Nothing was changed; ask the administrator.",
    );
  }
  const after = query.after;
  const rows = await storage.query<LogRow>(
    `SELECT seq, tbl, row_id, hlc, fields, kind FROM sync_log
     WHERE seq > $1 AND seq <= $2 AND (office_id = $3 OR office_id IS NULL) AND (device_id IS NULL OR device_id <> $4)
     ORDER BY seq LIMIT $5`,
    [after, head, device.officeId, device.id, query.limit],
  );
  const more = rows.length === query.limit;
  const response: PullResponse = {
    changes: rows.map((row) => ({
      s: Number(row.seq),
      t: row.tbl,
      r: row.row_id,
      h: row.hlc,
      ...(row.kind === 'gone' ? { k: 'gone' as const } : { f: row.fields ?? {} }),
      ...(row.kind === 'full' ? { k: 'full' as const } : {}),
    })),
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
  return storage.transaction(async (tx) => {
    let head = await lockHead(tx);
    const [target] = await tx.query<{ id: string }>('SELECT id FROM offices WHERE id = $1', [request.to]);
    if (!target) throw new SyncRequestError(404, 'NOT_FOUND', `There is no office with id ${request.to}.`);

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
    head = await writeLog(tx, head, null, drafts);
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
