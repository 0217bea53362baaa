import { loadPacketResources } from '../packets/resources';
import { APP_VERSION } from '../version';
import type { CoreContext, Handlers } from '../context';
import { checkDatabase } from './check';
import { latestSchemaVersion } from './migrations';
import { schemaVersion } from './open';

export function systemHandlers(ctx: CoreContext): Handlers<'system.info' | 'system.check' | 'system.about'> {
  return {
    'system.info': () => ({
      appVersion: APP_VERSION,
      schemaVersion: schemaVersion(ctx.db),
      dataDir: ctx.dataDir,
      databaseFile: ctx.databaseFile,
      clientCount: ctx.clients.countLive(),
    }),
    'system.check': () => checkDatabase(ctx.db, latestSchemaVersion),
    'system.about': () => {
      const resources = loadPacketResources();
      const versioned = [
        ...resources.procedures.values(),
        ...resources.templates.values(),
        resources.phrases,
      ];
      return {
        appVersion: APP_VERSION,
        schemaVersion: schemaVersion(ctx.db),
        latestSchemaVersion,
        templates: versioned
          .map(({ content }) => ({ id: content.id, version: content.version }))
          .sort((a, b) => a.id.localeCompare(b.id)),
      };
    },
  };
}
