import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { BackupCopy, BackupInfo, BackupReason } from '../../shared/contract/backups';
import { AppError } from '../../shared/errors';
import { latestSchemaVersion } from '../db/migrations';
import { applyKey, DATABASE_FILE, schemaVersion, type Db } from '../db/open';
import { backupFileName, listBackupsIn, rotateIn } from './files';
import { copyToBackupFolder } from './folder';

/**
 * Backups of the office database. `VACUUM INTO` writes a consistent snapshot while the app runs,
 * encrypted with the same key (SQLite's online backup API refuses between an encrypted source
 * and a new file, and would copy plaintext pages if it did not). Automatic ones go to
 * `<data>/backups` and rotate, with a copy in the remembered backup folder (folder.ts); a person
 * can also write one to any folder, e.g. a USB stick.
 */
export const BACKUP_FOLDER = 'backups';

/** Writes a snapshot of `db` to `file` (which must not exist yet). */
export function writeSnapshot(db: Db, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file)) throw new AppError('VALIDATION', `${file} already exists; choose another name.`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  db.exec(`VACUUM INTO '${partial.replaceAll("'", "''")}'`);
  renameSync(partial, file); // a half-written backup never carries a backup's name
}

/** The backups in `<data>/backups`, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  return listBackupsIn(path.join(dataDir, BACKUP_FOLDER));
}

/**
 * A backup into the data folder's rotation, also copied into the backup folder if one is
 * remembered (see folder.ts); or, when a person chose `targetDir`, only there.
 */
export function makeBackup(
  db: Db,
  dataDir: string,
  reason: BackupReason,
  at: Date,
  targetDir?: string,
): BackupInfo & BackupCopy {
  const folder = targetDir ?? path.join(dataDir, BACKUP_FOLDER);
  const file = path.join(folder, backupFileName(at, reason));
  writeSnapshot(db, file);
  const made = { file, reason, createdAt: at.toISOString(), bytes: statSync(file).size };
  if (targetDir) return { ...made, copiedTo: null, copyError: null };
  rotateIn(folder, reason);
  return { ...made, ...copyToBackupFolder(db, file, reason, at) };
}

/** One daily backup per calendar day (UTC), made on the first start of the day. */
export function dailyBackupIfDue(db: Db, dataDir: string, now: Date): BackupInfo | null {
  const today = now.toISOString().slice(0, 10);
  if (listBackups(dataDir).some((b) => b.reason === 'daily' && b.createdAt.startsWith(today))) return null;
  return makeBackup(db, dataDir, 'daily', now);
}

export interface BackupCheck {
  ok: boolean;
  integrity: string;
  schemaVersion: number;
  clients: number;
}

/** Opens a backup read-only with the key and checks it fully before anyone trusts it. */
export function verifyBackup(file: string, key: Buffer): BackupCheck {
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `There is no backup at ${file}.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db, key);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new AppError(
        'DATABASE_KEY_WRONG',
        `${path.basename(file)} is not a backup this office's key can open.`,
      );
    }
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const version = schemaVersion(db);
    const hasClients = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'clients'").get() !== undefined;
    const clients = hasClients
      ? (db.prepare<[], { n: number }>('SELECT count(*) AS n FROM clients WHERE deleted_at IS NULL').get()
          ?.n ?? 0)
      : 0;
    return {
      ok: integrity === 'ok' && version <= latestSchemaVersion,
      integrity,
      schemaVersion: version,
      clients,
    };
  } finally {
    db.close();
  }
}

/**
 * Replaces the office database with a verified backup. Run with the app closed (the CLI does):
 * the current database is first kept as a pre-restore backup, so a restore can be undone.
 */
export function restoreBackup(
  dataDir: string,
  backupFile: string,
  key: Buffer,
  now: Date,
): BackupCheck & { previous: string | null } {
  const check = verifyBackup(backupFile, key);
  if (!check.ok) {
    throw new AppError(
      'VALIDATION',
      check.schemaVersion > latestSchemaVersion
        ? 'That backup comes from a newer MSC Desk; install it first. Nothing was changed.'
        : `That backup failed its integrity check (${check.integrity}). Nothing was changed.`,
    );
  }
  const live = path.join(dataDir, DATABASE_FILE);
  let previous: string | null = null;
  if (existsSync(live)) {
    const current = new Database(live);
    try {
      applyKey(current, key);
      previous = makeBackup(current, dataDir, 'pre-restore', now).file;
    } finally {
      current.close();
    }
  }
  const incoming = `${live}.restoring`;
  copyFileSync(backupFile, incoming);
  for (const suffix of ['-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true });
  renameSync(incoming, live);
  return { ...check, previous };
}
