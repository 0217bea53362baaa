import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  BackupCopyError,
  type BackupCopy,
  type BackupCopyProblem,
  type BackupFolderProblem,
  type BackupFolderSettings,
  type BackupReason,
} from '../../shared/contract/backups';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import { createSettingStore } from '../security/settings';
import { rotateIn } from './files';

/**
 * The backup folder: a second place (a USB stick, another disk, a network share) that every
 * backup into `<data>/backups` is also copied to, so a dead disk does not take the backups with
 * it. It is remembered in the settings table. A copy that fails (the stick is not plugged in, the
 * share is offline) is recorded for the Backups page and never stops the app or the local backup.
 */

const KEY = {
  folder: 'backups.folder',
  lastCopyAt: 'backups.lastCopyAt',
  lastCopyError: 'backups.lastCopyError',
} as const;

const NOT_COPIED: BackupCopy = { copiedTo: null, copyError: null };

/** System error codes by what a person can do about them. */
const PROBLEM_OF_CODE: Record<string, BackupCopyProblem> = {
  ENOENT: 'unreachable',
  ENODEV: 'unreachable',
  ENXIO: 'unreachable',
  ENOTCONN: 'unreachable',
  EHOSTDOWN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ETIMEDOUT: 'unreachable',
  EACCES: 'denied',
  EPERM: 'denied',
  EROFS: 'denied',
  ENOSPC: 'full',
  EDQUOT: 'full',
};

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

export function createBackupFolder(db: Db, clock: () => Date) {
  const store = createSettingStore(db, clock);

  function read(): BackupFolderSettings {
    const error = store.get(KEY.lastCopyError);
    return {
      folder: store.get(KEY.folder),
      lastCopyAt: store.get(KEY.lastCopyAt),
      lastCopyError: error ? BackupCopyError.parse(JSON.parse(error)) : null,
    };
  }

  return {
    read,

    /**
     * Remembers `folder` once it is checked (see `checkedFolder`), or forgets it (null). How the
     * last copy went belongs to the folder it went to, so a new folder starts with no history.
     */
    save(folder: string | null, dataDir: string): BackupFolderSettings {
      const chosen = folder === null ? null : checkedFolder(folder, dataDir);
      if (chosen !== read().folder) {
        db.transaction(() => {
          store.set(KEY.folder, chosen);
          store.set(KEY.lastCopyAt, null);
          store.set(KEY.lastCopyError, null);
        })();
      }
      return read();
    },

    /**
     * Copies a finished backup into the remembered folder and rotates our backups there. Never
     * throws for the folder's sake: the outcome is recorded (a success clears an earlier error)
     * and returned.
     */
    copy(file: string, reason: BackupReason): BackupCopy {
      const folder = store.get(KEY.folder);
      if (!folder) return NOT_COPIED;
      let copiedTo: string | null = null;
      try {
        copiedTo = copyInto(file, folder);
        rotateIn(folder, reason);
        store.set(KEY.lastCopyAt, clock().toISOString());
        store.set(KEY.lastCopyError, null);
        return { copiedTo, copyError: null };
      } catch (error) {
        const copyError: BackupCopyError = {
          at: clock().toISOString(),
          folder,
          problem: PROBLEM_OF_CODE[codeOf(error) ?? ''] ?? 'failed',
          message: error instanceof Error ? error.message : String(error),
        };
        store.set(KEY.lastCopyError, JSON.stringify(copyError));
        return { copiedTo, copyError };
      }
    },
  };
}

/**
 * The copy for a backup just made into `<data>/backups`. A database from before the settings
 * table (a pre-migration backup of a very old one) has no folder to copy to.
 */
export function copyToBackupFolder(db: Db, file: string, reason: BackupReason, at: Date): BackupCopy {
  const hasSettings = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'")
    .get();
  if (!hasSettings) return NOT_COPIED;
  return createBackupFolder(db, () => at).copy(file, reason);
}

/**
 * Copies `file` into `folder` under its own name: to a temporary name first, flushed to the disk,
 * then renamed, so a pulled stick never holds half a backup under a backup's name. The folder is
 * not created here: a missing one is an unplugged stick, and creating it would put the "second
 * place" on this computer's own disk.
 */
function copyInto(file: string, folder: string): string {
  const target = path.join(folder, path.basename(file));
  const partial = `${target}.partial`;
  if (!statSync(folder).isDirectory()) {
    throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
  }
  try {
    copyFileSync(file, partial);
    const fd = openSync(partial, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return target;
}

function refuse(problem: BackupFolderProblem, message: string): never {
  throw new AppError('VALIDATION', message, {
    fields: { folder: message },
    detail: { folderProblem: problem },
  });
}

const isWithin = (child: string, parent: string) => {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * A folder fit to remember, as a full path: absolute, there or creatable, a folder, outside the
 * data folder (a copy there dies with the same disk), and writable — a probe file is written and
 * deleted. Refused with a VALIDATION error on `folder`, leaving nothing behind (a folder made
 * for the check is removed again).
 */
function checkedFolder(folder: string, dataDir: string): string {
  if (!path.isAbsolute(folder)) {
    refuse(
      'relative',
      `"${folder}" is not a full path; write it from the drive or share, e.g. E:\\MSC-kopije or \\\\server\\msc-kopije.`,
    );
  }
  const resolved = path.resolve(folder);
  let created: string | undefined;
  if (!existsSync(resolved)) {
    try {
      created = mkdirSync(resolved, { recursive: true });
    } catch (error) {
      refuse(
        'cannotCreate',
        `${resolved} does not exist and cannot be created (${codeOf(error) ?? String(error)}).`,
      );
    }
  }
  let accepted = false;
  try {
    if (!statSync(resolved).isDirectory()) refuse('notFolder', `${resolved} is a file, not a folder.`);
    if (isWithin(realpathSync.native(resolved), realpathSync.native(dataDir))) {
      refuse('dataFolder', `${resolved} is inside the data folder; a copy there is lost with the same disk.`);
    }
    const probe = path.join(resolved, `.msc-desk-write-check-${process.pid}-${Date.now()}`);
    try {
      writeFileSync(probe, 'MSC Desk checks that it can write here.\n');
      rmSync(probe);
    } catch (error) {
      refuse('notWritable', `MSC Desk cannot write into ${resolved} (${codeOf(error) ?? String(error)}).`);
    }
    accepted = true;
    return resolved;
  } finally {
    if (!accepted && created) rmSync(created, { recursive: true, force: true });
  }
}
