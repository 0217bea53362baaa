import { useSyncExternalStore } from 'react';
import { pathFromHash } from './paths';

/** The browser side of hash routing: the current path as React state, and navigation. */

export { HOME_PATH, pathFromHash, pathTo, type RouteParams } from './paths';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashPath(): string {
  return useSyncExternalStore(subscribe, () => pathFromHash(window.location.hash));
}

/**
 * A page with unsaved changes may hold navigation: it returns false and asks the person itself
 * (then navigates with `force`). Links and shortcuts go through `navigate`; the browser's own
 * back button does not, which is acceptable in a desk app without a visible browser UI.
 */
export type LeaveGuard = (to: string) => boolean;
let leaveGuard: LeaveGuard | null = null;

export function setLeaveGuard(guard: LeaveGuard): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

export function navigate(path: string, options: { force?: boolean } = {}): void {
  if (!options.force && leaveGuard && !leaveGuard(path)) return;
  window.location.hash = path;
}

export function hrefTo(path: string): string {
  return `#${path}`;
}
