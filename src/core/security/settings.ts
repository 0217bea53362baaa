import type { Db } from '../db/open';
import { DEFAULT_IDLE_LOCK_MINUTES } from './session';

/** Office-wide settings kept in the database (so they are encrypted and backed up with it). */
export function createOfficeSettings(db: Db, clock: () => Date) {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  return {
    idleLockMinutes(): number {
      const value = Number(read.get('security.idleLockMinutes')?.value);
      return Number.isInteger(value) && value > 0 ? value : DEFAULT_IDLE_LOCK_MINUTES;
    },
    setIdleLockMinutes(minutes: number): void {
      write.run('security.idleLockMinutes', String(minutes), clock().toISOString());
    },
  };
}

export type OfficeSettings = ReturnType<typeof createOfficeSettings>;
