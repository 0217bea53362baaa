import path from 'node:path';
import type { CoreContext, Handlers } from '../context';
import { listBackups, makeBackup, verifyBackup } from './backups';

export function backupHandlers(
  ctx: CoreContext,
  key: Buffer,
): Handlers<'backups.list' | 'backups.create' | 'backups.verify'> {
  return {
    'backups.list': () => listBackups(ctx.dataDir),
    'backups.create': ({ folder }) =>
      makeBackup(ctx.db, ctx.dataDir, 'manual', ctx.clock(), folder ? path.resolve(folder) : undefined),
    'backups.verify': ({ file }) => verifyBackup(path.resolve(file), key),
  };
}
