import type { FieldValue } from '../shared/sync';
import { rowKey } from '../shared/sync/merge';
import { clientLinks } from '../shared/sync/registry';
import type { Queryable } from './storage';

/**
 * The server's half of erasing a person (the desk's `src/core/privacy/erase.ts`). The desk
 * purges the client row (leaving a tombstone with `erased_at`) and the rows about them through
 * ordinary edits, so `sync_rows` ends with the purged values by plain last-writer-wins; but the
 * log still carries the old values in the entries before, and a PC enrolling later would pull
 * them. So whenever a push touches an erased client, or a row about one, that row's entries are
 * rewritten to its current merged values — the rule the desk applies to its own outbox — and
 * transfer reasons typed about the client are blanked. Entries keep their stamps and the fields
 * they carry, so a PC pulling from zero still ends with the same rows; PCs that pulled the old
 * values already get the erasure through the newer entries.
 *
 * Either side may arrive first (the purge of a note in a later batch than the client's tombstone,
 * or the other way round), so both are checked on every push: a changed row about a client who
 * is erased, and a client who is erased — then every row about them already on the server.
 */

/** What a NOT NULL free-text column holds once erased (as the desk writes it). */
export const ERASED = '—';

/*
 * How a row names its client comes from the shared registry (`clientLinks`, the same facts the
 * desk syncs by). A household link also names a `related_client_id`; it is not followed, as a
 * link row holds ids and the kind of relation, which its current state keeps anyway.
 *
 * These columns are deliberately not indexed: an index on an expression over `fields` would
 * keep PostgreSQL from updating `sync_rows` in place (HOT) on every synced edit, to speed up
 * something rare. Finding the rows about a client reads the rows of each linked table instead
 * (through the primary key's `tbl` prefix), and only when someone is erased.
 */

export interface MergedRow {
  table: string;
  rowId: string;
  fields: Record<string, FieldValue>;
}

interface RowRef {
  t: string;
  r: string;
}

const isErased = (fields: Record<string, FieldValue>) =>
  fields.erased_at !== undefined && fields.erased_at !== null;

const text = (value: FieldValue | undefined) => (typeof value === 'string' ? value : null);

const jsonList = (values: Iterable<unknown>) => JSON.stringify([...values]);

/**
 * Rewrites the history of the rows a push changed that are about an erased client, and of every
 * row about a client the push leaves erased. Runs in the push's transaction, after its rows and
 * log entries are written, so `sync_rows` holds the merged values. Returns the entries rewritten.
 */
export async function purgeErasedHistory(tx: Queryable, changed: readonly MergedRow[]): Promise<number> {
  const clientOf = await clientsOfRows(tx, changed);
  const clientIds = new Set([...clientOf.values()]);
  if (clientIds.size === 0) return 0;
  // The clients this push changed are at hand, merged as `sync_rows` now holds them; only the
  // others are looked up (by primary key).
  const inPush = new Map(
    changed.filter((row) => row.table === 'clients').map((row) => [row.rowId, isErased(row.fields)]),
  );
  const elsewhere = [...clientIds].filter((id) => !inPush.has(id));
  const erased = new Set([...inPush].filter(([, gone]) => gone).map(([id]) => id));
  if (elsewhere.length > 0) {
    const found = await tx.query<{ row_id: string }>(
      `SELECT row_id FROM sync_rows WHERE tbl = 'clients'
         AND row_id = ANY (ARRAY(SELECT jsonb_array_elements_text($1::text::jsonb))) AND fields ->> 'erased_at' IS NOT NULL`,
      [jsonList(elsewhere)],
    );
    for (const row of found) erased.add(row.row_id);
  }
  if (erased.size === 0) return 0;

  const purge = new Map<string, RowRef>();
  for (const row of changed) {
    const client = clientOf.get(rowKey(row.table, row.rowId));
    if (client !== undefined && erased.has(client))
      purge.set(rowKey(row.table, row.rowId), { t: row.table, r: row.rowId });
  }
  const erasedHere = changed
    .filter((row) => row.table === 'clients' && isErased(row.fields))
    .map((row) => row.rowId);
  for (const ref of await rowsAbout(tx, erasedHere)) purge.set(rowKey(ref.t, ref.r), ref);
  if (erasedHere.length > 0) {
    await tx.query(
      `UPDATE transfers SET reason = $2 WHERE tbl = 'clients' AND reason <> $2
         AND row_id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`,
      [jsonList(erasedHere), ERASED],
    );
  }
  return rewriteHistory(tx, [...purge.values()]);
}

/**
 * The client each changed row is about, by `rowKey` (rows of tables not about a client are left
 * out). A row linked through a parent (a procedure's event) takes the parent's client, from the
 * same push or from the server's rows.
 */
async function clientsOfRows(tx: Queryable, changed: readonly MergedRow[]): Promise<Map<string, string>> {
  const fieldsOf = new Map(changed.map((row) => [rowKey(row.table, row.rowId), row.fields]));
  const parents = new Map<string, RowRef>();
  for (const row of changed) {
    const link = clientLinks.get(row.table);
    const parentId = link?.via ? text(row.fields[link.column]) : null;
    if (link?.via && parentId !== null && !fieldsOf.has(rowKey(link.via, parentId)))
      parents.set(rowKey(link.via, parentId), { t: link.via, r: parentId });
  }
  if (parents.size > 0) {
    const stored = await tx.query<{ tbl: string; row_id: string; fields: Record<string, FieldValue> }>(
      `SELECT s.tbl, s.row_id, s.fields FROM jsonb_to_recordset($1::text::jsonb) AS k(t text, r text)
         CROSS JOIN LATERAL (SELECT * FROM sync_rows s WHERE s.tbl = k.t AND s.row_id = k.r LIMIT 1) AS s`,
      [jsonList(parents.values())],
    );
    for (const row of stored) fieldsOf.set(rowKey(row.tbl, row.row_id), row.fields);
  }

  const clientOf = new Map<string, string>();
  for (const row of changed) {
    const link = clientLinks.get(row.table);
    if (!link) continue;
    let client = row.table === 'clients' ? row.rowId : text(row.fields[link.column]);
    if (link.via && client !== null) {
      const parent = fieldsOf.get(rowKey(link.via, client));
      client = parent ? text(parent[clientLinks.get(link.via)!.column]) : null;
    }
    if (client !== null) clientOf.set(rowKey(row.table, row.rowId), client);
  }
  return clientOf;
}

/** Every row on the server about these clients (their own rows included), table by table. */
async function rowsAbout(tx: Queryable, clientIds: readonly string[]): Promise<RowRef[]> {
  if (clientIds.length === 0) return [];
  const found: RowRef[] = clientIds.map((id) => ({ t: 'clients', r: id }));
  const owners = new Map<string, string[]>([['clients', [...clientIds]]]);
  // Direct links first, then the rows linked through them: a parent's table is never itself linked `via`.
  const links = [...clientLinks]
    .filter(([table]) => table !== 'clients')
    .sort(([, a], [, b]) => Number(a.via !== undefined) - Number(b.via !== undefined));
  for (const [table, link] of links) {
    const ids = owners.get(link.via ?? 'clients') ?? [];
    if (ids.length === 0) continue;
    // The column name comes from the registry, never from a request.
    const rows = await tx.query<{ row_id: string }>(
      `SELECT row_id FROM sync_rows WHERE fields ->> '${link.column}' IN (SELECT jsonb_array_elements_text($1::text::jsonb))
         AND tbl = $2`,
      [jsonList(ids), table],
    );
    owners.set(
      table,
      rows.map((row) => row.row_id),
    );
    found.push(...rows.map((row) => ({ t: table, r: row.row_id })));
  }
  return found;
}

/**
 * Sets each field of these rows' log entries to the row's current value (a field the row no
 * longer has keeps what the entry said). Entries that already agree are left alone, so running
 * it again changes nothing. Found through the log's (tbl, row_id) index.
 */
async function rewriteHistory(tx: Queryable, rows: readonly RowRef[]): Promise<number> {
  if (rows.length === 0) return 0;
  const rewritten = await tx.query<{ seq: number }>(
    `UPDATE sync_log AS l SET fields = p.fields
     FROM (
       SELECT e.seq, (
         SELECT jsonb_object_agg(f.key, coalesce(s.fields -> f.key, f.value)) FROM jsonb_each(e.fields) AS f
       ) AS fields
       FROM jsonb_to_recordset($1::text::jsonb) AS k(t text, r text)
       JOIN sync_rows s ON s.tbl = k.t AND s.row_id = k.r
       JOIN sync_log e ON e.tbl = k.t AND e.row_id = k.r
       WHERE e.fields IS NOT NULL AND e.fields <> '{}'::jsonb
     ) AS p
     WHERE l.seq = p.seq AND l.fields <> p.fields
     RETURNING l.seq`,
    [JSON.stringify(rows)],
  );
  return rewritten.length;
}
