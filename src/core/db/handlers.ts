import { APP_VERSION } from '../version';
import type { CoreContext, Handlers } from '../context';
import { checkDatabase } from './check';
import { latestSchemaVersion } from './migrations';
import { schemaVersion } from './open';

export function systemHandlers(ctx: CoreContext): Handlers<'system.info' | 'system.check'> {
  return {
    'system.info': () => ({
      appVersion: APP_VERSION,
      schemaVersion: schemaVersion(ctx.db),
      dataDir: ctx.dataDir,
      databaseFile: ctx.databaseFile,
      clientCount: ctx.clients.countLive(),
    }),
    'system.check': () => checkDatabase(ctx.db, latestSchemaVersion),
  };
}
