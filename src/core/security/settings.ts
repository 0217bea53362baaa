import type { Db } from '../db/open';
import { DEFAULT_IDLE_LOCK_MINUTES } from './session';

/**
 * One office setting by key in the `settings` table (in the database, so encrypted and backed
 * up with it). Each area names and parses its own keys; this is only the table's two verbs.
 */
export function createSettingStore(db: Db, clock: () => Date) {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  return {
    get: (key: string): string | null => read.get(key)?.value ?? null,
    /** Stores `value`; null removes the key, so an unset setting reads as null again. */
    set(key: string, value: string | null): void {
      if (value === null) remove.run(key);
      else write.run(key, value, clock().toISOString());
    },
  };
}

export type SettingStore = ReturnType<typeof createSettingStore>;

const IDLE_LOCK_KEY = 'security.idleLockMinutes';

/** The security settings an admin edits in Settings. */
export function createOfficeSettings(db: Db, clock: () => Date) {
  const store = createSettingStore(db, clock);
  return {
    idleLockMinutes(): number {
      const value = Number(store.get(IDLE_LOCK_KEY));
      return Number.isInteger(value) && value > 0 ? value : DEFAULT_IDLE_LOCK_MINUTES;
    },
    setIdleLockMinutes(minutes: number): void {
      store.set(IDLE_LOCK_KEY, String(minutes));
    },
  };
}

export type OfficeSettings = ReturnType<typeof createOfficeSettings>;
