import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/errors';
import { latestSchemaVersion } from '../db/migrations';
import { applyKey, DATABASE_FILE, schemaVersion, type Db } from '../db/open';

/**
 * Backups of the office database. `VACUUM INTO` writes a consistent snapshot while the app runs,
 * encrypted with the same key (SQLite's online backup API refuses between an encrypted source
 * and a new file, and would copy plaintext pages if it did not). Automatic ones go to
 * `<data>/backups` and rotate; a person can also write one to any folder, e.g. a USB stick.
 */
export const BACKUP_FOLDER = 'backups';

export type BackupReason = 'daily' | 'manual' | 'pre-migration' | 'pre-restore';

/** How many automatic backups of each kind are kept. */
const KEEP: Record<BackupReason, number> = { daily: 7, 'pre-migration': 5, 'pre-restore': 3, manual: 10 };

export interface BackupInfo {
  file: string;
  reason: BackupReason;
  createdAt: string;
  bytes: number;
}

const NAME =
  /^msc-desk-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(daily|manual|pre-migration|pre-restore)\.sqlite$/;

function fileName(at: Date, reason: BackupReason): string {
  return `msc-desk-${at.toISOString().replace(/[:.]/g, '-')}-${reason}.sqlite`;
}

function parseName(file: string): { createdAt: string; reason: BackupReason } | null {
  const match = NAME.exec(path.basename(file));
  if (!match) return null;
  const [date, time] = match[1]!.split('T') as [string, string];
  const [h, m, s, ms] = time.replace('Z', '').split('-');
  return { createdAt: `${date}T${h}:${m}:${s}.${ms}Z`, reason: match[2] as BackupReason };
}

/** Writes a snapshot of `db` to `file` (which must not exist yet). */
export function writeSnapshot(db: Db, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file)) throw new AppError('VALIDATION', `${file} already exists; choose another name.`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  db.exec(`VACUUM INTO '${partial.replaceAll("'", "''")}'`);
  renameSync(partial, file); // a half-written backup never carries a backup's name
}

export function listBackups(dataDir: string): BackupInfo[] {
  const folder = path.join(dataDir, BACKUP_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => ({ name, parsed: parseName(name) }))
    .filter(
      (entry): entry is { name: string; parsed: NonNullable<ReturnType<typeof parseName>> } =>
        entry.parsed !== null,
    )
    .map(({ name, parsed }) => ({
      file: path.join(folder, name),
      reason: parsed.reason,
      createdAt: parsed.createdAt,
      bytes: statSync(path.join(folder, name)).size,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A backup into the data folder's rotation (or into `targetDir` when a person chose one). */
export function makeBackup(
  db: Db,
  dataDir: string,
  reason: BackupReason,
  at: Date,
  targetDir?: string,
): BackupInfo {
  const folder = targetDir ?? path.join(dataDir, BACKUP_FOLDER);
  const file = path.join(folder, fileName(at, reason));
  writeSnapshot(db, file);
  if (!targetDir) rotate(dataDir, reason);
  return { file, reason, createdAt: at.toISOString(), bytes: statSync(file).size };
}

function rotate(dataDir: string, reason: BackupReason): void {
  for (const stale of listBackups(dataDir)
    .filter((b) => b.reason === reason)
    .slice(KEEP[reason]))
    rmSync(stale.file);
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
