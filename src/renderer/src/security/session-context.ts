import { createContext, useContext } from 'react';
import type { Method } from '../../../shared/contract';
import type { SessionStatus } from '../../../shared/contract/security';
import { mayCall, type Role, type User } from '../../../shared/security';

/**
 * The signed-in person as the app shell and pages see them. Only the session gate provides it,
 * and only while someone is signed in, so `user` is never null inside the app.
 */
export interface SignedInSession {
  user: User;
  locked: boolean;
  idleLockMinutes: number;
  /** Asks the core again (after a change to the account or the idle minutes). */
  refresh: () => Promise<void>;
  /** Takes a status the core returned (lock, unlock, sign out). */
  apply: (status: SessionStatus) => void;
}

export const SessionContext = createContext<SignedInSession | null>(null);

export function useSession(): SignedInSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside the session gate');
  return session;
}

/** Whether a role may open a page (or see its sidebar entry): one it may make the page's call for; no call, everyone signed in. */
export function roleMayOpen(needs: Method | undefined, role: Role): boolean {
  return !needs || mayCall(role, needs);
}
