import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import { clientRowIds, quote } from './rows';

/**
 * Erasing a person (ZZPL art. 30, the right to erasure). Every personal field of the client and
 * of the casework rows about them is purged through ordinary UPDATEs, so the sync triggers carry
 * the purge to the other PCs and the server like any edit; the client row stays as a tombstone
 * (`deleted_at`) with placeholder names and `erased_at` (migration 0007), which syncs too.
 * Counts for the monthly report (category, sex, service kinds, dates of work) are kept: they are
 * about the office's work, no longer about a person anyone can name.
 */

/** What NOT NULL name and reason columns hold once erased. */
export const ERASED = '—';

const CLIENT_PURGE = `
  UPDATE clients SET
    surname = '${ERASED}', given_name = '${ERASED}', parent_name = NULL,
    surname_alt = NULL, given_name_alt = NULL, parent_name_alt = NULL,
    birth_date = NULL, birth_place = NULL, birth_country = NULL,
    jmbg = NULL, jmbg_valid = NULL, jmbg_override_reason = NULL,
    citizenship = NULL, phone = NULL, phone_digits = NULL,
    addr_place = NULL, addr_municipality = NULL, addr_street = NULL, addr_number = NULL,
    addr_entrance = NULL, addr_floor = NULL, addr_flat = NULL,
    return_date = NULL, return_country = NULL, readmission = NULL, notes = NULL,
    search_key = '', deleted_at = @now, erased_at = @now, updated_at = @now
  WHERE id = @id`;

/** Per table: the SET clause that purges a row about the client (rows listed by `clientRowIds`). */
const PURGES: Record<string, string> = {
  client_documents:
    'number = NULL, issued_on = NULL, expires_on = NULL, deleted_at = coalesce(deleted_at, @now)',
  services: 'note = NULL',
  procedures: 'note = NULL',
  procedure_events: 'note = NULL',
  referrals: `reason = '${ERASED}', consent_note = NULL, outcome_note = NULL`,
  // A booked visit of a person who is gone would show on the day's list as a nameless row.
  appointments: "purpose = NULL, status = CASE status WHEN 'booked' THEN 'cancelled' ELSE status END",
  client_links: 'deleted_at = coalesce(deleted_at, @now)',
  // The snapshot is the copy of the record the packet was drawn from; the packet can no longer be
  // reprinted, so it leaves the lists too. Id, procedure, versions and dates stay.
  // A consent row says what was agreed and when (kept, tombstoned); the withdrawal note is free text.
  consents: 'withdrawn_note = NULL, deleted_at = coalesce(deleted_at, @now)',
  packets: `snapshot = '{"erased":true}', deleted_at = coalesce(deleted_at, @now)`,
};

export function eraseClient(db: Db, clientId: string, now: Date): { id: string; erasedAt: string } {
  const at = now.toISOString();
  const previousSecureDelete = db.pragma('secure_delete', { simple: true }) as number;
  // Freed space in pages is zeroed, so purged values do not linger in the file's free cells.
  db.pragma('secure_delete = ON');
  try {
    db.transaction(() => {
      const row = db.prepare('SELECT erased_at FROM clients WHERE id = ?').get(clientId) as
        { erased_at: string | null } | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'No client with that id.');
      if (row.erased_at !== null) {
        throw new AppError(
          'NOT_ALLOWED',
          `This person was already erased on ${row.erased_at.slice(0, 10)}; there is nothing left to erase.`,
          { detail: { reason: 'already_erased', erasedAt: row.erased_at } },
        );
      }
      const ids = clientRowIds(db, clientId);
      db.prepare(CLIENT_PURGE).run({ id: clientId, now: at });
      for (const [table, set] of Object.entries(PURGES)) {
        if (!ids.has(table)) continue; // a table this database does not have yet
        const update = db.prepare(`UPDATE ${quote(table)} SET ${set}, updated_at = @now WHERE id = @id`);
        for (const id of ids.get(table) ?? []) update.run({ id, now: at });
      }
      // Setting erased_at with the search key made the index merge away the old words (0007).
      purgeSyncCopies(db, ids);
    }).immediate();
  } finally {
    db.pragma(`secure_delete = ${previousSecureDelete ? 'ON' : 'OFF'}`);
  }
  // Old page images stay in the WAL until a checkpoint copies the purged pages over them.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { id: clientId, erasedAt: at };
}

/**
 * Sync keeps copies of values outside the rows: earlier outbox entries (the values of each
 * edit, waiting to be pushed or settled), conflicts (both values), and parked fields. Outbox
 * entries are rewritten to the rows' purged values — they still carry their changes' stamps, so
 * a row never pushed still arrives whole — and conflicts and parked fields are dropped.
 */
function purgeSyncCopies(db: Db, ids: Map<string, string[]>): void {
  const entries = db.prepare('SELECT seq, fields FROM sync_outbox WHERE tbl = ? AND row_id = ?');
  const rewrite = db.prepare('UPDATE sync_outbox SET fields = ? WHERE seq = ?');
  const dropConflicts = db.prepare('DELETE FROM sync_conflicts WHERE tbl = ? AND row_id = ?');
  const dropParked = db.prepare('DELETE FROM sync_parked WHERE tbl = ? AND row_id = ?');
  for (const [table, rowIds] of ids) {
    const current = db.prepare(`SELECT * FROM ${quote(table)} WHERE id = ?`);
    for (const rowId of rowIds) {
      const row = current.get(rowId) as Record<string, unknown> | undefined;
      for (const entry of entries.all(table, rowId) as { seq: number; fields: string }[]) {
        const fields = JSON.parse(entry.fields) as Record<string, unknown>;
        for (const key of Object.keys(fields)) if (row && key in row) fields[key] = row[key];
        rewrite.run(JSON.stringify(fields), entry.seq);
      }
      dropConflicts.run(table, rowId);
      dropParked.run(table, rowId);
    }
  }
  // A transfer's reason is typed by staff and may describe the person.
  for (const rowId of ids.get('clients') ?? []) {
    db.prepare(`UPDATE sync_transfers SET reason = '${ERASED}' WHERE tbl = 'clients' AND row_id = ?`).run(
      rowId,
    );
  }
}
