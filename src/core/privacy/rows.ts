import type { Db } from '../db/open';
import { syncedTables } from '../sync/tables';

/**
 * Which rows of the database are about one client: the client row itself, every synced table
 * that names the client (directly or through a procedure or packet, as `sync/tables.ts` records
 * for transfers; the consent register once its migration has run), and household links in both
 * directions.
 * Export and erasure both start here, so a table added to the sync list is covered by both.
 */

export type SqlRow = Record<string, unknown>;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The consent register (migration 0006): exported under its own key once the table exists. */
export const CONSENT_TABLE = 'consents';

/** Table name → ids of that table's rows about the client (tables that do not exist yet are skipped). */
export function clientRowIds(db: Db, clientId: string): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  const direct = (table: string, column: string) =>
    (
      db.prepare(`SELECT id FROM ${quote(table)} WHERE ${quote(column)} = ?`).all(clientId) as {
        id: string;
      }[]
    ).map((row) => row.id);
  for (const table of syncedTables) {
    if (!table.client || table.client.via || !tableExists(db, table.name)) continue;
    ids.set(
      table.name,
      table.name === 'clients' ? direct('clients', 'id') : direct(table.name, table.client.column),
    );
  }
  for (const table of syncedTables) {
    const via = table.client?.via;
    if (!via || !tableExists(db, table.name)) continue;
    const parents = ids.get(via) ?? [];
    const rows = parents.flatMap((parentId) =>
      (
        db
          .prepare(`SELECT id FROM ${quote(table.name)} WHERE ${quote(table.client!.column)} = ?`)
          .all(parentId) as { id: string }[]
      ).map((row) => row.id),
    );
    ids.set(table.name, rows);
  }
  // A household link names the client on either side; the sync list only knows the first.
  if (tableExists(db, 'client_links')) {
    const links = db
      .prepare('SELECT id FROM client_links WHERE client_id = @id OR related_client_id = @id')
      .all({ id: clientId }) as { id: string }[];
    ids.set(
      'client_links',
      links.map((row) => row.id),
    );
  }
  return ids;
}

/** The rows of `table` with these ids, every column, in id order. */
export function rowsById(db: Db, table: string, ids: readonly string[]): SqlRow[] {
  if (ids.length === 0) return [];
  const select = db.prepare(`SELECT * FROM ${quote(table)} WHERE id = ?`);
  return [...ids]
    .sort()
    .map((id) => select.get(id) as SqlRow | undefined)
    .filter((row): row is SqlRow => row !== undefined);
}

export { quote };
