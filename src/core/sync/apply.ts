import { formatHlc, parseHlc } from '../../shared/hlc';
import { TOMBSTONE_FIELD, type FieldValue, type PulledChange } from '../../shared/sync';
import {
  mergePulled,
  rowKey,
  type IncomingField,
  type PendingEdit,
  type PulledConflict,
} from '../../shared/sync/merge';
import type { Db } from '../db/open';
import { uuidv7 } from '../ids';
import { observeRemote, whileApplying } from './connection';
import { toSql, type RowWriter } from './rows';
import type { SyncState } from './state';
import type { SqlValue } from './tables';
import type { LiveTable } from './triggers';

/**
 * Applying pulled changes, one page per transaction together with the cursor, so a cut link
 * loses at most the page in flight. Each field is compared with this device's unsettled edits of
 * the same field (the outbox): the later stamp wins, and when the values differ both are kept in
 * `sync_conflicts` for a person to settle — the pure merge is `mergePulled` in
 * src/shared/sync/merge.ts; this file reads and writes SQLite around it. Nothing local is dropped:
 * a field this version cannot store is parked until it can.
 */

export interface ApplyCounts {
  applied: number;
  conflicts: number;
  parked: number;
  removed: number;
}

export function createApplier(db: Db, deps: { writer: RowWriter; state: SyncState; clock: () => Date }) {
  const { writer, state, clock } = deps;
  // Read once per page, not per change: most pulls meet no local edits and nothing parked.
  const pendingAmong = db.prepare<
    [string],
    { tbl: string; row_id: string; hlc: string; fields: string; pushed_head: number | null }
  >(
    'SELECT tbl, row_id, hlc, fields, pushed_head FROM sync_outbox WHERE row_id IN (SELECT value FROM json_each(?)) ORDER BY seq',
  );
  const parkedRows = db.prepare<[], { tbl: string; row_id: string }>(
    'SELECT DISTINCT tbl, row_id FROM sync_parked',
  );
  const park = db.prepare(
    `INSERT INTO sync_parked (tbl, row_id, field, value, hlc) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tbl, row_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc WHERE excluded.hlc > sync_parked.hlc`,
  );
  const parkedOf = db.prepare<[string, string], { field: string; value: string | null; hlc: string }>(
    'SELECT field, value, hlc FROM sync_parked WHERE tbl = ? AND row_id = ?',
  );
  const unpark = db.prepare(
    'DELETE FROM sync_parked WHERE tbl = ? AND row_id = ? AND field IN (SELECT value FROM json_each(?))',
  );
  const recordConflict = db.prepare(
    `INSERT INTO sync_conflicts (id, tbl, row_id, field, kind, local_value, local_hlc, remote_value, remote_hlc, winner, detected_at)
     VALUES (@id, @tbl, @rowId, @field, @kind, @localValue, @localHlc, @remoteValue, @remoteHlc, @winner, @at)`,
  );
  // A negative position marks a change the server refused and this PC holds (service.ts): never settled here.
  const settle = db.prepare('DELETE FROM sync_outbox WHERE pushed_head >= 0 AND pushed_head <= ?');
  const persistClock = db.prepare("UPDATE sync_state SET value = @seen WHERE key = 'hlc' AND value < @seen");

  /** What this device has done and not yet settled, and what it parked, for the rows of a page. */
  interface PageContext {
    /** `table/row` → field → the latest unsettled local edit of it. */
    pending: Map<string, Map<string, PendingEdit>>;
    parked: Set<string>;
  }

  const key = rowKey;

  function pageContext(rowIds: string[]): PageContext {
    const pending = new Map<string, Map<string, PendingEdit>>();
    for (const entry of pendingAmong.all(JSON.stringify([...new Set(rowIds)]))) {
      const k = key(entry.tbl, entry.row_id);
      const fields = pending.get(k) ?? new Map<string, PendingEdit>();
      for (const [field, value] of Object.entries(JSON.parse(entry.fields) as Record<string, FieldValue>)) {
        fields.set(field, { value, hlc: entry.hlc, pushedHead: entry.pushed_head });
      }
      pending.set(k, fields);
    }
    return { pending, parked: new Set(parkedRows.all().map((r) => key(r.tbl, r.row_id))) };
  }

  function recordConflicts(live: LiveTable, rowId: string, found: readonly PulledConflict[]): void {
    for (const c of found) {
      recordConflict.run({
        id: uuidv7(clock().getTime()),
        tbl: live.table.name,
        rowId,
        field: c.field,
        kind: c.kind,
        localValue: JSON.stringify(c.local.value),
        localHlc: c.local.hlc,
        remoteValue: JSON.stringify(c.remote.value),
        remoteHlc: c.remote.hlc,
        winner: c.winner,
        at: clock().toISOString(),
      });
    }
  }

  /**
   * Merges incoming fields of one row (logged at `seq`) with the unsettled local edits
   * (`mergePulled`), records the conflicts and writes the winners. Returns how many conflicts it
   * recorded and whether the row had to be parked.
   */
  function applyFields(
    live: LiveTable,
    rowId: string,
    incoming: IncomingField[],
    seq: number,
    myNode: string,
    context: PageContext,
  ): { conflicts: number; parked: boolean } {
    const table = live.table.name;
    const local = context.pending.get(key(table, rowId)) ?? new Map<string, PendingEdit>();
    const hasParked = context.parked.has(key(table, rowId));
    const existing = writer.read(live, rowId);
    const merged = mergePulled({
      incoming,
      local,
      seq,
      myNode,
      alreadyRemoved: existing?.[TOMBSTONE_FIELD] != null,
    });
    recordConflicts(live, rowId, merged.conflicts);
    const conflicts = merged.conflicts.length;
    const stamps = merged.stamps;
    const winners: Record<string, SqlValue> = Object.fromEntries(
      Object.entries(merged.winners).map(([field, value]) => [field, toSql(value)]),
    );

    if (Object.keys(winners).length === 0) return { conflicts, parked: false };
    if (!existing && hasParked) {
      // A row arriving in parts (or after fields this version parked): complete it from the parked ones.
      for (const parked of parkedOf.all(table, rowId)) {
        if (!live.columns.includes(parked.field)) continue;
        const current = stamps.get(parked.field);
        if (current !== undefined && current >= parked.hlc) continue;
        winners[parked.field] = toSql(JSON.parse(parked.value ?? 'null') as FieldValue);
        stamps.set(parked.field, parked.hlc);
      }
    }
    const outcome = writer.write(live, rowId, winners, existing);
    if (outcome === 'incomplete') {
      for (const [field, value] of Object.entries(winners))
        park.run(table, rowId, field, JSON.stringify(value), stamps.get(field)!);
      context.parked.add(key(table, rowId));
      return { conflicts, parked: true };
    }
    if (hasParked) unpark.run(table, rowId, JSON.stringify([...stamps.keys()]));
    return { conflicts, parked: false };
  }

  function parkChange(change: PulledChange): void {
    for (const [field, value] of Object.entries(change.f ?? {}))
      park.run(change.t, change.r, field, JSON.stringify(value), change.h);
  }

  /** Foreign keys are checked by the office that wrote the rows; here a row may arrive before what it names. */
  function withoutForeignKeys<T>(fn: () => T): T {
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    if (enforced) db.pragma('foreign_keys = OFF');
    try {
      return fn();
    } finally {
      if (enforced) db.pragma('foreign_keys = ON');
    }
  }

  return {
    /** Applies one pulled page and moves the cursor to `next`, all in one transaction. */
    applyPage(changes: PulledChange[], next: number, tables: ReadonlyMap<string, LiveTable>): ApplyCounts {
      const myNode = state.get('node') ?? '';
      const counts: ApplyCounts = { applied: 0, conflicts: 0, parked: 0, removed: 0 };
      withoutForeignKeys(() =>
        whileApplying(db, () =>
          db
            .transaction(() => {
              let latest = '';
              const context = pageContext(changes.map((c) => c.r));
              for (const change of changes) {
                if (change.h > latest) latest = change.h;
                const live = tables.get(change.t);
                if (!live) {
                  parkChange(change);
                  counts.parked++;
                  continue;
                }
                if (change.k === 'gone') {
                  if (writer.retire(live, change.r)) counts.removed++;
                  continue;
                }
                const given = change.f ?? {};
                const fields: IncomingField[] = [];
                const unknown: Record<string, FieldValue> = {};
                for (const [field, value] of Object.entries(given)) {
                  if (live.columns.includes(field)) fields.push({ field, value, hlc: change.h });
                  else unknown[field] = value;
                }
                // A whole row (a transferred record): columns it does not name are empty.
                if (change.k === 'full') {
                  for (const column of live.columns)
                    if (!(column in given)) fields.push({ field: column, value: null, hlc: change.h });
                }
                if (Object.keys(unknown).length > 0) {
                  parkChange({ ...change, f: unknown });
                  counts.parked++;
                }
                const result = applyFields(live, change.r, fields, change.s, myNode, context);
                counts.conflicts += result.conflicts;
                if (result.parked) counts.parked++;
                else counts.applied++;
              }
              if (latest) rememberStamp(latest, myNode);
              state.set('cursor', next);
              settle.run(next);
            })
            .immediate(),
        ),
      );
      return counts;
    },

    /** Fields parked earlier that this version can now store (a migration added the column or table). */
    retryParked(tables: ReadonlyMap<string, LiveTable>): number {
      const myNode = state.get('node') ?? '';
      const rows = db
        .prepare<[], { tbl: string; row_id: string }>('SELECT DISTINCT tbl, row_id FROM sync_parked')
        .all()
        .filter((r) => tables.has(r.tbl));
      let stored = 0;
      if (rows.length === 0) return stored;
      withoutForeignKeys(() =>
        whileApplying(db, () =>
          db
            .transaction(() => {
              const context = pageContext(rows.map((r) => r.row_id));
              for (const { tbl, row_id: rowId } of rows) {
                const live = tables.get(tbl)!;
                const fields = parkedOf
                  .all(tbl, rowId)
                  .filter((p) => live.columns.includes(p.field))
                  .map((p) => ({
                    field: p.field,
                    value: JSON.parse(p.value ?? 'null') as FieldValue,
                    hlc: p.hlc,
                  }));
                if (fields.length === 0) continue;
                if (!applyFields(live, rowId, fields, Number.MAX_SAFE_INTEGER, myNode, context).parked)
                  stored++;
              }
            })
            .immediate(),
        ),
      );
      return stored;
    },
  };

  /** The device's clock moves past every stamp it has seen, so a later local edit wins over it. */
  function rememberStamp(remote: string, myNode: string): void {
    const parsed = parseHlc(remote);
    if (!parsed || !myNode) return;
    const seen = formatHlc({ millis: parsed.millis, counter: parsed.counter, node: myNode });
    persistClock.run({ seen });
    observeRemote(db, seen);
  }
}

export type Applier = ReturnType<typeof createApplier>;
