import type { Db } from '../../db/open';
import { CLIENT_COLUMNS, type ClientColumns } from '../client-rows';

/** Reads of the client registry that duplicate detection needs (indexed on JMBG and birth date). */
export function createDuplicateRepository(db: Db) {
  const byJmbg = db.prepare<[string], ClientColumns>(
    `SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.jmbg = ? AND c.deleted_at IS NULL`,
  );
  const byBirthDate = db.prepare<[string], ClientColumns>(
    `SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.birth_date = ? AND c.deleted_at IS NULL LIMIT 500`,
  );
  return {
    withJmbg: (jmbg: string): ClientColumns[] => byJmbg.all(jmbg),
    bornOn: (date: string): ClientColumns[] => byBirthDate.all(date),
  };
}
