import type { SystemCheck } from '../../shared/contract/system';
import { schemaVersion, type Db } from './open';

/** `PRAGMA integrity_check`, foreign keys and migration status: what `cli check` prints. */
export function checkDatabase(db: Db, latestSchemaVersion: number): SystemCheck {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
    (r) => r.integrity_check,
  );
  const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length;
  const version = schemaVersion(db);
  const journalMode = db.pragma('journal_mode', { simple: true }) as string;
  return {
    ok:
      integrity.length === 1 &&
      integrity[0] === 'ok' &&
      foreignKeyProblems === 0 &&
      version === latestSchemaVersion,
    integrity,
    foreignKeyProblems,
    schemaVersion: version,
    latestSchemaVersion,
    journalMode,
  };
}
