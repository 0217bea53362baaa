import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { FieldValue } from '../../shared/sync';
import type { Db } from '../db/open';
import type { SqlValue } from './tables';
import type { LiveTable } from './triggers';

/**
 * Writes pulled field values into synced tables, whatever their columns: updates a row that
 * exists, inserts one that does not (when the fields make a complete row), recomputes the table's
 * derived columns and sets `updated_at`. The only SQL that touches other areas' tables.
 */

export type WriteOutcome = 'updated' | 'inserted' | 'incomplete';

interface ColumnRule {
  name: string;
  required: boolean;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function toSql(value: FieldValue): SqlValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function createRowWriter(db: Db, clock: () => Date) {
  const statements = new Map<string, Statement>();
  const rules = new Map<string, ColumnRule[]>();

  function statement(sql: string): Statement {
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  }

  function columnRules(table: string): ColumnRule[] {
    let found = rules.get(table);
    if (!found) {
      const info = db.prepare(`PRAGMA table_info(${quote(table)})`).all() as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: unknown;
        pk: number;
      }[];
      found = info.map((c) => ({
        name: c.name,
        required: c.notnull === 1 && c.dflt_value === null && !(c.pk > 0 && /^INTEGER$/i.test(c.type)),
      }));
      rules.set(table, found);
    }
    return found;
  }

  /** A new `updated_at` always later than the last, so a form opened before the pull notices. */
  function touched(previous: unknown): string {
    const now = clock().toISOString();
    if (typeof previous !== 'string' || now > previous) return now;
    return new Date(Date.parse(previous) + 1).toISOString();
  }

  function read(live: LiveTable, rowId: string): Record<string, SqlValue> | undefined {
    const { name, idColumn } = live.table;
    return statement(`SELECT * FROM ${quote(name)} WHERE ${quote(idColumn)} = ?`).get(rowId) as
      Record<string, SqlValue> | undefined;
  }

  return {
    read,

    /** Writes `fields` (synced columns only) into the row; 'incomplete' when a new row lacks required columns or breaks a constraint. */
    write(
      live: LiveTable,
      rowId: string,
      fields: Record<string, SqlValue>,
      existing: Record<string, SqlValue> | undefined = read(live, rowId),
    ): WriteOutcome {
      const { table, allColumns } = live;
      const merged: Record<string, SqlValue> = { ...(existing ?? {}), ...fields, [table.idColumn]: rowId };
      const derived = table.derive ? table.derive(merged, clock()) : {};
      const values: Record<string, SqlValue> = { ...fields, ...derived };
      if (allColumns.has('updated_at')) values.updated_at = touched(existing?.updated_at);

      if (existing) {
        const columns = Object.keys(values).filter((c) => allColumns.has(c));
        if (columns.length === 0) return 'updated';
        statement(
          `UPDATE ${quote(table.name)} SET ${columns.map((c) => `${quote(c)} = ?`).join(', ')} WHERE ${quote(table.idColumn)} = ?`,
        ).run(...columns.map((c) => values[c] ?? null), rowId);
        return 'updated';
      }

      const row: Record<string, SqlValue> = { ...values, [table.idColumn]: rowId };
      if (allColumns.has('created_at') && row.created_at == null)
        row.created_at = values.updated_at ?? clock().toISOString();
      const missing = columnRules(table.name).filter(
        (c) => c.required && (row[c.name] === undefined || row[c.name] === null),
      );
      if (missing.length > 0) return 'incomplete';
      const columns = Object.keys(row).filter((c) => allColumns.has(c));
      try {
        statement(
          `INSERT INTO ${quote(table.name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ).run(...columns.map((c) => row[c] ?? null));
      } catch (error) {
        // A unique or check constraint: the row cannot live here as it is (a per-device seed, say).
        if (/^SQLITE_CONSTRAINT/.test((error as { code?: string }).code ?? '')) return 'incomplete';
        throw error;
      }
      return 'inserted';
    },

    /** Tombstones a row that left this office's scope (moved to another office). */
    retire(live: LiveTable, rowId: string): boolean {
      if (!live.allColumns.has('deleted_at')) return false;
      const existing = read(live, rowId);
      if (!existing || existing.deleted_at !== null) return false;
      const now = clock().toISOString();
      const set = live.allColumns.has('updated_at') ? ', "updated_at" = ?' : '';
      statement(
        `UPDATE ${quote(live.table.name)} SET "deleted_at" = ?${set} WHERE ${quote(live.table.idColumn)} = ?`,
      ).run(...(set ? [now, touched(existing.updated_at)] : [now]), rowId);
      return true;
    },
  };
}

export type RowWriter = ReturnType<typeof createRowWriter>;
