import { z } from 'zod';
import { AuditAnchorResponse } from './audit-anchor';
import { type PulledChange, PushResponse, TableName } from './sync';

/**
 * The pull feed (issue 17): a page of the office's log as newline-separated JSON, so a device
 * that loses the connection part-way keeps every line that arrived whole and asks again from the
 * last one — a cut costs the line it fell in, not the page. Pages are bounded by bytes, not entry
 * counts: the device asks for as many bytes as its link carries in a few seconds.
 *
 *   {"time":…,"head":…,"deletesAhead"?:…,"total"?:…,…}   first line
 *   {"s":…,"t":…,"r":…,"h":…,"f":{…}}                 one line per entry (PulledChange)
 *   {"next":…,"more":…}                                last line: the cursor for next time
 */

export const FEED_PATH = '/feed';

export const FEED_LIMITS = {
  minBytes: 1024,
  maxBytes: 8 * 1024 * 1024,
  /** Entries in one page whatever their size (keeps one query bounded). */
  maxEntries: 20_000,
} as const;

export const FeedQuery = z
  .object({
    after: z.coerce.number().int().nonnegative(),
    /** About how many bytes of lines (before compression) the page may hold; one entry always fits. */
    bytes: z.coerce
      .number()
      .int()
      .min(FEED_LIMITS.minBytes)
      .max(FEED_LIMITS.maxBytes)
      .default(256 * 1024),
    /** Comma-separated tables whose removals ahead are counted (the mass-delete fail-safe). */
    count: z
      .string()
      .max(2000)
      .optional()
      .transform((value) => (value ? value.split(',') : []))
      .pipe(z.array(TableName).max(100)),
    /** `1`: say how many records the log ahead of `after` touches (for "1,240 of 2,000"). */
    total: z.enum(['0', '1']).optional(),
  })
  .strict();

export const FeedStart = z.object({
  time: z.number().int(),
  head: z.number().int().nonnegative(),
  deletesAhead: z.number().int().nonnegative().optional(),
  /** Records (distinct rows) the log ahead of `after` brings, when asked. */
  total: z.number().int().nonnegative().optional(),
  /**
   * Set instead of entries when the device must start again from a snapshot (sync-snapshot.ts):
   * `restored` — it asks from before what it already said it held (its database was restored
   * from an older backup); `compacted` — the log it asks for was compacted away.
   */
  snapshot: z.enum(['restored', 'compacted']).optional(),
  /**
   * The names of the office's PCs whose changes are on this page, by node (the last 16 digits of
   * a stamp), so the Sync panel names them ("Reception PC") rather than "Office computer f0edac6a".
   */
  names: z.record(z.string(), z.string()).optional(),
  /** This server takes `with` in a push (shared/sync.ts); absent from older servers. */
  folds: z.boolean().optional(),
  /**
   * The office's document epoch (shared/document-sync.ts `ContentEpoch`), on a run's first page
   * only: the device's document phase follows it instead of asking `GET /documents/epoch`, one
   * round trip (about 600 ms on a 64 kbit/s mobile line) less per sync. Absent from older servers
   * and when the server could not read it; the device then asks the route as before.
   */
  documentEpoch: z.string().min(1).max(200).optional(),
});
export type FeedStart = z.infer<typeof FeedStart>;

export const FeedEnd = z.object({ next: z.number().int().nonnegative(), more: z.boolean() });
export type FeedEnd = z.infer<typeof FeedEnd>;

export type FeedChange = PulledChange;

/**
 * A push's answer from a server that folds (PushRequest `with`): the audit anchor's answer and
 * the first feed page, as the feed would have sent them. A cut answer is lost whole and the push
 * is sent again (recognised by its stamps), so the page folded in is sized like any other.
 */
export const FoldedPushResponse = PushResponse.extend({
  anchor: AuditAnchorResponse.optional(),
  feed: z
    .object({
      start: FeedStart,
      // Entries as the feed's lines carry them; the applier checks each one as it applies it.
      changes: z.array(z.custom<PulledChange>((value) => typeof value === 'object' && value !== null)),
      end: FeedEnd,
    })
    .optional(),
});
export type FoldedPushResponse = z.infer<typeof FoldedPushResponse>;
