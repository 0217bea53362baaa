import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NODE_AT, nodeOf } from '../shared/hlc';
import { SYNC_PATH, type PulledChange } from '../shared/sync';
import { FEED_LIMITS, FEED_PATH, FeedQuery, type FeedEnd, type FeedStart } from '../shared/sync-feed';
import type { Device } from './devices';
import type { Queryable, Storage } from './storage';
import { compactOffice, REFERENCE_SCOPE } from './compaction';
import { asJsonRows, deletesAhead, entryOf, logRangeSql, refuseCursorAhead, type LogRow } from './sync-log';

/**
 * The pull feed (shared/sync-feed.ts): the same log and scope as `pull` in sync-log.ts, but pages
 * bounded by bytes and sent as lines, so a device keeps what arrived before a cut. Read-only: a
 * page asked twice is the same page.
 */

/** Rough bytes per entry, to ask the database for about a page's worth of rows in one query. */
const TYPICAL_ENTRY_BYTES = 60;

export { entryOf };

export interface FeedParts {
  start: FeedStart;
  changes: PulledChange[];
  /** Each entry as its line (what the page's bytes are counted in). */
  lines: string[];
  end: FeedEnd;
}

/** A page of the feed, as its parts: the lines of `/feed`, or folded into a push's answer. */
export async function feedParts(
  storage: Storage,
  device: Device,
  query: { after: number; bytes: number; count: string[]; total?: '0' | '1' | boolean },
  now: Date,
  /** The office's document epoch (app.ts), said on a run's first page; null: leave it out. */
  documentEpoch?: (office: string) => Promise<string | null>,
): Promise<FeedParts> {
  const limit = Math.min(FEED_LIMITS.maxEntries, Math.max(20, Math.ceil(query.bytes / TYPICAL_ENTRY_BYTES)));
  const read = await readPage(storage, device, query.after, limit);
  const { head, rows } = read;
  const first = query.total === '1' || query.total === true;
  // Said on a run's first page only (it asks for the total): a device learns it once per sync.
  const start: FeedStart = { time: now.getTime(), head, ...(first ? { folds: true } : {}) };
  if (first && documentEpoch) {
    const epoch = await documentEpoch(device.officeId);
    if (epoch) start.documentEpoch = epoch;
  }
  if (read.restart) {
    start.snapshot = read.restart;
    return { start, changes: [], lines: [], end: { next: query.after, more: false } };
  }
  if (query.count.length > 0)
    start.deletesAhead = await deletesAhead(storage, device, query.after, head, query.count);
  if (first) start.total = await recordsAhead(storage, device, query.after, head);

  const changes: PulledChange[] = [];
  const lines: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    const change = entryOf(row);
    const line = JSON.stringify(change);
    if (changes.length > 0 && bytes + line.length > query.bytes) break;
    changes.push(change);
    lines.push(line);
    bytes += line.length + 1;
  }
  const taken = changes.length;
  const more = taken < rows.length || rows.length === limit;
  const names = namesOn(read.names, device, changes);
  if (names) start.names = names;
  return { start, changes, lines, end: { next: more ? Number(rows[taken - 1]!.seq) : head, more } };
}

/**
 * What a feed page reads, in one statement (each statement costs PGlite about 0.7 ms however
 * small, and a page used to take five): the head the device's office sees, whether the device
 * must start again from a snapshot (`restartFrom`, as `snapshotNeeded` below), its point recorded
 * when it may go on, up to `limit` entries after `after`, and the names of the office's PCs that
 * made them. The entries are read only when the device may go on.
 */
async function readPage(
  db: Queryable,
  device: Device,
  after: number,
  limit: number,
): Promise<{
  head: number;
  restart: 'restored' | 'compacted' | null;
  rows: LogRow[];
  names: Record<string, string>;
}> {
  const [read] = await db.query<{
    head: number | string;
    pulled_to: number | string;
    compacted_to: number | string;
    rows: string;
    names: string | null;
  }>(
    `WITH head AS (
       SELECT coalesce(max(seq), 0) AS seq FROM sync_heads WHERE scope = $2 OR scope = $5
     ), state AS (
       SELECT head.seq AS head, coalesce(d.pulled_to, 0) AS pulled_to,
         (SELECT coalesce(max(c.compacted_to), 0) FROM sync_compaction c WHERE c.scope = $2 OR c.scope = $5) AS compacted_to
       FROM head LEFT JOIN devices d ON d.id = $3
     ), go_on AS (
       SELECT $1 <= head AND $1 >= pulled_to AND $1 >= compacted_to AS ok FROM state
     ), marked AS (
       UPDATE devices SET pulled_to = $1 WHERE id = $3 AND pulled_to < $1 AND (SELECT ok FROM go_on)
     ), page AS (
       SELECT * FROM (${logRangeSql({ after: '$1', head: '(SELECT head FROM state)', office: '$2', device: '$3', limit: '$4' })}) AS entries
       WHERE (SELECT ok FROM go_on)
     )
     SELECT s.head, s.pulled_to, s.compacted_to, (${asJsonRows('SELECT * FROM page', 'r.seq')}) AS rows,
       (SELECT json_object_agg(n.node, n.name ORDER BY n.enrolled_at)::text FROM devices n
        WHERE n.office_id = $2 AND n.name IS NOT NULL AND btrim(n.name) <> ''
          AND n.node IN (SELECT substr(hlc, $6) FROM page)) AS names
     FROM state s`,
    [after, device.officeId, device.id, limit, REFERENCE_SCOPE, NODE_AT + 1],
  );
  const head = Number(read!.head);
  refuseCursorAhead(after, head);
  return {
    head,
    restart: restartFrom(after, Number(read!.pulled_to), Number(read!.compacted_to)),
    rows: JSON.parse(read!.rows) as LogRow[],
    names: read!.names ? (JSON.parse(read!.names) as Record<string, string>) : {},
  };
}

/** The names of the device's office's PCs that made the changes on a page (not its own), by node; null: none. */
function namesOn(
  known: Record<string, string>,
  device: Device,
  changes: readonly PulledChange[],
): Record<string, string> | null {
  const names: Record<string, string> = {};
  for (const change of changes) {
    const node = nodeOf(change.h);
    if (node !== device.node && known[node] !== undefined) names[node] = known[node];
  }
  return Object.keys(names).length > 0 ? names : null;
}

export async function feedPage(
  storage: Storage,
  device: Device,
  query: { after: number; bytes: number; count: string[]; total?: '0' | '1' },
  now: Date,
  documentEpoch?: (office: string) => Promise<string | null>,
): Promise<string> {
  const page = await feedParts(storage, device, query, now, documentEpoch);
  return [JSON.stringify(page.start), ...page.lines, JSON.stringify(page.end), ''].join('\n');
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
  const [me] = await storage.query<{ pulled_to: number; compacted_to: number }>(
    `SELECT d.pulled_to, (SELECT coalesce(max(c.compacted_to), 0) FROM sync_compaction c
       WHERE c.scope = d.office_id OR c.scope = $2) AS compacted_to
     FROM devices d WHERE d.id = $1`,
    [device.id, REFERENCE_SCOPE],
  );
  const pulledTo = Number(me?.pulled_to ?? 0);
  const restart = restartFrom(after, pulledTo, Number(me?.compacted_to ?? 0));
  if (restart) return restart;
  if (after > pulledTo)
    await storage.query('UPDATE devices SET pulled_to = $2 WHERE id = $1 AND pulled_to < $2', [
      device.id,
      after,
    ]);
  return null;
}

/**
 * The one rule of both: asking from below what the device already had means its database was
 * restored from an older copy; from below the compaction point, the entries it needs are gone.
 */
function restartFrom(after: number, pulledTo: number, compactedTo: number): 'restored' | 'compacted' | null {
  if (after < pulledTo) return 'restored';
  if (after < compactedTo) return 'compacted';
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

/** Pages up to this size (a slow link's) are worth brotli's best and slowest compression… */
const BEST_COMPRESSION_UNDER = 160 * 1024;
/**
 * …while it takes at most this many milliseconds of each second: it costs some 40 ms for a 25 kB
 * page, against under 1 ms at quality 5 for about 12% more bytes. One office on a slow line gets
 * the best; 200 offices syncing at once would otherwise each wait for every other's 40 ms.
 */
const BEST_MS_PER_SECOND = 100;
/**
 * And only while the server is not busy (its event loop less than half in use over the last
 * quarter second or more): under load, other answers would wait for it. A count of the requests
 * in hand does not tell: while PGlite runs, the next requests wait unread in their sockets.
 */
const BUSY_LOOP_SHARE = 0.5;
const loop = { at: performance.now(), mark: performance.eventLoopUtilization(), busy: false };
function serverBusy(): boolean {
  const now = performance.now();
  if (now - loop.at >= 250) {
    const mark = performance.eventLoopUtilization();
    loop.busy = performance.eventLoopUtilization(mark, loop.mark).utilization > BUSY_LOOP_SHARE;
    Object.assign(loop, { at: now, mark });
  }
  return loop.busy;
}
/**
 * A snapshot page this big is a slow link's (pages are sized to ~15 s of the
 * link: ~120 kB on the wire at 64 kbit/s, ~1.5–2 MB of lines). Quality 10 takes some 0.3 s per
 * 675 kB of client lines, against 14 ms at quality 5, and sends fewer bytes: enrolling into a
 * 2,000-client office at 64 kbit/s went 131 → 113 kB and 21.2 → 19.3 s (`npm run bench -- links`).
 * Bigger pages come from fast links, where quality 5 is faster than the bytes it would save.
 * Outside the budget above, so a page has the same size however busy the server is (a resumed
 * snapshot must not cost more bytes than a whole one); enrolments come one PC at a time.
 */
const GOOD_COMPRESSION_UNDER = 2.5 * 1024 * 1024;
const best = { since: 0, spentMs: 0 };

const brotliInThePool = promisify(brotliCompress);

/**
 * The lines as the answer (the feed and the snapshot alike), compressed as the device takes it:
 * brotli, which on these lines is about 28% smaller than gzip at its best quality — on a slow
 * link the bytes cost far more than the server's milliseconds, within a budget — else gzip.
 */
export async function sendLines(
  request: FastifyRequest,
  reply: FastifyReply,
  text: string,
  type: 'application/x-ndjson' | 'application/json' = 'application/x-ndjson',
  /** A snapshot's big pages may take quality 10 (below); the feed's stay at 5, the same whatever the budget. */
  large: 'good' | 'fast' = 'fast',
) {
  reply.header('content-type', type);
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted) && text.length > 512) {
    const started = performance.now();
    if (started - best.since > 1000) Object.assign(best, { since: started, spentMs: 0 });
    const quality =
      large === 'good' && text.length > BEST_COMPRESSION_UNDER && text.length <= GOOD_COMPRESSION_UNDER
        ? 10
        : text.length <= BEST_COMPRESSION_UNDER && best.spentMs < BEST_MS_PER_SECOND && !serverBusy()
          ? 11
          : 5;
    const options = {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
      },
    };
    // Quality 10 and 11 take tens to hundreds of milliseconds: off the event loop, in libuv's
    // threads, so the answers of other devices are not held up behind them. Quality 5 takes under
    // a millisecond, less than handing it to a thread and back.
    const compressed =
      quality >= 10 ? await brotliInThePool(text, options) : brotliCompressSync(text, options);
    if (quality === 11) best.spentMs += performance.now() - started;
    reply.header('content-encoding', 'br');
    return reply.send(compressed);
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

/** What a page that reached the end of the log sets off: compacting the office, at most once a minute. */
export function createCompactionTrigger(storage: Storage) {
  const compacted = new Map<string, number>();
  return async (device: Device, now: Date): Promise<void> => {
    if (now.getTime() - (compacted.get(device.officeId) ?? 0) <= COMPACT_EVERY_MS) return;
    compacted.set(device.officeId, now.getTime());
    await compactOffice(storage, device.officeId, now);
  };
}

export function registerFeed(
  app: FastifyInstance,
  deps: {
    storage: Storage;
    clock: () => Date;
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    badRequest: (reply: FastifyReply, message: string) => unknown;
    /** Shared with the pages folded into pushes (app.ts). */
    reachedEnd: (device: Device, now: Date) => Promise<void>;
    /** The office's document epoch for a run's first page (app.ts); null: leave it out. */
    documentEpoch?: (office: string) => Promise<string | null>;
  },
): void {
  app.get(`${SYNC_PATH}${FEED_PATH}`, { preHandler: deps.authenticate }, async (request, reply) => {
    const parsed = FeedQuery.safeParse(request.query);
    if (!parsed.success) return deps.badRequest(reply, queryProblems(parsed.error.issues));
    const device = request.device!;
    const page = await feedParts(deps.storage, device, parsed.data, deps.clock(), deps.documentEpoch);
    // A device reached the end of the log: what every device of its office has passed can go.
    if (!page.end.more) await deps.reachedEnd(device, deps.clock());
    const text = [JSON.stringify(page.start), ...page.lines, JSON.stringify(page.end), ''].join('\n');
    return sendLines(request, reply, text);
  });
}
