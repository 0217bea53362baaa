import { createHash } from 'node:crypto';
import type { Db, OpenOptions } from '../db/open';
import { nextHlc, registerSyncFunctions } from './connection';
import { createSyncState } from './state';
import { syncedTables, type SyncedTable } from './tables';

/**
 * The outbox triggers, generated from `tables.ts` and the tables' actual columns. After every
 * insert or update of a synced row (unless pulled changes are being applied) one outbox row
 * records the columns that changed — all non-null columns for a new row — with one clock stamp,
 * in the same transaction as the edit. Hard deletes are not synced: rows are tombstoned.
 *
 * `refreshSyncTriggers` runs after every migration pass and rewrites the triggers only when their
 * text changed (a table appeared, a column was added). Migrations run without them (see
 * `dropSyncTriggers`): a migration's backfill happens on every device alike and is not an edit.
 */

/**
 * What every office database is opened with: `openDatabase(file, { key, ...syncOnOpen })`. The
 * database layer takes these as hooks rather than importing sync, which imports it.
 */
export const syncOnOpen = {
  prepareConnection: (db: Db, migrationsPending: boolean) => prepareSyncConnection(db, migrationsPending),
  afterMigrate: (db: Db) => refreshSyncTriggers(db),
} satisfies Required<Pick<OpenOptions, 'prepareConnection' | 'afterMigrate'>>;

const TRIGGER_PREFIX = 'sync_out_';
const ALWAYS_LOCAL = new Set(['updated_at']);

interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
}

export interface LiveTable {
  table: SyncedTable;
  /** Columns that sync, in table order. */
  columns: string[];
  /** Every column of the table. */
  allColumns: Set<string>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The synced tables this database has, each with the columns that sync. */
export function liveTables(db: Db): LiveTable[] {
  return syncedTables
    .filter((table) => tableExists(db, table.name))
    .map((table) => {
      const info = db.prepare(`PRAGMA table_info(${quote(table.name)})`).all() as ColumnInfo[];
      const local = new Set([...(table.localColumns ?? []), table.idColumn, ...ALWAYS_LOCAL]);
      const rowNumber =
        info.filter((c) => c.pk > 0).length === 1
          ? info.find((c) => c.pk > 0 && /^INTEGER$/i.test(c.type))
          : undefined;
      const columns = info
        .filter((c) => !local.has(c.name) && c.name !== rowNumber?.name && !/BLOB/i.test(c.type))
        .map((c) => c.name);
      return { table, columns, allColumns: new Set(info.map((c) => c.name)) };
    });
}

function triggerSql({ table, columns }: LiveTable): string[] {
  const name = table.name;
  const stamp = "sync_hlc((SELECT value FROM sync_state WHERE key = 'hlc'))";
  const changed = (whole: boolean, insert: boolean) =>
    columns
      .map((c) => {
        const condition =
          insert || whole ? `NEW.${quote(c)} IS NOT NULL` : `OLD.${quote(c)} IS NOT NEW.${quote(c)}`;
        return `SELECT ${literal(c)} AS k, NEW.${quote(c)} AS v WHERE ${condition}`;
      })
      .join(' UNION ALL ');
  // An update of a whole-row table sends every non-null column, and nulls for the ones it cleared.
  const updateSet = table.wholeRows
    ? columns
        .map(
          (c) =>
            `SELECT ${literal(c)} AS k, NEW.${quote(c)} AS v WHERE NEW.${quote(c)} IS NOT NULL OR OLD.${quote(c)} IS NOT NULL`,
        )
        .join(' UNION ALL ')
    : changed(false, false);
  const body = (set: string) => `
    INSERT INTO sync_outbox (hlc, tbl, row_id, fields)
    SELECT ${stamp}, ${literal(name)}, NEW.${quote(table.idColumn)}, f
    FROM (SELECT json_group_object(k, v) AS f, count(*) AS n FROM (${set})) WHERE n > 0;`;
  const anyChange = columns.map((c) => `OLD.${quote(c)} IS NOT NEW.${quote(c)}`).join(' OR ');
  return [
    `CREATE TRIGGER ${TRIGGER_PREFIX}${name}_insert AFTER INSERT ON ${quote(name)} WHEN NOT sync_applying() BEGIN${body(changed(false, true))}
  END`,
    `CREATE TRIGGER ${TRIGGER_PREFIX}${name}_update AFTER UPDATE ON ${quote(name)} WHEN NOT sync_applying() AND (${anyChange}) BEGIN${body(updateSet)}
  END`,
  ];
}

/**
 * Run by `openDatabase` before migrations (`prepareConnection`): registers the SQL functions on
 * the connection and, when migrations are pending, takes the triggers away while they run.
 */
export function prepareSyncConnection(db: Db, migrationsPending: boolean): void {
  registerSyncFunctions(db);
  if (migrationsPending) dropSyncTriggers(db);
}

export function dropSyncTriggers(db: Db): void {
  const names = db
    .prepare<{ prefix: string }, { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, length(@prefix)) = @prefix",
    )
    .all({ prefix: TRIGGER_PREFIX })
    .map((row) => row.name);
  for (const name of names) db.exec(`DROP TRIGGER IF EXISTS ${quote(name)}`);
  if (names.length > 0 && tableExists(db, 'sync_state')) {
    db.prepare("UPDATE sync_state SET value = NULL WHERE key = 'triggers'").run();
  }
}

/**
 * Installs the triggers when they differ from what is there; queues existing rows of newly synced
 * tables. Run by `openDatabase` after migrations (`afterMigrate`).
 */
export function refreshSyncTriggers(db: Db): void {
  if (!tableExists(db, 'sync_state')) return;
  const live = liveTables(db).filter((t) => t.columns.length > 0);
  const statements = live.flatMap(triggerSql);
  const hash = createHash('sha256').update(statements.join(';\n')).digest('hex');
  const state = createSyncState(db);
  if (state.get('triggers') === hash) return;

  db.transaction(() => {
    dropSyncTriggers(db);
    for (const statement of statements) db.exec(statement);
    const before = new Set(state.json<string[]>('synced_tables') ?? []);
    for (const table of live) {
      if (!before.has(table.table.name) && table.table.client) queueExistingRows(db, table);
    }
    state.set('triggers', hash);
    state.set('synced_tables', JSON.stringify(live.map((t) => t.table.name)));
  }).immediate();
}

/**
 * Records about people written before their table was synced (kept before this version) go out
 * as new rows at the first sync. Other tables are not queued: their existing rows were seeded by
 * migrations on every device alike (offices, example partners, fees), and only edits are news.
 */
function queueExistingRows(db: Db, { table, columns }: LiveTable): void {
  const select = db.prepare(
    `SELECT ${[table.idColumn, ...columns].map(quote).join(', ')} FROM ${quote(table.name)}`,
  );
  const insert = db.prepare('INSERT INTO sync_outbox (hlc, tbl, row_id, fields) VALUES (?, ?, ?, ?)');
  const hlcOf = db.prepare<[], { value: string }>("SELECT value FROM sync_state WHERE key = 'hlc'");
  for (const row of select.all() as Record<string, unknown>[]) {
    const fields: Record<string, unknown> = {};
    for (const column of columns)
      if (row[column] !== null && row[column] !== undefined) fields[column] = row[column];
    if (Object.keys(fields).length === 0) continue;
    insert.run(
      nextHlc(db, hlcOf.get()!.value),
      table.name,
      String(row[table.idColumn]),
      JSON.stringify(fields),
    );
  }
}
