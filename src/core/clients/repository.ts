import type {
  Client,
  ClientFields,
  ClientSummary,
  HeldDocument,
  InstructionLanguage,
  NameOverrides,
} from '../../shared/client';
import type { Script } from '../../shared/script';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/open';
import { uuidv7 } from '../ids';

/** The only place that knows how clients are laid out in SQL. */

interface ClientRow {
  id: string;
  surname: string;
  given_name: string;
  parent_name: string | null;
  name_script: Script;
  surname_alt: string | null;
  given_name_alt: string | null;
  parent_name_alt: string | null;
  sex: 'M' | 'F' | null;
  birth_date: string | null;
  birth_place: string | null;
  birth_country: string | null;
  jmbg: string | null;
  jmbg_valid: 0 | 1 | null;
  jmbg_override_reason: string | null;
  citizenship: string | null;
  phone: string | null;
  addr_place: string | null;
  addr_municipality: string | null;
  addr_street: string | null;
  addr_number: string | null;
  addr_entrance: string | null;
  addr_floor: string | null;
  addr_flat: string | null;
  residence_status: Client['residenceStatus'];
  category: Client['category'];
  return_date: string | null;
  return_country: string | null;
  readmission: 0 | 1 | null;
  notes: string | null;
  preferred_script: Script;
  /** Added by migration 0008 (packets); null on rows from before it: Serbian. */
  reading_language: InstructionLanguage | null;
  created_at: string;
  updated_at: string;
}

interface DocumentRow {
  id: string;
  kind: HeldDocument['kind'];
  number: string | null;
  issued_on: string | null;
  expires_on: string | null;
}

/** What the service computed and wants stored next to the typed fields. */
export interface StoredClient {
  fields: ClientFields;
  nameScript: Script;
  jmbgValid: boolean | null;
  phoneDigits: string | null;
  searchKey: string;
}

export type StoredRecord = Omit<Client, 'names'>;

export type SummaryRow = Pick<
  ClientRow,
  | 'id'
  | 'surname'
  | 'given_name'
  | 'parent_name'
  | 'name_script'
  | 'surname_alt'
  | 'given_name_alt'
  | 'parent_name_alt'
  | 'jmbg'
  | 'birth_date'
  | 'phone'
  | 'addr_place'
  | 'category'
  | 'updated_at'
>;

function bind(stored: StoredClient) {
  const f = stored.fields;
  return {
    surname: f.surname,
    given_name: f.givenName,
    parent_name: f.parentName,
    name_script: stored.nameScript,
    surname_alt: f.nameOverrides?.surname ?? null,
    given_name_alt: f.nameOverrides?.givenName ?? null,
    parent_name_alt: f.nameOverrides?.parentName ?? null,
    sex: f.sex,
    birth_date: f.birthDate,
    birth_place: f.birthPlace,
    birth_country: f.birthCountry,
    jmbg: f.jmbg,
    jmbg_valid: stored.jmbgValid === null ? null : Number(stored.jmbgValid),
    jmbg_override_reason: f.jmbgOverrideReason,
    citizenship: f.citizenship,
    phone: f.phone,
    phone_digits: stored.phoneDigits,
    addr_place: f.address.place,
    addr_municipality: f.address.municipality,
    addr_street: f.address.street,
    addr_number: f.address.number,
    addr_entrance: f.address.entrance,
    addr_floor: f.address.floor,
    addr_flat: f.address.flat,
    residence_status: f.residenceStatus,
    category: f.category,
    return_date: f.returnDate,
    return_country: f.returnCountry,
    readmission: f.readmission === null ? null : Number(f.readmission),
    notes: f.notes,
    preferred_script: f.preferredScript,
    reading_language: f.readingLanguage,
    search_key: stored.searchKey,
  };
}

const WRITABLE = Object.keys(
  bind({
    fields: { address: {}, nameOverrides: null } as unknown as ClientFields,
    nameScript: 'latn',
    jmbgValid: null,
    phoneDigits: null,
    searchKey: '',
  }),
);

/** Rows per bulk INSERT: enough to amortise the FTS flush, well under SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 100;

export function createClientRepository(db: Db) {
  const insertClient = db.prepare(
    `INSERT INTO clients (id, ${WRITABLE.join(', ')}, created_at, updated_at)
     VALUES (@id, ${WRITABLE.map((c) => `@${c}`).join(', ')}, @now, @now)`,
  );
  const updateClient = db.prepare(
    `UPDATE clients SET ${WRITABLE.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now
     WHERE id = @id AND deleted_at IS NULL`,
  );
  const selectClient = db.prepare<[string], ClientRow>(
    'SELECT * FROM clients WHERE id = ? AND deleted_at IS NULL',
  );
  const selectDocuments = db.prepare<[string], DocumentRow>(
    `SELECT id, kind, number, issued_on, expires_on FROM client_documents
     WHERE client_id = ? AND deleted_at IS NULL ORDER BY position`,
  );
  const insertDocument = db.prepare(
    `INSERT INTO client_documents (id, client_id, kind, number, issued_on, expires_on, position, created_at, updated_at)
     VALUES (@id, @clientId, @kind, @number, @issuedOn, @expiresOn, @position, @now, @now)`,
  );
  const updateDocument = db.prepare(
    `UPDATE client_documents SET kind = @kind, number = @number, issued_on = @issuedOn,
       expires_on = @expiresOn, position = @position, updated_at = @now WHERE id = @id`,
  );
  const deleteDocument = db.prepare(
    'UPDATE client_documents SET deleted_at = @now, updated_at = @now WHERE id = @id',
  );
  const softDelete = db.prepare(
    'UPDATE clients SET deleted_at = @now, updated_at = @now WHERE id = @id AND deleted_at IS NULL',
  );
  const liveByJmbg = db.prepare<[string], { id: string; surname: string; given_name: string }>(
    'SELECT id, surname, given_name FROM clients WHERE jmbg = ? AND deleted_at IS NULL',
  );
  const countLive = db.prepare<[], { n: number }>(
    'SELECT count(*) AS n FROM clients WHERE deleted_at IS NULL',
  );
  // Many rows per statement: the FTS5 index (fed by a trigger) flushes its pending terms at every
  // statement, so one statement per row made a 100,000-row import several times slower.
  const bulkInserts = new Map<number, Database.Statement<unknown[]>>();
  function bulkInsert(rowCount: number): Database.Statement<unknown[]> {
    let statement = bulkInserts.get(rowCount);
    if (!statement) {
      const oneRow = `(${['?', ...WRITABLE.map(() => '?'), '?', '?'].join(', ')})`;
      statement = db.prepare<unknown[]>(
        `INSERT INTO clients (id, ${WRITABLE.join(', ')}, created_at, updated_at)
         VALUES ${Array.from({ length: rowCount }, () => oneRow).join(', ')}`,
      );
      bulkInserts.set(rowCount, statement);
    }
    return statement;
  }
  // Documents ride along as JSON so one pass over the table needs no second statement (a
  // connection cannot run another statement while it is iterating).
  const selectLive = db.prepare<[], ClientRow & { documents_json: string }>(
    `SELECT c.*, (SELECT json_group_array(json_object('kind', kind, 'number', number, 'issued_on', issued_on, 'expires_on', expires_on))
                  FROM (SELECT kind, number, issued_on, expires_on FROM client_documents
                        WHERE client_id = c.id AND deleted_at IS NULL ORDER BY position)) AS documents_json
     FROM clients c WHERE c.deleted_at IS NULL ORDER BY c.n`,
  );

  function writeDocuments(clientId: string, documents: HeldDocument[], now: string): void {
    const existing = selectDocuments.all(clientId);
    documents.forEach((doc, position) => {
      const row = existing[position];
      const values = { ...doc, position, now };
      if (row) updateDocument.run({ ...values, id: row.id });
      else insertDocument.run({ ...values, id: uuidv7(), clientId });
    });
    for (const stale of existing.slice(documents.length)) deleteDocument.run({ id: stale.id, now });
  }

  return {
    insert(stored: StoredClient, now: string): string {
      const id = uuidv7();
      insertClient.run({ ...bind(stored), id, now });
      writeDocuments(id, stored.fields.documents, now);
      return id;
    },

    update(id: string, stored: StoredClient, now: string): boolean {
      const changed = updateClient.run({ ...bind(stored), id, now }).changes > 0;
      if (changed) writeDocuments(id, stored.fields.documents, now);
      return changed;
    },

    /** Many new clients at once (inside the caller's transaction); ids in the order given. */
    insertMany(stored: StoredClient[], now: string): string[] {
      const ids = stored.map(() => uuidv7());
      for (let start = 0; start < stored.length; start += ROWS_PER_STATEMENT) {
        const chunk = stored.slice(start, start + ROWS_PER_STATEMENT);
        const values = chunk.flatMap((one, i) => [ids[start + i], ...Object.values(bind(one)), now, now]);
        bulkInsert(chunk.length).run(values);
      }
      stored.forEach((one, i) =>
        one.fields.documents.forEach((doc, position) =>
          insertDocument.run({ ...doc, position, now, id: uuidv7(), clientId: ids[i] }),
        ),
      );
      return ids;
    },

    softDelete(id: string, now: string): boolean {
      return softDelete.run({ id, now }).changes > 0;
    },

    /** The stored record, without the derived names (the service adds those). */
    get(id: string): StoredRecord | null {
      const row = selectClient.get(id);
      if (!row) return null;
      return recordOf(row, selectDocuments.all(id));
    },

    /** Every live client, oldest first, one at a time (an export never holds them all). */
    *iterateLive(): Generator<StoredRecord> {
      for (const row of selectLive.iterate()) {
        yield recordOf(row, JSON.parse(row.documents_json) as Omit<DocumentRow, 'id'>[]);
      }
    },

    liveWithJmbg(jmbg: string) {
      return liveByJmbg.all(jmbg);
    },

    countLive(): number {
      return countLive.get()?.n ?? 0;
    },
  };
}

export type ClientRepository = ReturnType<typeof createClientRepository>;

export function summaryOf(row: SummaryRow, names: ClientSummary['names']): ClientSummary {
  return {
    id: row.id,
    surname: row.surname,
    givenName: row.given_name,
    parentName: row.parent_name,
    names,
    jmbg: row.jmbg,
    birthDate: row.birth_date,
    phone: row.phone,
    place: row.addr_place,
    category: row.category,
    updatedAt: row.updated_at,
  };
}

function recordOf(row: ClientRow, documents: Omit<DocumentRow, 'id'>[]): StoredRecord {
  return {
    id: row.id,
    surname: row.surname,
    givenName: row.given_name,
    parentName: row.parent_name,
    nameOverrides: overridesOf(row),
    nameScript: row.name_script,
    sex: row.sex,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    birthCountry: row.birth_country,
    jmbg: row.jmbg,
    jmbgValid: row.jmbg_valid === null ? null : row.jmbg_valid === 1,
    jmbgOverrideReason: row.jmbg_override_reason,
    citizenship: row.citizenship,
    phone: row.phone,
    address: {
      place: row.addr_place,
      municipality: row.addr_municipality,
      street: row.addr_street,
      number: row.addr_number,
      entrance: row.addr_entrance,
      floor: row.addr_floor,
      flat: row.addr_flat,
    },
    residenceStatus: row.residence_status,
    category: row.category,
    returnDate: row.return_date,
    returnCountry: row.return_country,
    readmission: row.readmission === null ? null : row.readmission === 1,
    documents: documents.map((d) => ({
      kind: d.kind,
      number: d.number,
      issuedOn: d.issued_on,
      expiresOn: d.expires_on,
    })),
    notes: row.notes,
    preferredScript: row.preferred_script,
    readingLanguage: row.reading_language ?? 'sr',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The per-record corrections of the other-script spelling, or null when there are none. */
export function overridesOf(
  row: Pick<ClientRow, 'surname_alt' | 'given_name_alt' | 'parent_name_alt'>,
): NameOverrides | null {
  return row.surname_alt || row.given_name_alt || row.parent_name_alt
    ? { surname: row.surname_alt, givenName: row.given_name_alt, parentName: row.parent_name_alt }
    : null;
}
