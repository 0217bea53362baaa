import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/errors';
import { isPlaintextDatabase } from './file';
import { listBackupsIn } from '../backup/files';
import { latestSchemaVersion, migrations } from './migrations';

export type { Db } from './types';
import type { Db } from './types';

export { DATABASE_FILE, isEncryptedDatabase, isPlaintextDatabase } from './file';

export interface OpenOptions {
  /** Path to an Electron-ABI build of the native module when the core runs inside Electron. */
  nativeBinding?: string;
  /** The 32-byte database key (SQLCipher); without one the file is plain SQLite (tests of migration only). */
  key?: Buffer | null;
  /** Runs once before pending migrations change an existing database (the pre-migration backup). */
  beforeMigrate?: (db: Db, fromVersion: number) => void;
  /**
   * Runs on every open once the connection is set up, before migrations, told whether any are
   * pending. The core passes sync's `prepareSyncConnection` (`syncOnOpen` in sync/triggers.ts).
   */
  prepareConnection?: (db: Db, migrationsPending: boolean) => void;
  /**
   * Runs on every open once the schema is current. The core passes sync's `refreshSyncTriggers`.
   * The database layer does not import sync (sync imports it): the caller wires the two.
   */
  afterMigrate?: (db: Db) => void;
}

/** SQLCipher v4 with a raw 256-bit key (no passphrase stretching: the key is already random). */
export function applyKey(db: Db, key: Buffer): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/**
 * Opens (creating if needed) the office database and brings its schema up to date.
 * WAL with synchronous=FULL: an acknowledged write survives a power cut.
 *
 * An office database is opened with sync's hooks (`openDatabase(file, { key, ...syncOnOpen })`):
 * without them a new database records no edits for sync, and one that has the outbox triggers
 * refuses writes to synced tables (the triggers' SQL functions are missing).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const key = options.key ?? null;
  const plaintextBefore = key !== null && isPlaintextDatabase(file);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    if (key && plaintextBefore) {
      assertNotTooNew(db); // refuse before touching the file
      encryptInPlace(db, file, key);
    } else if (key) applyKey(db, key);
    assertReadable(db);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 32 MiB page cache (the default is 2 MiB): the dashboard and monthly report read the same
    // index pages again and again; measured about twice as fast on 100,000 clients.
    db.pragma('cache_size = -32000');
    options.prepareConnection?.(db, schemaVersion(db) < latestSchemaVersion);
    migrate(db, options.beforeMigrate);
    options.afterMigrate?.(db);
    return db;
  } catch (error) {
    db.close();
    throw isDamage(error, file) ? damagedDatabase(file) : error;
  }
}

/**
 * A truncated or corrupt file. SQLCipher says "not a database" both for a wrong key and for a
 * file cut short; a size that is not a whole number of pages tells the two apart.
 */
function isDamage(error: unknown, file: string): boolean {
  const code = (error as { code?: unknown }).code;
  if (error instanceof AppError) {
    if (error.code !== 'DATABASE_KEY_WRONG' || !existsSync(file)) return false;
    const size = statSync(file).size;
    return size < PAGE_SIZE || size % PAGE_SIZE !== 0;
  }
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

const PAGE_SIZE = 4096;

/** What to say when the database file is damaged: which file, and which backup to restore. */
export function damagedDatabase(file: string): AppError {
  const newest = listBackupsIn(path.join(path.dirname(file), 'backups'))[0];
  const restore = newest
    ? `Restore the last backup (${newest.createdAt}): msc-desk cli "restore ${newest.file}", or Settings → Backups in the app.`
    : 'Restore your last backup (msc-desk cli "restore FILE"); no backup was found in the data folder.';
  return new AppError(
    'DATABASE_DAMAGED',
    `The database file ${file} is damaged (cut short or overwritten). ${restore} Nothing was changed.`,
    { detail: { databaseFile: file, backup: newest?.file ?? null } },
  );
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies pending migrations, each in its own transaction with its `user_version` bump. */
export function migrate(db: Db, beforeMigrate?: OpenOptions['beforeMigrate']): void {
  const current = assertNotTooNew(db);
  if (current > 0 && current < latestSchemaVersion) beforeMigrate?.(db, current);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** The schema version, unless the database is from a newer MSC Desk, which is refused unchanged. */
function assertNotTooNew(db: Db): number {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) {
    throw new AppError(
      'DATABASE_TOO_NEW',
      `This database was written by a newer MSC Desk (schema ${current}; this version knows up to ${latestSchemaVersion}). ` +
        'Install the newer version to open it; nothing was changed.',
      { detail: { schemaVersion: current, latestSchemaVersion } },
    );
  }
  return current;
}

/** The first read is where a wrong key shows: turn SQLite's "not a database" into words. */
function assertReadable(db: Db): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new AppError(
        'DATABASE_KEY_WRONG',
        'The database key does not open this database (wrong key, or not an MSC Desk database). Nothing was changed.',
      );
    }
    throw error;
  }
}

/**
 * Encrypts a database written before encryption existed. A plain copy is made first and
 * removed only once the encrypted file has been reopened and passed an integrity check; if
 * anything fails the copy stays beside the database and the message says where.
 */
function encryptInPlace(db: Db, file: string, key: Buffer): void {
  const copy = `${file}.before-encryption`;
  rmSync(copy, { force: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec(`VACUUM INTO '${copy.replaceAll("'", "''")}'`);
  try {
    db.pragma('journal_mode = DELETE'); // SQLite3MultipleCiphers cannot rekey in WAL mode
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(`rekey = "x'${key.toString('hex')}'"`);
    const check = new Database(file);
    try {
      applyKey(check, key);
      const result = check.pragma('integrity_check', { simple: true });
      if (result !== 'ok') throw new Error(`integrity check after encryption: ${String(result)}`);
    } finally {
      check.close();
    }
  } catch (error) {
    throw new AppError(
      'INTERNAL',
      `Encrypting the existing database failed (${String(error)}); an unencrypted copy was kept at ${copy}.`,
    );
  }
  rmSync(copy, { force: true });
}
