import { z } from 'zod';
import { defineCalls } from './define';

export const BackupInfo = z.object({
  file: z.string(),
  reason: z.enum(['daily', 'manual', 'pre-migration', 'pre-restore']),
  createdAt: z.string(),
  bytes: z.number().int(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;
export type BackupReason = BackupInfo['reason'];

/**
 * Why a copy into the backup folder failed, for the UI to say in its language: the folder is not
 * there (a USB stick not plugged in, a share offline), may not be written, its disk is full, or
 * anything else (then `message` says what).
 */
export const BackupCopyProblem = z.enum(['unreachable', 'denied', 'full', 'failed']);
export type BackupCopyProblem = z.infer<typeof BackupCopyProblem>;

export const BackupCopyError = z.object({
  at: z.string(),
  folder: z.string(),
  problem: BackupCopyProblem,
  /** The system's own words, for support. */
  message: z.string(),
});
export type BackupCopyError = z.infer<typeof BackupCopyError>;

/** The remembered backup folder (a second place every automatic backup is copied to) and how its copies went. */
export const BackupFolderSettings = z.object({
  folder: z.string().nullable(),
  lastCopyAt: z.string().nullable(),
  /** The last copy's failure; a later successful copy clears it. */
  lastCopyError: BackupCopyError.nullable(),
});
export type BackupFolderSettings = z.infer<typeof BackupFolderSettings>;

/** What became of a new backup's copy into the backup folder; both null when none was due. */
export const BackupCopy = z.object({
  copiedTo: z.string().nullable(),
  copyError: BackupCopyError.nullable(),
});
export type BackupCopy = z.infer<typeof BackupCopy>;

/** Why the core refused a backup folder (in `detail.folderProblem`), for the UI to say in its language. */
export const BackupFolderProblem = z.enum([
  'relative',
  'notFolder',
  'cannotCreate',
  'notWritable',
  'dataFolder',
]);
export type BackupFolderProblem = z.infer<typeof BackupFolderProblem>;

export const backupCalls = defineCalls({
  'backups.list': {
    summary: 'The automatic and manual backups in the data folder, newest first',
    input: z.object({}).strict(),
    output: z.array(BackupInfo),
  },
  'backups.create': {
    summary:
      'Back up now, into the data folder (and a copy into the backup folder) or a chosen folder such as a USB stick (admin)',
    input: z.object({ folder: z.string().min(1).max(1000).optional() }).strict(),
    output: BackupInfo.extend(BackupCopy.shape),
  },
  'backups.verify': {
    summary: 'Open a backup with the office key and check its integrity',
    input: z.object({ file: z.string().min(1).max(1000) }).strict(),
    output: z.object({
      ok: z.boolean(),
      integrity: z.string(),
      schemaVersion: z.number().int(),
      clients: z.number().int(),
    }),
  },
  'backups.settings': {
    summary: 'The backup folder every automatic backup is also copied to, and how the last copy went',
    input: z.object({}).strict(),
    output: BackupFolderSettings,
  },
  'backups.saveSettings': {
    summary:
      'Remember a backup folder (a USB stick, another disk, a network share) after checking it can be written; null forgets it (admin)',
    input: z.object({ folder: z.string().trim().min(1, 'Required').max(1000).nullable() }).strict(),
    output: BackupFolderSettings,
  },
});
