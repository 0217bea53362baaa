import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SYNC_PATH, type FieldValue, type PulledChange } from '../shared/sync';
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
 * Pages of an office's current rows and the reference data (shared/sync-snapshot.ts), in row
 * order, each row once with its latest stamp: a new or restored PC takes these, then the log
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
  query: { after: { t: string; r: string } | null; bytes: number; head?: number; own?: 'skip' },
  now: Date,
): Promise<string> {
  const head = query.head ?? (await visibleHead(storage, device.officeId));
  const limit = Math.min(20_000, Math.max(10, Math.ceil(query.bytes / TYPICAL_ROW_BYTES)));
  // A stamp ends with the node of the device that wrote it (shared/hlc.ts).
  const others =
    query.own === 'skip'
      ? 'AND EXISTS (SELECT 1 FROM jsonb_object_keys(hlcs) k WHERE right(k, 16) <> $5)'
      : '';
  const rows = await storage.query<SnapshotRow>(
    `SELECT tbl, row_id, fields, hlcs FROM sync_rows
     WHERE (office_id = $1 OR office_id IS NULL) AND (tbl, row_id) > ($2, $3) ${others}
     ORDER BY tbl, row_id LIMIT $4`,
    [device.officeId, query.after?.t ?? '', query.after?.r ?? '', limit, ...(others ? [device.node] : [])],
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
    );
  });
}
