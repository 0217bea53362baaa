import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parentsFirst, SYNC_PATH, type FieldValue, type PulledChange } from '../shared/sync';
import {
  SNAPSHOT_PATH,
  SnapshotQuery,
  snapshotKey,
  type SnapshotEnd,
  type SnapshotStart,
} from '../shared/sync-snapshot';
import type { Device } from './devices';
import { queryProblems, sendLines } from './feed';
import type { Storage } from './storage';
import { visibleHead } from './sync-log';

/**
 * Pages of an office's current rows and the reference data (shared/sync-snapshot.ts), parents
 * first for a device that asks (`order=parents`; by table name for older ones), each row once with its latest stamp: a new or restored PC takes these, then the log
 * from the first page's `head`. Rows may change between pages; the log after `head` carries every
 * such change again, in order, so the PC ends where the server is.
 */

const TYPICAL_ROW_BYTES = 250;

interface SnapshotRow {
  tbl: string;
  row_id: string;
  fields: Record<string, FieldValue>;
  hlcs: Record<string, string[]>;
}

export async function snapshotPage(
  storage: Storage,
  device: Device,
  query: {
    after: { t: string; r: string } | null;
    bytes: number;
    head?: number;
    own?: 'skip';
    order?: 'parents';
  },
  now: Date,
): Promise<string> {
  const head = query.head ?? (await visibleHead(storage, device.officeId));
  const limit = Math.min(20_000, Math.max(10, Math.ceil(query.bytes / TYPICAL_ROW_BYTES)));
  // A stamp ends with the node of the device that wrote it (shared/hlc.ts).
  const others =
    query.own === 'skip'
      ? 'AND EXISTS (SELECT 1 FROM jsonb_object_keys(hlcs) k WHERE right(k, 16) <> $5)'
      : '';
  const rows =
    query.order === 'parents'
      ? await parentsFirstRows(storage, device, query.after, limit, others)
      : await storage.query<SnapshotRow>(
          `SELECT tbl, row_id, fields, hlcs FROM sync_rows
     WHERE (office_id = $1 OR office_id IS NULL) AND (tbl, row_id) > ($2, $3) ${others}
     ORDER BY tbl, row_id LIMIT $4`,
          [
            device.officeId,
            query.after?.t ?? '',
            query.after?.r ?? '',
            limit,
            ...(others ? [device.node] : []),
          ],
        );
  const start: SnapshotStart = { time: now.getTime(), head };
  if (!query.after) {
    const [count] = await storage.query<{ n: number }>(
      `SELECT count(*) AS n FROM sync_rows WHERE (office_id = $1 OR office_id IS NULL) ${others.replace('$5', '$2')}`,
      [device.officeId, ...(others ? [device.node] : [])],
    );
    start.total = Number(count?.n ?? 0);
  }
  const lines = [JSON.stringify(start)];
  let bytes = 0;
  let taken = 0;
  for (const row of rows) {
    const latest = Object.keys(row.hlcs).reduce((a, b) => (a > b ? a : b), '');
    const change: PulledChange = { s: head, t: row.tbl, r: row.row_id, h: latest, f: row.fields };
    const line = JSON.stringify(change);
    if (taken > 0 && bytes + line.length > query.bytes) break;
    lines.push(line);
    bytes += line.length + 1;
    taken++;
  }
  const more = taken < rows.length || rows.length === limit;
  const last = rows[taken - 1];
  const end: SnapshotEnd = { next: more && last ? snapshotKey(last.tbl, last.row_id) : null, more };
  lines.push(JSON.stringify(end), '');
  return lines.join('\n');
}

/**
 * Up to `limit` rows after `after`, table by table in `parentsFirst` order (a row's parents
 * before it: clients before their documents), then any table the registry does not order, by
 * name. One indexed range per table, so a page costs what it holds, as the by-name order did.
 */
async function parentsFirstRows(
  storage: Storage,
  device: Device,
  after: { t: string; r: string } | null,
  limit: number,
  others: string,
): Promise<SnapshotRow[]> {
  const rows: SnapshotRow[] = [];
  const notOnlyMine = others.replace('$5', '$3');
  let from = after ? parentsFirst.indexOf(after.t) : 0;
  if (after && from < 0) from = parentsFirst.length; // within the tables the registry does not order
  for (let i = from; i <= parentsFirst.length && rows.length < limit; i++) {
    const rowAfter = after && i === from ? after.r : '';
    const params = [device.officeId, limit - rows.length, ...(others ? [device.node] : [])];
    const found =
      i < parentsFirst.length
        ? await storage.query<SnapshotRow>(
            `SELECT tbl, row_id, fields, hlcs FROM sync_rows
             WHERE (office_id = $1 OR office_id IS NULL) AND tbl = $${params.length + 1}
               AND row_id > $${params.length + 2} ${notOnlyMine}
             ORDER BY row_id LIMIT $2`,
            [...params, parentsFirst[i]!, rowAfter],
          )
        : await storage.query<SnapshotRow>(
            `SELECT tbl, row_id, fields, hlcs FROM sync_rows
             WHERE (office_id = $1 OR office_id IS NULL) AND NOT (tbl = ANY($${params.length + 1}::text[]))
               AND (tbl, row_id) > ($${params.length + 2}, $${params.length + 3}) ${notOnlyMine}
             ORDER BY tbl, row_id LIMIT $2`,
            [...params, [...parentsFirst], after && from === parentsFirst.length ? after.t : '', rowAfter],
          );
    rows.push(...found);
  }
  return rows;
}

export function registerSnapshot(
  app: FastifyInstance,
  deps: {
    storage: Storage;
    clock: () => Date;
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    badRequest: (reply: FastifyReply, message: string) => unknown;
  },
): void {
  app.get(`${SYNC_PATH}${SNAPSHOT_PATH}`, { preHandler: deps.authenticate }, async (request, reply) => {
    const parsed = SnapshotQuery.safeParse(request.query);
    if (!parsed.success) return deps.badRequest(reply, queryProblems(parsed.error.issues));
    return sendLines(
      request,
      reply,
      await snapshotPage(deps.storage, request.device!, parsed.data, deps.clock()),
      'application/x-ndjson',
      // A new PC's enrolment on a slow line: the bytes cost more than the server's time (feed.ts).
      'good',
    );
  });
}
