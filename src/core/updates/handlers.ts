/**
 * Where this PC looks for new versions of the desktop app and whether an admin postponed
 * installing them. The desktop app's updater (src/main/updater.ts) asks before every check; the
 * feed is the enrolled sync server's `/updates/` (served by src/server/updates.ts).
 */
import { AppError } from '../../shared/errors';
import { UPDATES_PATH } from '../../shared/sync';
import type { CoreContext, Handlers } from '../context';
import { createSettingStore } from '../security/settings';
import { createSyncState } from '../sync/state';

const POSTPONED_KEY = 'updates.postponedUntil';
/** A postponement nobody lifts must not keep a PC on an old version for ever. */
export const MAX_POSTPONE_DAYS = 60;

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function updatesHandlers(ctx: CoreContext): Handlers<'updates.feed' | 'updates.postpone'> {
  const syncState = createSyncState(ctx.db);
  const settings = createSettingStore(ctx.db, ctx.clock);
  const today = () => ctx.clock().toISOString().slice(0, 10);

  const updateFeed = () => {
    const serverUrl = syncState.get('server_url');
    const postponedUntil = settings.get(POSTPONED_KEY);
    return {
      feedUrl: serverUrl ? `${serverUrl.replace(/\/+$/, '')}${UPDATES_PATH}/` : null,
      // A postponement that has run out is no postponement (the end of its day is included).
      postponedUntil: postponedUntil && postponedUntil >= today() ? postponedUntil : null,
    };
  };

  return {
    'updates.feed': updateFeed,
    'updates.postpone': ({ until }) => {
      const first = today();
      const last = addDays(first, MAX_POSTPONE_DAYS);
      if (until !== null && (until < first || until > last)) {
        throw new AppError(
          'VALIDATION',
          `Updates can be postponed from today up to ${MAX_POSTPONE_DAYS} days ahead.`,
          {
            fields: { until: `Choose a day from ${first} to ${last}.` },
          },
        );
      }
      settings.set(POSTPONED_KEY, until);
      return updateFeed();
    },
  };
}
