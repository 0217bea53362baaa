import type { SessionStatus } from '../../shared/contract/security';
import { AppError } from '../../shared/errors';
import type { Method } from '../../shared/contract';
import { CALL_PERMISSIONS, mayCall, type Role, type User } from '../../shared/security';
import type { Accounts } from './accounts';
import type { AuditLog } from './audit';

/**
 * Who is making calls. A desktop or web-host core is interactive: one person signs in, the
 * session locks itself after idle minutes, and each call is checked against that person's role.
 * The CLI and tests run as a named system actor with admin rights (whoever can run them can
 * read the key file anyway), and their calls are audited under that name.
 */
export type AccessMode = { kind: 'interactive' } | { kind: 'system'; actor: string };

export interface Actor {
  id: string | null;
  name: string;
  role: Role;
}

export const DEFAULT_IDLE_LOCK_MINUTES = 10;

export function createSession(deps: {
  mode: AccessMode;
  accounts: Accounts;
  audit: AuditLog;
  clock: () => Date;
  idleLockMinutes: () => number;
}) {
  const { mode, accounts, audit, clock } = deps;
  let user: User | null = null;
  let locked = false;
  let lastActivity = 0;

  const systemActor: Actor | null =
    mode.kind === 'system' ? { id: null, name: mode.actor, role: 'admin' } : null;

  function actorOf(u: User): Actor {
    return { id: u.id, name: u.username, role: u.role };
  }

  function lockIfIdle(): void {
    if (!user || locked) return;
    if (clock().getTime() - lastActivity > deps.idleLockMinutes() * 60_000) {
      locked = true;
      audit.append({ actorId: user.id, actor: user.username, action: 'lock', detail: { reason: 'idle' } });
    }
  }

  return {
    status(): SessionStatus {
      lockIfIdle();
      return {
        setupNeeded: accounts.isEmpty(),
        user: systemActor ? null : user,
        locked,
        idleLockMinutes: deps.idleLockMinutes(),
      };
    },

    /**
     * The actor for `method` when the shared table (`CALL_PERMISSIONS`, the screens' `mayCall`)
     * lets this person make it; refuses (and audits the refusal) otherwise.
     */
    authorize(method: Method): Actor | null {
      if (systemActor) return systemActor;
      if (CALL_PERMISSIONS[method] === 'public') return user ? actorOf(user) : null;
      if (!user) throw new AppError('LOGIN_REQUIRED', 'Please sign in first.');
      lockIfIdle();
      if (locked)
        throw new AppError('SESSION_LOCKED', 'The session is locked; enter your password to continue.');
      if (!mayCall(user.role, method)) {
        audit.append({ actorId: user.id, actor: user.username, action: 'access_denied', method });
        throw new AppError('FORBIDDEN', 'Your role does not allow this; ask an office admin.');
      }
      lastActivity = clock().getTime();
      return actorOf(user);
    },

    async login(username: string, password: string): Promise<void> {
      if (systemActor) return;
      try {
        const signedIn = await accounts.authenticate(username, password);
        user = signedIn;
        locked = false;
        lastActivity = clock().getTime();
        audit.append({ actorId: signedIn.id, actor: signedIn.username, action: 'login' });
      } catch (error) {
        audit.append({ actorId: null, actor: username.slice(0, 100), action: 'login_failed' });
        throw error;
      }
    },

    /** Activity in the window without calls (a long form being typed) counts as presence. */
    heartbeat(): void {
      lockIfIdle();
      if (user && !locked) lastActivity = clock().getTime();
    },

    signInAfterSetup(created: User): void {
      if (systemActor) return;
      user = created;
      locked = false;
      lastActivity = clock().getTime();
    },

    logout(): void {
      if (user) audit.append({ actorId: user.id, actor: user.username, action: 'logout' });
      user = null;
      locked = false;
    },

    lock(): void {
      if (user && !locked) {
        locked = true;
        audit.append({ actorId: user.id, actor: user.username, action: 'lock', detail: { reason: 'asked' } });
      }
    },

    async unlock(password: string): Promise<void> {
      if (!user) throw new AppError('LOGIN_REQUIRED', 'Please sign in first.');
      if (!(await accounts.checkPassword(user.id, password))) {
        audit.append({
          actorId: user.id,
          actor: user.username,
          action: 'login_failed',
          detail: { unlock: true },
        });
        throw new AppError('LOGIN_FAILED', 'Wrong password.');
      }
      locked = false;
      lastActivity = clock().getTime();
      audit.append({ actorId: user.id, actor: user.username, action: 'unlock' });
    },

    /** Keeps the in-memory session in step when an admin changes or disables the signed-in account. */
    refresh(changed: User): void {
      if (user?.id !== changed.id) return;
      user = changed.disabled ? null : changed;
    },

    currentUser(): User | null {
      return user;
    },
  };
}

export type Session = ReturnType<typeof createSession>;
