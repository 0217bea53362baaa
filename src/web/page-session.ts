import { AppError } from '../shared/errors';
import type { Method } from '../shared/contract';
import type { Core } from '../core';

/**
 * Which browser tab the signed-in person is using. The token in the printed URL proves a page came
 * from this PC, not who sits in front of it: a second tab opened with the same URL must not inherit
 * the first tab's sign-in. Each tab sends a random page id (kept in its sessionStorage, so a reload
 * keeps it); the core has one session, and it belongs to the tab that signed in (or unlocked, or
 * set up). Any other tab sees that session as locked and must give the password to take it over.
 * The tab's id comes in `PAGE_HEADER` (src/shared/web-host.ts).
 */

/** Calls that a tab which does not hold the session may make: they sign in or need no one. */
const TAKE_OVER: ReadonlySet<Method> = new Set(['session.login', 'session.unlock', 'session.setup']);
const OPEN_TO_ANY_TAB: ReadonlySet<Method> = new Set([
  ...TAKE_OVER,
  'session.logout',
  'session.lock',
  'system.about',
  'updates.feed',
  'municipalities.list',
]);

export interface PageSessions {
  call(page: string, method: Method, input: unknown): Promise<unknown>;
}

export function createPageSessions(core: Core): PageSessions {
  let holder: string | null = null;

  return {
    async call(page, method, input) {
      if (holder !== null && holder !== page) {
        if (method === 'session.status' || method === 'session.heartbeat') {
          // Not a heartbeat for the holder's session: this tab only asks what to show.
          const status = await core.call('session.status', {});
          return status.user ? { ...status, locked: true } : status;
        }
        if (!OPEN_TO_ANY_TAB.has(method)) {
          throw new AppError(
            'SESSION_LOCKED',
            'MSC Desk is open in another tab of this browser; enter your password to continue here.',
          );
        }
      }
      const value = await core.call(method, input as never);
      if (TAKE_OVER.has(method)) holder = page;
      else if (method === 'session.logout') holder = null;
      else if (holder === null) {
        // Someone signed in without a tab (the CLI's actor, a test through the core): the first tab claims it.
        const status = await core.call('session.status', {});
        if (status.user) holder = page;
      }
      return value;
    },
  };
}
