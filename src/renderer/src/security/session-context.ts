import { createContext, useContext } from 'react';
import type { SessionStatus } from '../../../shared/contract/security';
import type { Role, User } from '../../../shared/security';

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

/** Which roles may open a page or see its sidebar entry; no list means everyone signed in. */
export function roleMayOpen(roles: readonly Role[] | undefined, role: Role): boolean {
  return !roles || roles.includes(role);
}
