import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SYNC_PATH, type FieldValue, type PulledChange } from '../shared/sync';
import { FEED_LIMITS, FEED_PATH, FeedQuery, type FeedEnd, type FeedStart } from '../shared/sync-feed';
import type { Device } from './devices';
import type { Queryable, Storage } from './storage';
import { compactedTo, compactOffice } from './compaction';
import { deletesAhead, SyncRequestError } from './sync-log';

/**
 * The pull feed (shared/sync-feed.ts): the same log and scope as `pull` in sync-log.ts, but pages
 * bounded by bytes and sent as lines, so a device keeps what arrived before a cut. Read-only: a
 * page asked twice is the same page.
 */

interface LogRow {
  seq: number;
  tbl: string;
  row_id: string;
  hlc: string;
  fields: Record<string, FieldValue> | null;
  kind: 'change' | 'full' | 'gone';
}

/** Rough bytes per entry, to ask the database for about a page's worth of rows in one query. */
const TYPICAL_ENTRY_BYTES = 60;

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

export async function feedPage(
  storage: Storage,
  device: Device,
  query: { after: number; bytes: number; count: string[]; total?: '0' | '1' },
  now: Date,
): Promise<string> {
  const [headRow] = await storage.query<{ seq: number }>('SELECT seq FROM sync_head WHERE id = 1');
  const head = Number(headRow?.seq ?? 0);
  if (query.after > head) {
    throw new SyncRequestError(
      409,
      'CURSOR_AHEAD',
      `This device has already received changes up to ${query.after}, but the server's log ends at ${head}: ` +
        "the server's data may have been restored from an older backup. Nothing was changed; ask the administrator.",
    );
  }
  const start: FeedStart = { time: now.getTime(), head };
  const restart = await snapshotNeeded(storage, device, query.after);
  if (restart) {
    start.snapshot = restart;
    return [
      JSON.stringify(start),
      JSON.stringify({ next: query.after, more: false } satisfies FeedEnd),
      '',
    ].join('\n');
  }
  const limit = Math.min(FEED_LIMITS.maxEntries, Math.max(20, Math.ceil(query.bytes / TYPICAL_ENTRY_BYTES)));
  const rows = await storage.query<LogRow>(
    `SELECT seq, tbl, row_id, hlc, fields, kind FROM sync_log
     WHERE seq > $1 AND seq <= $2 AND (office_id = $3 OR office_id IS NULL) AND (device_id IS NULL OR device_id <> $4)
     ORDER BY seq LIMIT $5`,
    [query.after, head, device.officeId, device.id, limit],
  );
  if (query.count.length > 0)
    start.deletesAhead = await deletesAhead(storage, device, query.after, head, query.count);
  if (query.total === '1') start.total = await recordsAhead(storage, device, query.after, head);

  const lines = [JSON.stringify(start)];
  let bytes = 0;
  let taken = 0;
  for (const row of rows) {
    const line = JSON.stringify(entryOf(row));
    if (taken > 0 && bytes + line.length > query.bytes) break;
    lines.push(line);
    bytes += line.length + 1;
    taken++;
  }
  const more = taken < rows.length || rows.length === limit;
  const end: FeedEnd = { next: more ? Number(rows[taken - 1]!.seq) : head, more };
  lines.push(JSON.stringify(end), '');
  return lines.join('\n');
}

/**
 * Whether a device asking from `after` must start again from a snapshot; otherwise its point is
 * recorded (what it holds: compaction deletes below every device's point).
 */
export async function snapshotNeeded(
  storage: Storage,
  device: Device,
  after: number,
): Promise<'restored' | 'compacted' | null> {
  const [me] = await storage.query<{ pulled_to: number }>('SELECT pulled_to FROM devices WHERE id = $1', [
    device.id,
  ]);
  if (after < Number(me?.pulled_to ?? 0)) return 'restored';
  if (after < (await compactedTo(storage, device))) return 'compacted';
  await storage.query('UPDATE devices SET pulled_to = $2 WHERE id = $1 AND pulled_to < $2', [
    device.id,
    after,
  ]);
  return null;
}

/** Distinct records the log ahead of `after` brings this device. */
async function recordsAhead(db: Queryable, device: Device, after: number, head: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT DISTINCT tbl, row_id FROM sync_log
       WHERE seq > $1 AND seq <= $2 AND (office_id = $3 OR office_id IS NULL) AND (device_id IS NULL OR device_id <> $4)) AS ahead`,
    [after, head, device.officeId, device.id],
  );
  return Number(row?.n ?? 0);
}

/** Pages up to this size (a slow link's) are worth brotli's best and slowest compression. */
const BEST_COMPRESSION_UNDER = 160 * 1024;

/**
 * The lines as the answer (the feed and the snapshot alike), compressed as the device takes it:
 * brotli, which on these lines is about 28% smaller than gzip at its best quality — on a slow
 * link the bytes cost far more than the server's milliseconds — else gzip.
 */
export function sendLines(request: FastifyRequest, reply: FastifyReply, text: string) {
  reply.header('content-type', 'application/x-ndjson; charset=utf-8');
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted) && text.length > 512) {
    const quality = text.length <= BEST_COMPRESSION_UNDER ? 11 : 5;
    reply.header('content-encoding', 'br');
    return reply.send(
      brotliCompressSync(text, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: quality,
          [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
        },
      }),
    );
  }
  if (/\bgzip\b/.test(accepted) && text.length > 512) {
    reply.header('content-encoding', 'gzip');
    return reply.send(gzipSync(text));
  }
  return reply.send(text);
}

/** "after: Expected number": what does not fit in a query, for the 400 answer. */
export function queryProblems(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const problems = issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(query)'}: ${issue.message}`)
    .join('; ');
  return `The request does not fit: ${problems}`;
}

/** An office's log is compacted at most this often, after a device of it has caught up. */
const COMPACT_EVERY_MS = 60_000;

export function registerFeed(
  app: FastifyInstance,
  deps: {
    storage: Storage;
    clock: () => Date;
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    badRequest: (reply: FastifyReply, message: string) => unknown;
  },
): void {
  const compacted = new Map<string, number>();
  app.get(`${SYNC_PATH}${FEED_PATH}`, { preHandler: deps.authenticate }, async (request, reply) => {
    const parsed = FeedQuery.safeParse(request.query);
    if (!parsed.success) return deps.badRequest(reply, queryProblems(parsed.error.issues));
    const device = request.device!;
    const text = await feedPage(deps.storage, device, parsed.data, deps.clock());
    // A device reached the end of the log: what every device of its office has passed can go.
    const now = deps.clock();
    if (
      text.endsWith('"more":false}\n') &&
      now.getTime() - (compacted.get(device.officeId) ?? 0) > COMPACT_EVERY_MS
    ) {
      compacted.set(device.officeId, now.getTime());
      await compactOffice(deps.storage, device.officeId, now);
    }
    return sendLines(request, reply, text);
  });
}
