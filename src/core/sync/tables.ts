import { deriveClientColumns } from './derive';

/**
 * Which tables sync, and how. One entry per table; the outbox triggers, the apply step and the
 * transfer of a client are generated from this list, so the areas' repositories know nothing of
 * sync. A table listed here that does not exist yet is skipped until a migration creates it; a
 * column a later migration adds is synced from then on (the triggers are regenerated).
 *
 * Every synced table has a text id and a `deleted_at` tombstone. Columns not synced: the id
 * itself, an INTEGER PRIMARY KEY row number, `updated_at` (set locally whenever a row changes, so
 * an open form notices), and what `localColumns` names.
 */

export type SqlValue = string | number | bigint | null;

export interface SyncedTable {
  name: string;
  idColumn: string;
  /** `office`: the office's own records; `reference`: managed by the centre, seen by every office. */
  scope: 'office' | 'reference';
  /** Columns kept on this device only: values computed from other columns, per-device flags. */
  localColumns?: readonly string[];
  /** Recomputes `localColumns` from the row's synced values after a pulled change. */
  derive?: (row: Record<string, SqlValue>, today: Date) => Record<string, SqlValue>;
  /**
   * How a row belongs to a client, for the transfer of a client to another office: the column
   * naming the client (or the row of `via` that does). The `clients` row itself has `column: 'id'`.
   */
  client?: { column: string; via?: string };
  /** Send the whole row on every edit: rows another device may not have (seeded per device) arrive complete. */
  wholeRows?: boolean;
  /** Counted as a person's record by the mass-delete fail-safe and shown by name in conflicts. */
  record?: boolean;
}

export const syncedTables: readonly SyncedTable[] = [
  // The client registry (0001).
  {
    name: 'clients',
    idColumn: 'id',
    scope: 'office',
    localColumns: ['name_script', 'search_key', 'phone_digits', 'jmbg_valid'],
    derive: deriveClientColumns,
    client: { column: 'id' },
    record: true,
  },
  { name: 'client_documents', idColumn: 'id', scope: 'office', client: { column: 'client_id' } },

  // Casework (0003). `offices` rows are adopted to the server's office id at enrolment (office.ts).
  { name: 'offices', idColumn: 'id', scope: 'office', localColumns: ['is_default'], wholeRows: true },
  // Partners are kept by each office (the casework screens let an office correct its list), so they
  // sync within the office; they travel whole because the seeded examples exist on each device.
  { name: 'partners', idColumn: 'id', scope: 'office', wholeRows: true },
  { name: 'services', idColumn: 'id', scope: 'office', client: { column: 'client_id' } },
  { name: 'procedures', idColumn: 'id', scope: 'office', client: { column: 'client_id' } },
  {
    name: 'procedure_steps',
    idColumn: 'id',
    scope: 'office',
    client: { column: 'procedure_id', via: 'procedures' },
  },
  {
    name: 'procedure_events',
    idColumn: 'id',
    scope: 'office',
    client: { column: 'procedure_id', via: 'procedures' },
  },
  {
    name: 'procedure_packets',
    idColumn: 'id',
    scope: 'office',
    client: { column: 'procedure_id', via: 'procedures' },
  },
  { name: 'referrals', idColumn: 'id', scope: 'office', client: { column: 'client_id' } },
  { name: 'client_links', idColumn: 'id', scope: 'office', client: { column: 'client_id' } },
  { name: 'appointments', idColumn: 'id', scope: 'office', client: { column: 'client_id' } },
  // The consent register (0006): what each client agreed to, kept with the client's record.
  { name: 'consents', idColumn: 'id', scope: 'office', client: { column: 'client_id' } },

  // Packets (0002): what was printed for whom, and the fee schedule and municipality codes the
  // centre keeps (an edit adds a row in force from its date, so rows travel whole).
  { name: 'packet_templates', idColumn: 'id', scope: 'office', wholeRows: true },
  { name: 'packets', idColumn: 'id', scope: 'office', client: { column: 'client_id' } },
  { name: 'packet_events', idColumn: 'id', scope: 'office', client: { column: 'packet_id', via: 'packets' } },
  { name: 'fee_entries', idColumn: 'id', scope: 'reference', wholeRows: true },
  { name: 'municipality_codes', idColumn: 'id', scope: 'reference', wholeRows: true },
];

export function syncedTable(name: string): SyncedTable | undefined {
  return syncedTables.find((table) => table.name === name);
}
