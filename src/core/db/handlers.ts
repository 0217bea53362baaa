import { AppError } from '../../shared/errors';
import { UPDATES_PATH } from '../../shared/sync';
import { loadPacketResources } from '../packets/resources';
import { createSettingStore } from '../security/settings';
import { createSyncState } from '../sync/state';
import { APP_VERSION } from '../version';
import type { CoreContext, Handlers } from '../context';
import { checkDatabase } from './check';
import { latestSchemaVersion } from './migrations';
import { schemaVersion } from './open';

const POSTPONED_KEY = 'updates.postponedUntil';
/** A postponement nobody lifts must not keep a PC on an old version for ever. */
export const MAX_POSTPONE_DAYS = 60;

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function systemHandlers(
  ctx: CoreContext,
): Handlers<'system.info' | 'system.check' | 'system.about' | 'updates.feed' | 'updates.postpone'> {
  const syncState = createSyncState(ctx.db);
  const settings = createSettingStore(ctx.db, ctx.clock);

  const updateFeed = () => {
    const serverUrl = syncState.get('server_url');
    const postponedUntil = settings.get(POSTPONED_KEY);
    return {
      feedUrl: serverUrl ? `${serverUrl.replace(/\/+$/, '')}${UPDATES_PATH}/` : null,
      // A postponement that has run out is no postponement (the end of its day is included).
      postponedUntil:
        postponedUntil && postponedUntil >= ctx.clock().toISOString().slice(0, 10) ? postponedUntil : null,
    };
  };

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
    'updates.feed': updateFeed,
    'updates.postpone': ({ until }) => {
      const today = ctx.clock().toISOString().slice(0, 10);
      if (until !== null && (until < today || until > addDays(today, MAX_POSTPONE_DAYS))) {
        throw new AppError(
          'VALIDATION',
          `Updates can be postponed from today up to ${MAX_POSTPONE_DAYS} days ahead.`,
          { fields: { until: `Choose a day from ${today} to ${addDays(today, MAX_POSTPONE_DAYS)}.` } },
        );
      }
      settings.set(POSTPONED_KEY, until);
      return updateFeed();
    },
  };
}
