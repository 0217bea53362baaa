import type { AboutInfo } from '../../shared/contract/system';
import { APP_VERSION } from '../version';
import type { CoreContext, Handlers } from '../context';
import { checkDatabase } from './check';
import { latestSchemaVersion } from './migrations';
import { schemaVersion } from './open';

/**
 * The `system.*` calls: versions, where the data lives, the database's health. The packet
 * templates' versions come from the packets area, handed in by `createCore` (the database sits
 * below packets, so it does not reach up to read them).
 */
export function systemHandlers(
  ctx: Pick<CoreContext, 'db' | 'dataDir' | 'databaseFile' | 'clients'>,
  packetTemplates: () => AboutInfo['templates'],
): Handlers<'system.info' | 'system.check' | 'system.about'> {
  return {
    'system.info': () => ({
      appVersion: APP_VERSION,
      schemaVersion: schemaVersion(ctx.db),
      dataDir: ctx.dataDir,
      databaseFile: ctx.databaseFile,
      clientCount: ctx.clients.countLive(),
    }),
    'system.check': () => checkDatabase(ctx.db, latestSchemaVersion),
    'system.about': () => ({
      appVersion: APP_VERSION,
      schemaVersion: schemaVersion(ctx.db),
      latestSchemaVersion,
      templates: packetTemplates().sort((a, b) => a.id.localeCompare(b.id)),
    }),
  };
}
