import type { SyncRunResult } from '../../shared/contract/sync';
import { AppError } from '../../shared/errors';
import type { PulledChange } from '../../shared/sync';
import { snapshotKey } from '../../shared/sync-snapshot';
import type { ApplyCounts, Applier } from './apply';
import type { SyncState } from './state';
import { SyncCancelled } from './cancel';
import { BEST_COMPRESSION_BYTES } from './link-fit';
import type { FeedPage, SnapshotPage, Transport } from './transport';
import type { LiveTable } from './triggers';

/**
 * The pull half of a sync run (DESIGN.md §3, issue 17): pages of the office's log sized to the
 * link, each applied with the cursor in one transaction. A page cut part-way keeps every entry
 * that arrived whole and the next request resumes after the last one, within the run as long as
 * the link still delivers. While a pull is not complete the PC says it is behind the centre
 * (`behind` in sync_state), until one reaches the end of the log.
 */

/** Bounds on one run's loop (a run that would need more continues next time). */
const MAX_ROUNDS = 10_000;
/**
 * The most (JSON, before compression) of the first pull page a push's answer may carry: about
 * 10–15 kB on the wire, two seconds at 64 kbit/s — a day's work from the office's other PCs.
 */
const FOLDED_PAGE_BYTES = 64 * 1024;

export interface Behind {
  /** Since when this PC's copy has not caught up with the centre (its last complete pull, or enrolment). */
  since: string;
  /** Records received by the pull that stopped, of `total` it was bringing (when known). */
  have: number;
  total: number | null;
}

/** How far a snapshot has come: its log point and the last row applied (sync_state `snapshot`). */
interface SnapshotProgress {
  head: number | null;
  after: string | null;
  /** A new PC: rows only it ever wrote are left out (it has them); a restored one takes them too. */
  skipOwn?: boolean;
  /** Parents first (sync-snapshot.ts), when the server said it speaks this release: kept to the end. */
  order?: 'parents';
}

export interface PullProgress {
  pulled: number;
  records: number;
  total: number | null;
}

export const MASS_DELETE = { minRecords: 10, share: 0.5 } as const;

export function readBehind(state: SyncState): Behind | null {
  return state.json<Behind>('behind');
}

export function markBehind(
  state: SyncState,
  clock: () => Date,
  progress: { have: number; total: number | null },
) {
  const since = readBehind(state)?.since ?? state.get('caught_up_at') ?? clock().toISOString();
  state.set('behind', JSON.stringify({ since, ...progress } satisfies Behind));
}

/** "1,240": figures in messages as people write them. */
const figure = (n: number) => n.toLocaleString('en-US');

/** The one sentence a person sees when the link dropped during a pull. */
export function droppedMessage(have: number, total: number | null): string {
  const here =
    total === null
      ? `${figure(have)} records are here`
      : `${figure(have)} of ${figure(total)} records are here`;
  return `The link to the centre dropped; ${here}; the rest comes next time.`;
}

export function createPuller(deps: {
  state: SyncState;
  applier: Applier;
  clock: () => Date;
  recordTables: string[];
  liveRecordCount: () => number;
  onProgress: (progress: PullProgress) => void;
}) {
  const { state, applier, clock } = deps;

  function snapshotAt(): SnapshotProgress {
    return state.json<SnapshotProgress>('snapshot') ?? { head: null, after: null, skipOwn: true };
  }
  const snapshotQuery = (at: SnapshotProgress, link: Transport) => ({
    after: at.after,
    bytes: link.fit.pullBytes(),
    head: at.head,
    skipOwn: at.skipOwn === true,
    ...(at.order ? { order: at.order } : {}),
  });
  const firstFeedQuery = (cursor: number, link: Transport) => ({
    after: cursor,
    bytes: link.fit.pullBytes(),
    count: deps.recordTables,
    total: true,
  });

  /**
   * The first feed page a push may bring in its answer (service.ts): the one this pull would ask
   * for first, or null when it starts with a snapshot instead.
   */
  function firstFeed(link: Transport) {
    const cursor = Number(state.get('cursor') ?? 0);
    if (cursor === 0 || state.get('snapshot')) return null;
    const query = firstFeedQuery(cursor, link);
    // Folded into an answer, a page is lost whole when a cut falls in it (the feed's lines keep
    // what arrived): only a small one rides with the push, a longer pull goes on by the feed.
    const bytes = Math.min(query.bytes, FOLDED_PAGE_BYTES);
    return { after: query.after, bytes, count: query.count, total: query.total };
  }

  async function pullAll(
    link: Transport,
    tables: ReadonlyMap<string, LiveTable>,
    confirmMassDelete: boolean,
    result: SyncRunResult,
    options: {
      cancelled?: () => boolean;
      /** Told of every page applied (what came from elsewhere, received.ts), with the PCs' names. */
      received?: { add(changes: readonly PulledChange[], names?: Readonly<Record<string, string>>): void };
      /** The first feed page, already here (folded into the push's answer, asked by `firstFeed`). */
      first?: FeedPage;
      /** Told the office's document epoch when a page carries it (the document phase follows it). */
      documentEpoch?: (epoch: string) => void;
    } = {},
  ): Promise<void> {
    const cancelled = options.cancelled ?? (() => false);
    const records = new Set<string>();
    let total: number | null = null;
    let snapshotTaken = false;
    const progress = () => deps.onProgress({ pulled: result.pulled, records: records.size, total });
    const applied = (
      page: { changes: PulledChange[] },
      counts: ApplyCounts,
      names?: Record<string, string>,
    ) => {
      result.pulled += page.changes.length;
      result.newConflicts += counts.conflicts;
      result.removed += counts.removed;
      result.parked += counts.parked;
      for (const change of page.changes) records.add(`${change.t}/${change.r}`);
      options.received?.add(page.changes, names);
      progress();
    };

    /**
     * Today's rows of the office instead of its whole history: for a new PC, a pull from zero,
     * or a PC the server found restored from an older backup. Resumable row by row; the log is
     * then followed from the snapshot's point.
     */
    async function takeSnapshot(): Promise<void> {
      let at = snapshotAt();
      // A server that folds pushes (the same release) sends parents first; the order a snapshot
      // starts with is kept to its end, so its `after` always means the same place.
      if (at.head === null && at.after === null && state.get('server_folds') === '1')
        at = { ...at, order: 'parents' };
      state.set('snapshot', JSON.stringify(at));
      try {
        await snapshotPages(at);
      } catch (error) {
        // A server put back to an older release refuses `order`: start the snapshot again by name.
        if (
          !at.order ||
          !(error instanceof AppError) ||
          error.code !== 'SYNC_REFUSED' ||
          error.detail?.status !== 400
        )
          throw error;
        state.set('server_folds', null);
        state.set('snapshot', JSON.stringify({ head: null, after: null, skipOwn: at.skipOwn }));
        await snapshotPages(snapshotAt());
      }
    }

    async function snapshotPages(from: SnapshotProgress): Promise<void> {
      let at = from;
      let rowsTaken = 0;
      let rawBytes = 0;
      /**
       * The next page as the link fits it, or the whole rest when that is not much more (from
       * the rows the snapshot holds and their size so far): no short page at the end costing a
       * round trip and the server's work for little.
       */
      const restOrPage = (from: SnapshotProgress) => {
        const query = snapshotQuery(from, link);
        if (total === null || rowsTaken === 0) return query;
        const rest = Math.ceil((Math.max(0, total - rowsTaken) * rawBytes * 1.1) / rowsTaken) + 1024;
        // Not past the size the server compresses best where the link keeps pages under it.
        const fits = query.bytes > BEST_COMPRESSION_BYTES || rest <= BEST_COMPRESSION_BYTES;
        return fits && rest <= query.bytes * 1.5
          ? { ...query, bytes: Math.min(Math.max(query.bytes, rest), 8 * 1024 * 1024) }
          : query;
      };
      const query = snapshotQuery(at, link);
      let next: Promise<SnapshotPage> | null = started(link.snapshot(query));
      for (let round = 0; round < MAX_ROUNDS && next; round++) {
        const page: SnapshotPage = await next;
        next = null;
        if (page.start) {
          result.clockSkewMs = Math.round(clock().getTime() - page.start.time);
          if (page.start.total !== undefined) total = page.start.total;
          at = { ...at, head: at.head ?? page.start.head };
        }
        const last = page.changes.at(-1);
        const after = last ? snapshotKey(last.t, last.r) : at.after;
        rowsTaken += page.changes.length;
        rawBytes += page.changes.reduce((sum, c) => sum + JSON.stringify(c).length + 1, 0);
        // The next page is asked for before this one is applied: applying overlaps its round trip.
        if (!page.failure && page.end?.more && !cancelled())
          next = started(link.snapshot(restOrPage({ ...at, after })));
        if (last) {
          // The cursor stays where it is until the whole snapshot is in.
          applied(page, applier.applyPage(page.changes, Number(state.get('cursor') ?? 0), tables));
          at = { ...at, after };
          state.set('snapshot', JSON.stringify(at));
        }
        if (cancelled()) throw new SyncCancelled();
        if (page.failure) {
          if (page.changes.length > 0) {
            next = started(link.snapshot(snapshotQuery(at, link)));
            continue;
          }
          throw page.failure;
        }
        if (!page.end!.more) {
          state.set('cursor', at.head ?? 0);
          state.set('snapshot', null);
          snapshotTaken = true;
          return;
        }
        next ??= started(link.snapshot(snapshotQuery(at, link)));
      }
      throw new AppError('SYNC_LINK', 'The snapshot did not finish in one sync; the rest comes next time.');
    }

    try {
      if (Number(state.get('cursor') ?? 0) === 0 || state.get('snapshot')) await takeSnapshot();
      const feedFrom = (cursor: number, round: number): Promise<FeedPage> => {
        if (round === 0) {
          const query = firstFeedQuery(cursor, link);
          return started(link.feed(query));
        }
        return started(link.feed({ after: cursor, bytes: link.fit.pullBytes(), count: [], total: false }));
      };
      let next: Promise<FeedPage> | null = null;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        if (cancelled()) throw new SyncCancelled();
        const first = round === 0 && !snapshotTaken ? options.first : undefined;
        const page: FeedPage = await (next ?? first ?? feedFrom(Number(state.get('cursor') ?? 0), round));
        next = null;
        if (page.start?.documentEpoch) options.documentEpoch?.(page.start.documentEpoch);
        if (page.start?.snapshot) {
          // Restored from an older backup, or asking for a log compacted away: start again from today's rows.
          if (snapshotTaken)
            throw new AppError('SYNC_LINK', 'The server asked for a second snapshot in one sync.');
          state.set('cursor', 0);
          state.set('snapshot', JSON.stringify({ head: null, after: null } satisfies SnapshotProgress));
          result.restarted = page.start.snapshot;
          await takeSnapshot();
          continue;
        }
        if (page.start) {
          result.clockSkewMs = Math.round(clock().getTime() - page.start.time);
          if (round === 0) {
            if (!snapshotTaken) total = page.start.total ?? null;
            const ahead = page.start.deletesAhead;
            if (ahead !== undefined && !confirmMassDelete) {
              const liveRecords = deps.liveRecordCount();
              if (ahead >= MASS_DELETE.minRecords && ahead > liveRecords * MASS_DELETE.share) {
                result.needsConfirmation = { deletions: ahead, liveRecords };
                markBehind(state, clock, { have: 0, total });
                return;
              }
            }
          }
        }
        const upTo = page.end ? page.end.next : page.changes.at(-1)?.s;
        // The next page is asked for, then this one applied (synchronously, before the request
        // reaches the server): applying costs no time of the link's.
        if (!page.failure && page.end?.more && !cancelled()) next = feedFrom(page.end.next, round + 1);
        if (upTo !== undefined)
          applied(page, applier.applyPage(page.changes, upTo, tables), page.start?.names);
        if (page.failure) {
          // Arrived part-way: resume from what arrived while the link still delivers.
          if (page.changes.length > 0) continue;
          throw page.failure;
        }
        if (!page.end!.more) {
          state.set('behind', null);
          state.set('caught_up_at', clock().toISOString());
          return;
        }
      }
      markBehind(state, clock, { have: records.size, total });
    } catch (error) {
      markBehind(state, clock, { have: records.size, total });
      if (error instanceof AppError && error.code === 'SYNC_LINK' && (records.size > 0 || total !== null)) {
        throw new AppError('SYNC_LINK', droppedMessage(records.size, total), {
          detail: { reason: 'dropped', have: records.size, total, cause: error.message },
        });
      }
      throw error;
    }
  }

  return { pullAll, firstFeed };
}

/** Starts a request whose failure is read when it is awaited (not an unhandled rejection meanwhile). */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
