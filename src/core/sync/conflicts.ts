import type { SyncConflict } from '../../shared/contract/sync';
import { AppError } from '../../shared/errors';
import type { FieldValue } from '../../shared/sync';
import type { Db } from '../db/open';
import { nextHlc, whileApplying } from './connection';
import { toSql, type RowWriter } from './rows';
import type { SyncState } from './state';
import { syncedTable } from './tables';
import type { LiveTable } from './triggers';

/**
 * Conflicts as people see them — whose record, which field, both values — and settling one: the
 * chosen value is written as a new local edit (a later stamp than both), so it reaches every
 * other PC and the server like any edit.
 */

interface ConflictRow {
  id: string;
  tbl: string;
  row_id: string;
  field: string;
  kind: SyncConflict['kind'];
  local_value: string | null;
  remote_value: string | null;
  winner: SyncConflict['winner'];
  detected_at: string;
  resolved_at: string | null;
  resolution: SyncConflict['resolution'];
}

export function createConflicts(
  db: Db,
  deps: { writer: RowWriter; state: SyncState; clock: () => Date; tables: ReadonlyMap<string, LiveTable> },
) {
  const { writer, state, clock, tables } = deps;
  const page = db.prepare<{ all: number; limit: number; offset: number }, ConflictRow>(
    `SELECT * FROM sync_conflicts WHERE @all = 1 OR resolved_at IS NULL
     ORDER BY detected_at DESC, id DESC LIMIT @limit OFFSET @offset`,
  );
  const total = db.prepare<{ all: number }, { n: number }>(
    'SELECT count(*) AS n FROM sync_conflicts WHERE @all = 1 OR resolved_at IS NULL',
  );
  const byId = db.prepare<[string], ConflictRow>('SELECT * FROM sync_conflicts WHERE id = ?');
  const settleField = db.prepare(
    `UPDATE sync_conflicts SET resolved_at = @at, resolution = @choice
     WHERE tbl = @tbl AND row_id = @rowId AND field = @field AND resolved_at IS NULL`,
  );
  const queue = db.prepare('INSERT INTO sync_outbox (hlc, tbl, row_id, fields) VALUES (?, ?, ?, ?)');

  /** The client a row is about: the row itself, its client column, or the client of the row it belongs to. */
  function clientOf(tableName: string, rowId: string, depth = 0): string | null {
    const spec = syncedTable(tableName);
    const live = tables.get(tableName);
    if (!spec?.client || !live || depth > 3) return null;
    if (spec.client.column === spec.idColumn) return rowId;
    const value = writer.read(live, rowId)?.[spec.client.column];
    if (typeof value !== 'string') return null;
    return spec.client.via ? clientOf(spec.client.via, value, depth + 1) : value;
  }

  function labelOf(tableName: string, rowId: string, clientId: string | null): string {
    const clients = tables.get('clients');
    const client = clientId && clients ? writer.read(clients, clientId) : undefined;
    if (client)
      return [client.surname, client.given_name].filter((part) => typeof part === 'string').join(' ');
    return `${tableName} ${rowId.slice(0, 8)}…`;
  }

  function toConflict(row: ConflictRow): SyncConflict {
    const clientId = clientOf(row.tbl, row.row_id);
    return {
      id: row.id,
      table: row.tbl,
      rowId: row.row_id,
      field: row.field,
      kind: row.kind,
      label: labelOf(row.tbl, row.row_id, clientId),
      clientId,
      localValue: JSON.parse(row.local_value ?? 'null') as FieldValue,
      remoteValue: JSON.parse(row.remote_value ?? 'null') as FieldValue,
      winner: row.winner,
      detectedAt: row.detected_at,
      resolvedAt: row.resolved_at,
      resolution: row.resolution,
    };
  }

  return {
    /** Whose record a row is: the client's name and id, or the table and id. */
    describe(tableName: string, rowId: string): { label: string; clientId: string | null } {
      const clientId = clientOf(tableName, rowId);
      return { label: labelOf(tableName, rowId, clientId), clientId };
    },

    list(options: { includeResolved: boolean; limit: number; offset: number }) {
      const all = options.includeResolved ? 1 : 0;
      return {
        items: page.all({ all, limit: options.limit, offset: options.offset }).map(toConflict),
        total: total.get({ all })?.n ?? 0,
      };
    },

    openCount(): number {
      return total.get({ all: 0 })?.n ?? 0;
    },

    resolve(id: string, choice: 'local' | 'remote'): { settled: number; value: FieldValue } {
      const row = byId.get(id);
      if (!row)
        throw new AppError('NOT_FOUND', 'No such conflict (it may have been settled on this PC already).');
      if (row.kind === 'refused' && choice === 'local') {
        throw new AppError(
          'VALIDATION',
          'The server does not take this change from this office; only its value can be kept.',
          {
            fields: { choice: "Keep the server's value" },
          },
        );
      }
      const live = tables.get(row.tbl);
      if (!live) throw new AppError('INTERNAL', `This version cannot write to ${row.tbl}.`);
      const value = JSON.parse(
        (choice === 'local' ? row.local_value : row.remote_value) ?? 'null',
      ) as FieldValue;
      const settled = db
        .transaction(() => {
          whileApplying(db, () => writer.write(live, row.row_id, { [row.field]: toSql(value) }));
          // Settling is an edit like any other: a new stamp, later than both values, goes out.
          if (row.kind !== 'refused') {
            queue.run(
              nextHlc(db, state.get('hlc') ?? ''),
              row.tbl,
              row.row_id,
              JSON.stringify({ [row.field]: value }),
            );
          }
          return settleField.run({
            at: clock().toISOString(),
            choice,
            tbl: row.tbl,
            rowId: row.row_id,
            field: row.field,
          }).changes;
        })
        .immediate();
      return { settled, value };
    },
  };
}

export type Conflicts = ReturnType<typeof createConflicts>;
