import { z } from 'zod';
import { defineCalls } from './define';

export const BackupInfo = z.object({
  file: z.string(),
  reason: z.enum(['daily', 'manual', 'pre-migration', 'pre-restore']),
  createdAt: z.string(),
  bytes: z.number().int(),
});

export const backupCalls = defineCalls({
  'backups.list': {
    summary: 'The automatic and manual backups in the data folder, newest first',
    input: z.object({}).strict(),
    output: z.array(BackupInfo),
  },
  'backups.create': {
    summary: 'Back up now, into the data folder or a chosen folder such as a USB stick (admin)',
    input: z.object({ folder: z.string().min(1).max(1000).optional() }).strict(),
    output: BackupInfo,
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
});
