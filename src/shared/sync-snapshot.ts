import { z } from 'zod';
import { RowId, TableName } from './sync';

/**
 * A snapshot of an office's current rows (issue 17): how a new PC, or one restored from a backup,
 * starts — today's records, not every edit ever made. Lines like the feed (sync-feed.ts): a start
 * line, one line per row (a PulledChange whose `s` is the snapshot's log point and whose `h` is
 * the row's latest stamp), an end line naming the row to continue after. Then the device follows
 * the log from `head`.
 */

export const SNAPSHOT_PATH = '/snapshot';

export const SnapshotQuery = z
  .object({
    /** Continue after this row (`table/rowId`); absent for the first page. */
    after: z
      .string()
      .max(200)
      .optional()
      .transform((key, ctx) => {
        if (key === undefined) return null;
        const slash = key.indexOf('/');
        const t = TableName.safeParse(key.slice(0, slash));
        const r = RowId.safeParse(key.slice(slash + 1));
        if (slash < 0 || !t.success || !r.success) {
          ctx.addIssue({ code: 'custom', message: 'Not a table/row key' });
          return z.NEVER;
        }
        return { t: t.data, r: r.data };
      }),
    bytes: z.coerce
      .number()
      .int()
      .min(1024)
      .max(8 * 1024 * 1024)
      .default(256 * 1024),
    /** `skip`: leave out rows only this device ever wrote (a new PC has them already). */
    own: z.enum(['skip']).optional(),
    /** The log point the first page gave: later pages keep it. */
    head: z.coerce.number().int().nonnegative().optional(),
    /**
     * `parents`: tables in `parentsFirst` order (registry.ts), so a cut part-way leaves no row
     * naming one not yet sent. Without it, by table name, as older servers send it; a device
     * keeps the order its snapshot began with to its end.
     */
    order: z.enum(['parents']).optional(),
  })
  .strict();

export const SnapshotStart = z.object({
  time: z.number().int(),
  /** Follow the log from here once the snapshot is in. */
  head: z.number().int().nonnegative(),
  /** Rows the whole snapshot holds (first page only). */
  total: z.number().int().nonnegative().optional(),
});
export type SnapshotStart = z.infer<typeof SnapshotStart>;

export const SnapshotEnd = z.object({
  /** `table/rowId` of the last row sent; null when the snapshot is complete. */
  next: z.string().nullable(),
  more: z.boolean(),
});
export type SnapshotEnd = z.infer<typeof SnapshotEnd>;

export const snapshotKey = (t: string, r: string) => `${t}/${r}`;
