import type { UnsentChange } from '../../shared/contract/sync';
import type { FieldValue, Refusal } from '../../shared/sync';
import { problemOfChange } from '../../shared/sync/values';
import type { Db } from '../db/open';

/**
 * Changes the server refused because it cannot store them (a NUL character in a surname, a field
 * it does not know) are held on this PC, visibly, instead of blocking every later change behind
 * them: the outbox entry stays, marked by a negative `pushed_head` (−1 a value the server cannot
 * store, −2 a table or field it does not keep), so neither the push nor the settling after a pull
 * takes it. Editing the record releases it: the fields the newer edit replaces are dropped from it
 * and the rest is sent again with the next push (and held again if still wrong). A field the
 * server did not know may be known after the server is updated, so the oldest of those are tried
 * again at every push, a bounded number at a time.
 *
 * Which field and why is worked out again from the held entry with the server's own check
 * (`problemOfChange`, src/shared/sync/values.ts), so nothing beside the outbox needs storing.
 */

const HELD = { invalid: -1, unknown: -2 } as const;
/** How many changes of fields the server did not know are tried again per push. */
const UNKNOWN_RETRIES = 200;
type HeldReason = keyof typeof HELD;

interface HeldRow {
  seq: number;
  hlc: string;
  tbl: string;
  row_id: string;
  fields: string;
  pushed_head: number;
}

/** NUL and broken characters shown so a person (and a terminal) can see where they are. */
export function visibleText(text: string): string {
  return text
    .replaceAll('\u0000', '␀')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

export function createUnsent(
  db: Db,
  deps: { labelOf: (table: string, rowId: string) => { label: string; clientId: string | null } },
) {
  const hold = db.prepare('UPDATE sync_outbox SET pushed_head = ? WHERE hlc = ? AND pushed_head IS NULL');
  const held = db.prepare<[number], HeldRow>(
    'SELECT seq, hlc, tbl, row_id, fields, pushed_head FROM sync_outbox WHERE pushed_head < 0 ORDER BY seq LIMIT ?',
  );
  const heldCount = db.prepare<[], { n: number }>(
    'SELECT count(*) AS n FROM sync_outbox WHERE pushed_head < 0',
  );
  /** Held entries of rows edited since (a later entry of the same row). */
  const edited = db.prepare<[], HeldRow>(
    `SELECT h.seq, h.hlc, h.tbl, h.row_id, h.fields, h.pushed_head FROM sync_outbox h
     WHERE h.pushed_head < 0
       AND EXISTS (SELECT 1 FROM sync_outbox l WHERE l.tbl = h.tbl AND l.row_id = h.row_id AND l.seq > h.seq)`,
  );
  const laterFields = db.prepare<[string, string, number], { fields: string }>(
    'SELECT fields FROM sync_outbox WHERE tbl = ? AND row_id = ? AND seq > ?',
  );
  const release = db.prepare('UPDATE sync_outbox SET fields = ?, pushed_head = NULL WHERE seq = ?');
  const retryUnknown = db.prepare(
    `UPDATE sync_outbox SET pushed_head = NULL
     WHERE seq IN (SELECT seq FROM sync_outbox WHERE pushed_head = ${HELD.unknown} ORDER BY seq LIMIT ${UNKNOWN_RETRIES})`,
  );
  const drop = db.prepare('DELETE FROM sync_outbox WHERE seq = ?');

  function reasonOf(row: HeldRow): HeldReason {
    return row.pushed_head === HELD.unknown ? 'unknown' : 'invalid';
  }

  return {
    /** Holds a refused change here when the server cannot store it; false for other refusals. */
    hold(hlc: string, refusal: Refusal): boolean {
      if (refusal.reason !== 'invalid' && refusal.reason !== 'unknown') return false;
      hold.run(HELD[refusal.reason], hlc);
      return true;
    },

    /** Releases the held changes of records edited since (and a few the server may know now); call in a transaction. */
    releaseEdited(): number {
      let released = retryUnknown.run().changes;
      for (const row of edited.all()) {
        const fields = JSON.parse(row.fields) as Record<string, FieldValue>;
        for (const later of laterFields.all(row.tbl, row.row_id, row.seq))
          for (const field of Object.keys(JSON.parse(later.fields) as Record<string, unknown>))
            delete fields[field];
        if (Object.keys(fields).length === 0) drop.run(row.seq);
        else {
          release.run(JSON.stringify(fields), row.seq);
          released++;
        }
      }
      return released;
    },

    count(): number {
      return heldCount.get()?.n ?? 0;
    },

    list(limit = 50): UnsentChange[] {
      return held.all(limit).map((row) => {
        const fields = JSON.parse(row.fields) as Record<string, unknown>;
        const problem = problemOfChange(row.tbl, fields);
        const { label, clientId } = deps.labelOf(row.tbl, row.row_id);
        const why = problem?.message ?? `the server refused it (${reasonOf(row)})`;
        return {
          table: row.tbl,
          rowId: row.row_id,
          clientId,
          label: visibleText(label),
          reason: problem?.reason ?? reasonOf(row),
          field: problem?.field ?? null,
          message: `This record could not be sent: ${why}. Fix it in the record; the other changes were sent.`,
        };
      });
    },
  };
}

export type Unsent = ReturnType<typeof createUnsent>;
