import type { Partner, PartnerFields, PartnerKind } from '../../../shared/casework';
import type { Db } from '../../db/open';
import { uuidv7 } from '../../ids';

export interface PartnerRow {
  id: string;
  city: string;
  kind: PartnerKind;
  name: string;
  address: string | null;
  contact: string | null;
  notes: string | null;
  is_example: 0 | 1;
  updated_at: string;
}

export const partnerOf = (row: PartnerRow): Partner => ({
  id: row.id,
  city: row.city,
  kind: row.kind,
  name: row.name,
  address: row.address,
  contact: row.contact,
  notes: row.notes,
  isExample: row.is_example === 1,
  updatedAt: row.updated_at,
});

/** The only place that knows how the partners directory is stored. */
export function createPartnerRepository(db: Db) {
  const all = db.prepare<{ city: string | null; kind: string | null }, PartnerRow>(
    `SELECT * FROM partners WHERE deleted_at IS NULL
       AND (@city IS NULL OR city = @city) AND (@kind IS NULL OR kind = @kind)
     ORDER BY city, kind, name`,
  );
  const cities = db.prepare<[], { city: string }>(
    'SELECT DISTINCT city FROM partners WHERE deleted_at IS NULL ORDER BY city',
  );
  // Removed partners are still read: old referrals name them.
  const byId = db.prepare<[string], PartnerRow & { deleted_at: string | null }>(
    'SELECT * FROM partners WHERE id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO partners (id, city, kind, name, address, contact, notes, is_example, created_at, updated_at)
     VALUES (@id, @city, @kind, @name, @address, @contact, @notes, @isExample, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE partners SET city = @city, kind = @kind, name = @name, address = @address, contact = @contact,
       notes = @notes, is_example = @isExample, updated_at = @now
     WHERE id = @id AND deleted_at IS NULL`,
  );
  const softDelete = db.prepare(
    'UPDATE partners SET deleted_at = @now, updated_at = @now WHERE id = @id AND deleted_at IS NULL',
  );

  const bind = (fields: PartnerFields) => ({ ...fields, isExample: Number(fields.isExample) });

  return {
    list: (city: string | null, kind: PartnerKind | null): PartnerRow[] => all.all({ city, kind }),
    cities: (): string[] => cities.all().map((row) => row.city),
    get: (id: string): PartnerRow | null => byId.get(id) ?? null,
    isLive: (id: string): boolean => {
      const row = byId.get(id);
      return row !== undefined && row.deleted_at === null;
    },
    insert(fields: PartnerFields, now: string): string {
      const id = uuidv7();
      insert.run({ ...bind(fields), id, now });
      return id;
    },
    update: (id: string, fields: PartnerFields, now: string): boolean =>
      update.run({ ...bind(fields), id, now }).changes > 0,
    softDelete: (id: string, now: string): boolean => softDelete.run({ id, now }).changes > 0,
  };
}
