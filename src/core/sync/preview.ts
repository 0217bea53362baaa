import type { OutgoingRecord, SyncPreview } from '../../shared/contract/sync';
import { TOMBSTONE_FIELD } from '../../shared/sync';
import type { Db } from '../db/open';
import { readReceived } from './received';
import type { SyncState } from './state';
import { syncedTable } from './tables';
import type { LiveTable } from './triggers';
import type { RowWriter } from './rows';

/**
 * The Sync panel's preview (`sync.preview`, issue 17 "Before and during a sync"): before sending,
 * what will go up — counts per kind and the records, named as people know them — read from the
 * outbox without sending anything; and what the last pull brought from elsewhere (received.ts).
 */

interface PendingRow {
  tbl: string;
  row_id: string;
  first: number;
  changes: number;
  fields: string;
}

export function createPreview(
  db: Db,
  deps: {
    state: SyncState;
    writer: RowWriter;
    tables: ReadonlyMap<string, LiveTable>;
    describe: (table: string, rowId: string) => { label: string; clientId: string | null };
    /** Tables whose edits stay on this PC (the centre's reference data on an office PC). */
    keptLocal: () => string[];
  },
) {
  const where = 'pushed_head IS NULL AND tbl NOT IN (SELECT value FROM json_each(@kept))';
  const kinds = db.prepare<{ kept: string }, { tbl: string; changes: number; records: number }>(
    `SELECT tbl, count(*) AS changes, count(DISTINCT row_id) AS records FROM sync_outbox
     WHERE ${where} GROUP BY tbl ORDER BY min(seq)`,
  );
  const records = db.prepare<{ kept: string; limit: number }, PendingRow>(
    `SELECT tbl, row_id, min(seq) AS first, count(*) AS changes, json_group_array(json(fields)) AS fields
     FROM sync_outbox WHERE ${where} GROUP BY tbl, row_id ORDER BY first LIMIT @limit`,
  );

  /** A record's own name where it has one (a partner, an office), else whose record it is. */
  function labelOf(table: string, rowId: string): { label: string; clientId: string | null } {
    const described = deps.describe(table, rowId);
    if (described.clientId) return described;
    const live = deps.tables.get(table);
    const name = live?.columns.includes('name') ? deps.writer.read(live, rowId)?.name : undefined;
    return typeof name === 'string' && name.trim() !== '' ? { label: name, clientId: null } : described;
  }

  function outgoingRecord(row: PendingRow): OutgoingRecord {
    const edits = JSON.parse(row.fields) as Record<string, unknown>[];
    const fields = new Set<string>();
    let removed: boolean | null = null;
    let created = false;
    for (const edit of edits) {
      for (const [field, value] of Object.entries(edit)) {
        if (field === TOMBSTONE_FIELD) removed = value !== null;
        else if (field === 'created_at') created = true;
        else fields.add(field);
      }
    }
    // A whole-row table sends every column with each edit: its `created_at` says nothing.
    const isNew = created && !syncedTable(row.tbl)?.wholeRows;
    return {
      kind: row.tbl,
      rowId: row.row_id,
      ...labelOf(row.tbl, row.row_id),
      action: removed ? 'removed' : isNew ? 'new' : 'edited',
      fields: isNew || removed ? [] : [...fields],
    };
  }

  return {
    preview(limit: number): SyncPreview {
      const kept = JSON.stringify(deps.keptLocal());
      const perKind = kinds.all({ kept });
      const recordCount = perKind.reduce((sum, k) => sum + k.records, 0);
      const items = records.all({ kept, limit }).map(outgoingRecord);
      const received = readReceived(deps.state);
      const myNode = deps.state.get('node');
      return {
        outgoing: {
          changes: perKind.reduce((sum, k) => sum + k.changes, 0),
          records: recordCount,
          kinds: perKind.map((k) => ({ kind: k.tbl, records: k.records, changes: k.changes })),
          items,
          more: Math.max(0, recordCount - items.length),
        },
        lastReceived: received && {
          at: received.at,
          changes: received.changes,
          records: received.records,
          complete: received.complete,
          from: received.from.map((pc) => ({ ...pc, name: pc.name ?? null, thisPc: pc.node === myNode })),
          items: received.items
            .slice(0, limit)
            .map((item) => ({ ...item, ...labelOf(item.kind, item.rowId) })),
          more: Math.max(0, received.records - Math.min(limit, received.items.length)),
        },
      };
    },
  };
}
