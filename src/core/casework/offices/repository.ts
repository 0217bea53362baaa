import type { Office, OfficeFields } from '../../../shared/casework';
import type { Db } from '../../db/open';
import { uuidv7 } from '../../ids';

interface OfficeRow {
  id: string;
  name: string;
  city: string | null;
  hotspot_weekday: number | null;
  is_default: 0 | 1;
}

const officeOf = (row: OfficeRow): Office => ({
  id: row.id,
  name: row.name,
  city: row.city,
  hotspotWeekday: row.hotspot_weekday,
  isDefault: row.is_default === 1,
});

/** The only place that knows how offices are stored. */
export function createOfficeRepository(db: Db) {
  const all = db.prepare<[], OfficeRow>(
    'SELECT * FROM offices WHERE deleted_at IS NULL ORDER BY is_default DESC, name',
  );
  const byId = db.prepare<[string], OfficeRow>('SELECT * FROM offices WHERE id = ? AND deleted_at IS NULL');
  const defaultOffice = db.prepare<[], OfficeRow>(
    'SELECT * FROM offices WHERE is_default = 1 AND deleted_at IS NULL',
  );
  const insert = db.prepare(
    `INSERT INTO offices (id, name, city, hotspot_weekday, is_default, created_at, updated_at)
     VALUES (@id, @name, @city, @hotspotWeekday, 0, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE offices SET name = @name, city = @city, hotspot_weekday = @hotspotWeekday, updated_at = @now
     WHERE id = @id AND deleted_at IS NULL`,
  );

  return {
    list: (): Office[] => all.all().map(officeOf),
    get: (id: string): Office | null => {
      const row = byId.get(id);
      return row ? officeOf(row) : null;
    },
    getDefault: (): Office | null => {
      const row = defaultOffice.get();
      return row ? officeOf(row) : null;
    },
    insert(fields: OfficeFields, now: string): string {
      const id = uuidv7();
      insert.run({ ...fields, id, now });
      return id;
    },
    update: (id: string, fields: OfficeFields, now: string): boolean =>
      update.run({ ...fields, id, now }).changes > 0,
  };
}

export type OfficeRepository = ReturnType<typeof createOfficeRepository>;
