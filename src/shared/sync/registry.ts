/**
 * Which tables sync, and how: the facts both ends share (DESIGN.md §3, "one set of facts for both
 * ends"). The device generates its outbox triggers, its apply step and a client's transfer from
 * this list (src/core/sync/tables.ts adds the device-only parts); the server decides from it which
 * tables and fields it stores, which are reference data and which rows move with a client. It
 * never takes a device's word for any of that.
 *
 * Every synced table has a text id and a `deleted_at` tombstone. `fields` are the columns that
 * sync: every column except the id, an INTEGER PRIMARY KEY row number, `updated_at` (set locally
 * whenever a row changes) and `localColumns`. A migration that adds a column to a synced table
 * adds it here too; tests/sync/registry.test.ts compares this list with a migrated database, so
 * the two cannot drift (a field missing here would be refused by the server).
 */

export interface ClientLink {
  /** The column naming the client, or the row of `via` that does. The `clients` row itself: `id`. */
  column: string;
  via?: string;
}

export interface SyncedTableFacts {
  name: string;
  idColumn: string;
  /** `office`: the office's own records; `reference`: managed by the centre, seen by every office. */
  scope: 'office' | 'reference';
  /** The columns that sync (see above). */
  fields: readonly string[];
  /** Columns kept on each device only: values computed from other columns, per-device flags. */
  localColumns?: readonly string[];
  /** How a row belongs to a client: what moves with a client's transfer, what an erasure purges. */
  client?: ClientLink;
  /** Send the whole row on every edit: rows another device may not have (seeded per device) arrive complete. */
  wholeRows?: boolean;
  /** Counted as a person's record by the mass-delete fail-safe and shown by name in conflicts. */
  record?: boolean;
  /**
   * The synced tables its rows name (its foreign keys on the desk): a snapshot sends those first
   * (`parentsFirst`), so a cut part-way leaves no row pointing at one that has not arrived.
   * tests/sync/registry.test.ts compares it with a migrated desk's foreign keys.
   */
  references?: readonly string[];
}

/** The field every synced table uses as its tombstone (rows are never hard-deleted by sync). */
export const TOMBSTONE_FIELD = 'deleted_at';

/** Columns every synced table has. */
const ROW = ['created_at', TOMBSTONE_FIELD] as const;

export const syncedTableFacts: readonly SyncedTableFacts[] = [
  // The client registry (core migration 0001, erasure 0007).
  {
    name: 'clients',
    idColumn: 'id',
    scope: 'office',
    fields: [
      'surname',
      'given_name',
      'parent_name',
      'surname_alt',
      'given_name_alt',
      'parent_name_alt',
      'sex',
      'birth_date',
      'birth_place',
      'birth_country',
      'jmbg',
      'jmbg_override_reason',
      'citizenship',
      'phone',
      'addr_place',
      'addr_municipality',
      'addr_street',
      'addr_number',
      'addr_entrance',
      'addr_floor',
      'addr_flat',
      'residence_status',
      'category',
      'return_date',
      'return_country',
      'readmission',
      'notes',
      'preferred_script',
      ...ROW,
      'erased_at',
      'reading_language', // packets 0008: the language a client reads their packet in
    ],
    localColumns: ['name_script', 'search_key', 'phone_digits', 'jmbg_valid'],
    client: { column: 'id' },
    record: true,
  },
  {
    name: 'client_documents',
    references: ['clients'],
    idColumn: 'id',
    scope: 'office',
    fields: ['client_id', 'kind', 'number', 'issued_on', 'expires_on', 'position', ...ROW],
    client: { column: 'client_id' },
  },

  // Casework (0003). `offices` rows are adopted to the server's office id at enrolment (core/sync/office.ts).
  {
    name: 'offices',
    idColumn: 'id',
    scope: 'office',
    fields: ['name', 'city', 'hotspot_weekday', ...ROW],
    localColumns: ['is_default'],
    wholeRows: true,
  },
  // Partners are kept by each office (the casework screens let an office correct its list), so they
  // sync within the office; they travel whole because the seeded examples exist on each device.
  {
    name: 'partners',
    idColumn: 'id',
    scope: 'office',
    fields: ['city', 'kind', 'name', 'address', 'contact', 'notes', 'is_example', ...ROW],
    wholeRows: true,
  },
  {
    name: 'services',
    references: ['offices', 'clients'],
    idColumn: 'id',
    scope: 'office',
    fields: ['client_id', 'office_id', 'kind', 'served_on', 'duration_minutes', 'note', 'counsellor', ...ROW],
    client: { column: 'client_id' },
  },
  {
    name: 'procedures',
    references: ['offices', 'clients'],
    idColumn: 'id',
    scope: 'office',
    fields: [
      'client_id',
      'office_id',
      'kind',
      'status',
      'counsellor',
      'opened_on',
      'settled_on',
      'submitted_on',
      'closed_on',
      'note',
      ...ROW,
    ],
    client: { column: 'client_id' },
  },
  {
    name: 'procedure_steps',
    references: ['procedures'],
    idColumn: 'id',
    scope: 'office',
    fields: ['procedure_id', 'step', 'done_on', ...ROW],
    client: { column: 'procedure_id', via: 'procedures' },
  },
  {
    name: 'procedure_events',
    references: ['procedures'],
    idColumn: 'id',
    scope: 'office',
    fields: ['procedure_id', 'from_status', 'to_status', 'happened_on', 'note', 'counsellor', ...ROW],
    client: { column: 'procedure_id', via: 'procedures' },
  },
  {
    name: 'procedure_packets',
    references: ['procedures'],
    idColumn: 'id',
    scope: 'office',
    fields: ['procedure_id', 'packet_id', 'printed_at', ...ROW],
    client: { column: 'procedure_id', via: 'procedures' },
  },
  {
    name: 'referrals',
    references: ['offices', 'partners', 'clients'],
    idColumn: 'id',
    scope: 'office',
    fields: [
      'client_id',
      'partner_id',
      'office_id',
      'reference_code',
      'reason',
      'referred_on',
      'counsellor',
      'consent_given',
      'consent_how',
      'consent_note',
      'consent_recorded_at',
      'status',
      'outcome',
      'outcome_note',
      'closed_on',
      'slip_printed_at',
      ...ROW,
    ],
    client: { column: 'client_id' },
  },
  {
    name: 'client_links',
    references: ['clients'],
    idColumn: 'id',
    scope: 'office',
    fields: ['client_id', 'related_client_id', 'relation', ...ROW],
    client: { column: 'client_id' },
  },
  {
    name: 'appointments',
    references: ['offices', 'clients'],
    idColumn: 'id',
    scope: 'office',
    fields: ['client_id', 'office_id', 'date', 'time', 'purpose', 'status', 'counsellor', ...ROW],
    client: { column: 'client_id' },
  },
  // The consent register (0006): what each client agreed to, kept with the client's record.
  {
    name: 'consents',
    references: ['partners', 'clients'],
    idColumn: 'id',
    scope: 'office',
    fields: [
      'client_id',
      'purpose',
      'partner_id',
      'given_on',
      'method',
      'expires_on',
      'withdrawn_on',
      'withdrawn_note',
      'recorded_by',
      ...ROW,
    ],
    client: { column: 'client_id' },
  },
  // Client documents (0010, 0012): the file's facts sync as records; its content follows the
  // records, by its SHA-256, chunked (src/core/sync/documents.ts, src/server/documents.ts).
  {
    name: 'client_files',
    references: ['clients', 'procedures', 'referrals', 'packets'],
    idColumn: 'id',
    scope: 'office',
    fields: [
      'client_id',
      'procedure_id',
      'referral_id',
      'packet_id',
      'packet_document',
      'packet_page',
      'kind',
      'date',
      'note',
      'file_name',
      'mime',
      'size',
      'sha256',
      'width',
      'height',
      'pages',
      'removed_metadata',
      'created_by',
      ...ROW,
    ],
    client: { column: 'client_id' },
  },

  // The secrets behind the codes on printed pages (0010, office-wide since 0013): a page printed on
  // one PC of the office is scanned in on another. Rows travel whole (a key is never edited).
  {
    name: 'page_code_keys',
    idColumn: 'id',
    scope: 'office',
    fields: ['secret', ...ROW],
    wholeRows: true,
  },

  // Packets (0002): what was printed for whom, and the fee schedule and municipality codes the
  // centre keeps (an edit adds a row in force from its date, so rows travel whole).
  {
    name: 'packet_templates',
    idColumn: 'id',
    scope: 'office',
    fields: ['template_id', 'version', 'sha256', 'content', ...ROW],
    wholeRows: true,
  },
  {
    name: 'packets',
    references: ['clients'],
    idColumn: 'id',
    scope: 'office',
    fields: [
      'client_id',
      'procedure',
      'procedure_version',
      'created_by',
      'template_rows',
      'documents',
      'fees',
      'snapshot',
      'page_count',
      'size_bytes',
      'sha256',
      ...ROW,
    ],
    client: { column: 'client_id' },
  },
  {
    name: 'packet_events',
    references: ['packets'],
    idColumn: 'id',
    scope: 'office',
    fields: ['packet_id', 'kind', 'by_whom', 'at', ...ROW],
    client: { column: 'packet_id', via: 'packets' },
  },
  {
    name: 'fee_entries',
    idColumn: 'id',
    scope: 'reference',
    fields: [
      'fee_key',
      'label',
      'recipient',
      'purpose',
      'amount_para',
      'account',
      'account_source', // 0008: the entry's account, or the police administration's
      'code_from', // 0008: whose municipality code a model-97 reference uses
      'payment_basis',
      'model',
      'reference_kind',
      'reference',
      'effective_from',
      'source_note',
      'verify',
      'seed_ref',
      ...ROW,
    ],
    wholeRows: true,
  },
  {
    name: 'municipality_codes',
    idColumn: 'id',
    scope: 'reference',
    fields: [
      'name',
      'name_cyrl',
      'match_key',
      'city',
      'code',
      'effective_from',
      'source_note',
      'verify',
      'seed_ref',
      ...ROW,
    ],
    wholeRows: true,
  },
];

const byName = new Map(syncedTableFacts.map((table) => [table.name, table]));

export function syncedTableFactsOf(name: string): SyncedTableFacts | undefined {
  return byName.get(name);
}

const fieldSets = new Map<string, { size: number; fields: Set<string> }>();

/** Whether `field` is a synced column of `table` (both ends agree on this through the registry). */
export function isSyncedField(table: string, field: string): boolean {
  const facts = byName.get(table);
  if (!facts) return false;
  let known = fieldSets.get(table);
  // Rebuilt if the list grew (a test standing in for a newer release adds a column to it).
  if (known?.size !== facts.fields.length) {
    known = { size: facts.fields.length, fields: new Set(facts.fields) };
    fieldSets.set(table, known);
  }
  return known.fields.has(field);
}

/**
 * The synced tables with every table after the ones it references, otherwise in registry order:
 * the order a snapshot sends them in (server snapshot.ts), so that whatever part of it has
 * arrived when a cut falls, no row names one still missing.
 */
export const parentsFirst: readonly string[] = (() => {
  const order: string[] = [];
  const placing = new Set<string>();
  const place = (name: string) => {
    if (order.includes(name) || placing.has(name)) return;
    placing.add(name);
    for (const parent of byName.get(name)?.references ?? []) place(parent);
    order.push(name);
  };
  for (const table of syncedTableFacts) place(table.name);
  return order;
})();

/** Tables of reference data: managed by the centre, seen by every office. */
export const referenceTableNames: ReadonlySet<string> = new Set(
  syncedTableFacts.filter((table) => table.scope === 'reference').map((table) => table.name),
);

/** How a row of each table names its client, for the tables about a client. */
export const clientLinks: ReadonlyMap<string, ClientLink> = new Map(
  syncedTableFacts.flatMap((table) => (table.client ? [[table.name, table.client] as const] : [])),
);

/**
 * The rows that move with a client, as a transfer lists them: every table naming a client, in
 * registry order, which lists a parent (`procedures`, `packets`) before the tables linked `via` it.
 */
export function transferLinks(): { t: string; c: string; of?: string }[] {
  return syncedTableFacts
    .filter((table) => table.client && table.client.column !== table.idColumn)
    .map((table) => ({
      t: table.name,
      c: table.client!.column,
      ...(table.client!.via ? { of: table.client!.via } : {}),
    }));
}

/** The root table of a transfer: the one whose own id names the client. */
export const CLIENT_TABLE = 'clients';
