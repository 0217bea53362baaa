import path from 'node:path';
import type { CoreContext, Handlers } from '../context';
import { listBackups, makeBackup, verifyBackup } from './backups';
import { createBackupFolder } from './folder';

export function backupHandlers(
  ctx: CoreContext,
  key: Buffer,
): Handlers<
  'backups.list' | 'backups.create' | 'backups.verify' | 'backups.settings' | 'backups.saveSettings'
> {
  const backupFolder = createBackupFolder(ctx.db, ctx.clock);
  return {
    'backups.list': () => listBackups(ctx.dataDir),
    'backups.create': ({ folder }) =>
      makeBackup(ctx.db, ctx.dataDir, 'manual', ctx.clock(), folder ? path.resolve(folder) : undefined),
    'backups.verify': ({ file }) => verifyBackup(path.resolve(file), key),
    'backups.settings': () => backupFolder.read(),
    'backups.saveSettings': ({ folder }) => backupFolder.save(folder, ctx.dataDir),
  };
}
