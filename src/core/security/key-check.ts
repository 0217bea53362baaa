import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey, type Db } from '../db/open';

/**
 * Whether a key opens an encrypted database, asked before a core is opened with it: the CLI's
 * `recover` and, in the desktop app, the core's utility process for main (a key file to adopt,
 * the recovery key, the start-up passphrase), so SQLite never loads into Electron's main process.
 * Read-only: a wrong key changes nothing.
 */
export function keyOpensDatabase(databaseFile: string, key: Buffer, nativeBinding?: string): boolean {
  try {
    return checkDatabaseKey(databaseFile, key, nativeBinding);
  } catch {
    return false;
  }
}

/** As `keyOpensDatabase`, but throws when the file cannot be tried at all (a SQLite module that will not load). */
export function checkDatabaseKey(databaseFile: string, key: Buffer, nativeBinding?: string): boolean {
  const db: Db = new Database(databaseFile, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    return keyReads(db, key);
  } finally {
    db.close();
  }
}

/** True when `db` reads with `key` (SQLCipher says "not a database" for a wrong one). */
export function keyReads(db: Db, key: Buffer): boolean {
  try {
    applyKey(db, key);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  }
}
