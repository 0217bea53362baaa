import type { FeeEntry, FeeEntryFields, Municipality, MunicipalityFields } from '../../shared/packets';
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

interface FeeRow {
  id: string;
  fee_key: string;
  label: string;
  recipient: string;
  purpose: string;
  amount_para: number;
  account: string;
  payment_basis: string;
  model: string;
  reference_kind: FeeEntry['referenceKind'];
  reference: string | null;
  effective_from: string;
  source_note: string;
  verify: 0 | 1;
  seed_ref: string | null;
  created_at: string;
  updated_at: string;
}

interface MunicipalityRow {
  id: string;
  name: string;
  name_cyrl: string;
  match_key: string;
  city: string | null;
  code: string | null;
  effective_from: string;
  source_note: string;
  verify: 0 | 1;
  seed_ref: string | null;
  created_at: string;
  updated_at: string;
}

/** The newest version per key that is in force on @date (a later edit with the same date wins). */
const inForce = (table: string, key: string) => `
  SELECT * FROM ${table} t WHERE t.deleted_at IS NULL AND t.id = (
    SELECT id FROM ${table} v WHERE v.${key} = t.${key} AND v.deleted_at IS NULL AND v.effective_from <= @date
    ORDER BY v.effective_from DESC, v.id DESC LIMIT 1)`;

export function createFeeSchedule(db: Db, clock: () => Date) {
  const insert = db.prepare(
    `INSERT INTO fee_entries (id, fee_key, label, recipient, purpose, amount_para, account, payment_basis, model,
       reference_kind, reference, effective_from, source_note, verify, seed_ref, created_at, updated_at)
     VALUES (@id, @key, @label, @recipient, @purpose, @amountPara, @account, @paymentBasis, @model,
       @referenceKind, @reference, @effectiveFrom, @source, @verify, @seedRef, @now, @now)
     ON CONFLICT (seed_ref) DO NOTHING`,
  );
  const listInForce = db.prepare<{ date: string }, FeeRow>(
    `${inForce('fee_entries', 'fee_key')} ORDER BY t.fee_key`,
  );
  const keyInForce = db.prepare<{ date: string; key: string }, FeeRow>(
    `${inForce('fee_entries', 'fee_key')} AND t.fee_key = @key`,
  );
  const listAll = db.prepare<[], FeeRow>(
    'SELECT * FROM fee_entries WHERE deleted_at IS NULL ORDER BY fee_key, effective_from DESC, id DESC',
  );
  const byId = db.prepare<[string], FeeRow>('SELECT * FROM fee_entries WHERE id = ?');

  const today = () => clock().toISOString().slice(0, 10);

  function toEntry(row: FeeRow): FeeEntry {
    const current = keyInForce.get({ date: today(), key: row.fee_key });
    return {
      id: row.id,
      key: row.fee_key,
      label: row.label,
      recipient: row.recipient,
      purpose: row.purpose,
      amountPara: row.amount_para,
      account: row.account,
      paymentBasis: row.payment_basis,
      model: row.model,
      referenceKind: row.reference_kind,
      reference: row.reference,
      effectiveFrom: row.effective_from,
      source: row.source_note,
      verify: row.verify === 1,
      seeded: row.seed_ref !== null,
      current: current?.id === row.id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  function write(fields: FeeEntryFields, seedRef: string | null): string {
    const id = uuidv7(clock().getTime());
    insert.run({
      id,
      key: fields.key,
      label: fields.label,
      recipient: fields.recipient,
      purpose: fields.purpose,
      // Both were checked by FeeEntryInput; a null here would be a programming mistake.
      amountPara: parseAmount(fields.amount),
      account: normalizeAccount(fields.account),
      paymentBasis: fields.paymentBasis,
      model: fields.model,
      referenceKind: fields.referenceKind,
      reference: fields.reference,
      effectiveFrom: fields.effectiveFrom,
      source: fields.source,
      verify: Number(fields.verify),
      seedRef,
      now: clock().toISOString(),
    });
    return id;
  }

  return {
    /** Adds shipped entries not seeded before (by key and date); never touches an admin's rows. */
    seed(entries: FeeEntryFields[]): void {
      db.transaction(() => {
        for (const fields of entries) write(fields, `${fields.key}@${fields.effectiveFrom}`);
      }).immediate();
    },
    save(fields: FeeEntryFields): FeeEntry {
      const id = db.transaction(() => write(fields, null)).immediate();
      return toEntry(byId.get(id)!);
    },
    list(date: string, history: boolean): FeeEntry[] {
      return (history ? listAll.all() : listInForce.all({ date })).map(toEntry);
    },
    inForce(key: string, date: string): FeeEntry | null {
      const row = keyInForce.get({ date, key });
      return row ? toEntry(row) : null;
    },
  };
}

export type FeeSchedule = ReturnType<typeof createFeeSchedule>;

export function createMunicipalityCodes(db: Db, clock: () => Date) {
  const insert = db.prepare(
    `INSERT INTO municipality_codes (id, name, name_cyrl, match_key, city, code, effective_from, source_note, verify,
       seed_ref, created_at, updated_at)
     VALUES (@id, @name, @nameCyrl, @matchKey, @city, @code, @effectiveFrom, @source, @verify, @seedRef, @now, @now)
     ON CONFLICT (seed_ref) DO NOTHING`,
  );
  const listInForce = db.prepare<{ date: string }, MunicipalityRow>(
    `${inForce('municipality_codes', 'match_key')} ORDER BY coalesce(t.city, t.name), t.city IS NOT NULL, t.name`,
  );
  const keyInForce = db.prepare<{ date: string; key: string }, MunicipalityRow>(
    `${inForce('municipality_codes', 'match_key')} AND t.match_key = @key`,
  );
  const listAll = db.prepare<[], MunicipalityRow>(
    'SELECT * FROM municipality_codes WHERE deleted_at IS NULL ORDER BY match_key, effective_from DESC, id DESC',
  );
  const byId = db.prepare<[string], MunicipalityRow>('SELECT * FROM municipality_codes WHERE id = ?');

  const today = () => clock().toISOString().slice(0, 10);

  function toMunicipality(row: MunicipalityRow): Municipality {
    const current = keyInForce.get({ date: today(), key: row.match_key });
    return {
      id: row.id,
      name: row.name,
      nameCyrl: row.name_cyrl,
      city: row.city,
      code: row.code,
      effectiveFrom: row.effective_from,
      source: row.source_note,
      verify: row.verify === 1,
      seeded: row.seed_ref !== null,
      current: current?.id === row.id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  function write(fields: MunicipalityFields, seedRef: string | null): string {
    const id = uuidv7(clock().getTime());
    insert.run({
      id,
      name: fields.name,
      nameCyrl: fields.nameCyrl,
      matchKey: foldForSearch(fields.name),
      city: fields.city,
      code: fields.code,
      effectiveFrom: fields.effectiveFrom,
      source: fields.source,
      verify: Number(fields.verify),
      seedRef,
      now: clock().toISOString(),
    });
    return id;
  }

  return {
    seed(entries: MunicipalityFields[]): void {
      db.transaction(() => {
        for (const fields of entries) write(fields, `${foldForSearch(fields.name)}@${fields.effectiveFrom}`);
      }).immediate();
    },
    save(fields: MunicipalityFields): Municipality {
      const id = db.transaction(() => write(fields, null)).immediate();
      return toMunicipality(byId.get(id)!);
    },
    list(date: string, history: boolean): Municipality[] {
      return (history ? listAll.all() : listInForce.all({ date })).map(toMunicipality);
    },
    /**
     * The entry for a municipality as typed on a record, in either script: "Voždovac", "Вождовац",
     * "Vozdovac"; a name shared by two cities ("Palilula") is told apart by the place.
     */
    find(typed: { municipality: string | null; place: string | null }, date: string): Municipality | null {
      const candidates = [
        typed.municipality && typed.place ? `${typed.municipality} ${typed.place}` : null,
        typed.municipality,
        typed.municipality?.replace(/^(grad|opština|opstina|општина|град)\s+/i, '') ?? null,
        typed.place,
      ];
      for (const candidate of candidates) {
        if (!candidate) continue;
        const row = keyInForce.get({ date, key: foldForSearch(candidate) });
        if (row) return toMunicipality(row);
      }
      return null;
    },
  };
}

export type MunicipalityCodes = ReturnType<typeof createMunicipalityCodes>;
