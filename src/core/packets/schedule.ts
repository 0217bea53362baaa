import type { FeeEntry, FeeEntryFields, Municipality, MunicipalityFields } from '../../shared/packets';
import { municipalityResolver, type MunicipalityResolution } from '../../shared/municipality';
import { normalizeAccount } from '../../shared/payment/account';
import { parseAmount } from '../../shared/payment/money';
import { foldForSearch } from '../../shared/script';
import type { Db } from '../db/open';
import { uuidv7 } from '../ids';

/**
 * The fee schedule and the municipality codes: reference data with effective dates. Nothing is
 * overwritten; a change is a new row in force from its date, so a packet can always name the exact
 * version it used. The only place that knows their SQL.
 */

/** What every version row has, whatever it versions. */
interface VersionRow {
  id: string;
  effective_from: string;
  source_note: string;
  verify: 0 | 1;
  seed_ref: string | null;
  created_at: string;
  updated_at: string;
}

interface FeeRow extends VersionRow {
  fee_key: string;
  label: string;
  recipient: string;
  purpose: string;
  amount_para: number;
  account: string | null;
  account_source: FeeEntry['accountSource'];
  code_from: FeeEntry['codeFrom'];
  payment_basis: string;
  model: string;
  reference_kind: FeeEntry['referenceKind'];
  reference: string | null;
}

interface MunicipalityRow extends VersionRow {
  name: string;
  name_cyrl: string;
  match_key: string;
  city: string | null;
  code: string | null;
}

/** The newest version per key that is in force on @date (a later edit with the same date wins). */
const inForce = (table: string, key: string) => `
  SELECT * FROM ${table} t WHERE t.deleted_at IS NULL AND t.id = (
    SELECT id FROM ${table} v WHERE v.${key} = t.${key} AND v.deleted_at IS NULL AND v.effective_from <= @date
    ORDER BY v.effective_from DESC, v.id DESC LIMIT 1)`;

/** The columns of a version as the contract names them. */
interface VersionFields {
  id: string;
  effectiveFrom: string;
  source: string;
  verify: boolean;
  seeded: boolean;
  current: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * One table of versions by effective date: `key` names what is versioned (a fee, a municipality),
 * `insert` writes a row from named parameters (`@id`, `@seedRef`, `@now` and the kind's own, from
 * `params`) and ignores a seed written before. Fees and municipality codes differ only in their
 * columns; listing, "in force on a date", seeding and saving are the same.
 */
function createVersionedTable<Row extends VersionRow, Fields, Item>(
  db: Db,
  clock: () => Date,
  spec: {
    table: string;
    key: string;
    /** ORDER BY of the list in force (columns of `t`). */
    order: string;
    insert: string;
    params: (fields: Fields) => Record<string, unknown>;
    /** Names a shipped entry, so seeding again adds only what is new. */
    seedRef: (fields: Fields) => string;
    toItem: (row: Row, version: VersionFields) => Item;
  },
) {
  const { table, key } = spec;
  const insert = db.prepare(spec.insert);
  const listInForce = db.prepare<{ date: string }, Row>(`${inForce(table, key)} ORDER BY ${spec.order}`);
  const keyInForce = db.prepare<{ date: string; key: string }, Row>(
    `${inForce(table, key)} AND t.${key} = @key`,
  );
  const listAll = db.prepare<[], Row>(
    `SELECT * FROM ${table} WHERE deleted_at IS NULL ORDER BY ${key}, effective_from DESC, id DESC`,
  );
  const byId = db.prepare<[string], Row>(`SELECT * FROM ${table} WHERE id = ?`);

  function toItem(row: Row): Item {
    const current = keyInForce.get({
      date: clock().toISOString().slice(0, 10),
      key: String(row[key as keyof Row]),
    });
    return spec.toItem(row, {
      id: row.id,
      effectiveFrom: row.effective_from,
      source: row.source_note,
      verify: row.verify === 1,
      seeded: row.seed_ref !== null,
      current: current?.id === row.id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }

  function write(fields: Fields, seedRef: string | null): string {
    const id = uuidv7(clock().getTime());
    insert.run({ ...spec.params(fields), id, seedRef, now: clock().toISOString() });
    return id;
  }

  return {
    /** Adds shipped entries not seeded before (by key and date); never touches an admin's rows. */
    seed(entries: Fields[]): void {
      db.transaction(() => {
        for (const fields of entries) write(fields, spec.seedRef(fields));
      }).immediate();
    },
    /** A new version, in force from its date; nothing is overwritten. */
    save(fields: Fields): Item {
      const id = db.transaction(() => write(fields, null)).immediate();
      return toItem(byId.get(id)!);
    },
    list(date: string, history: boolean): Item[] {
      return (history ? listAll.all() : listInForce.all({ date })).map(toItem);
    },
    /** The version of `keyValue` in force on `date`. */
    inForce(keyValue: string, date: string): Item | null {
      const row = keyInForce.get({ date, key: keyValue });
      return row ? toItem(row) : null;
    },
  };
}

export function createFeeSchedule(db: Db, clock: () => Date) {
  return createVersionedTable<FeeRow, FeeEntryFields, FeeEntry>(db, clock, {
    table: 'fee_entries',
    key: 'fee_key',
    order: 't.fee_key',
    insert: `INSERT INTO fee_entries (id, fee_key, label, recipient, purpose, amount_para, account, account_source,
       code_from, payment_basis, model, reference_kind, reference, effective_from, source_note, verify, seed_ref,
       created_at, updated_at)
     VALUES (@id, @key, @label, @recipient, @purpose, @amountPara, @account, @accountSource, @codeFrom, @paymentBasis,
       @model, @referenceKind, @reference, @effectiveFrom, @source, @verify, @seedRef, @now, @now)
     ON CONFLICT (seed_ref) DO NOTHING`,
    params: (fields) => ({
      key: fields.key,
      label: fields.label,
      recipient: fields.recipient,
      purpose: fields.purpose,
      // Both were checked by FeeEntryInput; a null here would be a programming mistake.
      amountPara: parseAmount(fields.amount),
      // An account of the police administration's is the office's, not the schedule's.
      account: fields.accountSource === 'entry' && fields.account ? normalizeAccount(fields.account) : null,
      accountSource: fields.accountSource,
      codeFrom: fields.codeFrom,
      paymentBasis: fields.paymentBasis,
      model: fields.model,
      referenceKind: fields.referenceKind,
      reference: fields.reference,
      effectiveFrom: fields.effectiveFrom,
      source: fields.source,
      verify: Number(fields.verify),
    }),
    seedRef: (fields) => `${fields.key}@${fields.effectiveFrom}`,
    toItem: (row, version) => ({
      ...version,
      key: row.fee_key,
      label: row.label,
      recipient: row.recipient,
      purpose: row.purpose,
      amountPara: row.amount_para,
      account: row.account,
      accountSource: row.account_source,
      codeFrom: row.code_from,
      paymentBasis: row.payment_basis,
      model: row.model,
      referenceKind: row.reference_kind,
      reference: row.reference,
    }),
  });
}

export type FeeSchedule = ReturnType<typeof createFeeSchedule>;

export function createMunicipalityCodes(db: Db, clock: () => Date) {
  const versions = createVersionedTable<MunicipalityRow, MunicipalityFields, Municipality>(db, clock, {
    table: 'municipality_codes',
    key: 'match_key',
    order: 'coalesce(t.city, t.name), t.city IS NOT NULL, t.name',
    insert: `INSERT INTO municipality_codes (id, name, name_cyrl, match_key, city, code, effective_from, source_note,
       verify, seed_ref, created_at, updated_at)
     VALUES (@id, @name, @nameCyrl, @matchKey, @city, @code, @effectiveFrom, @source, @verify, @seedRef, @now, @now)
     ON CONFLICT (seed_ref) DO NOTHING`,
    params: (fields) => ({
      name: fields.name,
      nameCyrl: fields.nameCyrl,
      matchKey: foldForSearch(fields.name),
      city: fields.city,
      code: fields.code,
      effectiveFrom: fields.effectiveFrom,
      source: fields.source,
      verify: Number(fields.verify),
    }),
    seedRef: (fields) => `${foldForSearch(fields.name)}@${fields.effectiveFrom}`,
    toItem: (row, version) => ({
      ...version,
      name: row.name,
      nameCyrl: row.name_cyrl,
      city: row.city,
      code: row.code,
    }),
  });

  // The resolver's index, rebuilt when the day or the table changes (a save adds a version).
  let cached: {
    date: string;
    stamp: string;
    resolve: ReturnType<typeof municipalityResolver<Municipality>>;
  } | null = null;
  const stampOf = db.prepare<[], { n: number; last: string | null }>(
    'SELECT count(*) AS n, max(updated_at) AS last FROM municipality_codes',
  );
  function resolverOn(date: string) {
    const { n, last } = stampOf.get()!;
    const stamp = `${n}:${last ?? ''}`;
    if (!cached || cached.date !== date || cached.stamp !== stamp)
      cached = { date, stamp, resolve: municipalityResolver(versions.list(date, false)) };
    return cached.resolve;
  }

  return {
    seed: versions.seed,
    save: versions.save,
    list: versions.list,
    /**
     * Which row a municipality as typed on a record is (`src/shared/municipality.ts`): either
     * script, with or without diacritics; a city of city municipalities asks which one; a name
     * shared by two cities ("Palilula") is told apart by the place.
     */
    resolve(
      typed: { municipality: string | null; place: string | null },
      date: string,
    ): MunicipalityResolution<Municipality> {
      return resolverOn(date)(typed);
    },
    /**
     * A row by its exact name as the codes spell it ("Palilula" is Beograd's, "Palilula (Niš)"
     * Niš's), as the office settings store it; else what the name resolves to.
     */
    named(name: string, date: string): Municipality | null {
      const exact = versions.list(date, false).find((row) => row.name === name.trim());
      if (exact) return exact;
      const resolved = resolverOn(date)({ municipality: name, place: null });
      return resolved.status === 'resolved' ? resolved.municipality : null;
    },
    /** The one row a typed municipality resolves to, or null (unknown, or a choice to make). */
    find(typed: { municipality: string | null; place: string | null }, date: string): Municipality | null {
      const resolved = resolverOn(date)(typed);
      return resolved.status === 'resolved' ? resolved.municipality : null;
    },
  };
}

export type MunicipalityCodes = ReturnType<typeof createMunicipalityCodes>;
