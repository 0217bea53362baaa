import type { OfficeProfileFields } from '../../shared/contract/office';
import { AppError } from '../../shared/errors';
import type { Handlers } from '../context';
import type { Accounts } from './accounts';
import type { AuditLog } from './audit';
import { toRecoveryKey } from './keys';
import type { Session } from './session';
import type { OfficeSettings } from './settings';

type SecurityMethod =
  | `session.${'status' | 'heartbeat' | 'setup' | 'login' | 'logout' | 'lock' | 'unlock' | 'changePassword'}`
  | `users.${'list' | 'create' | 'update'}`
  | `settings.${'security' | 'saveSecurity'}`
  | `audit.${'list' | 'verify'}`;

/**
 * What first-run setup asks of the office profile (office/profile.ts), handed in by `createCore`:
 * the office area builds on security's setting store, so security names only these two verbs.
 */
export interface OfficeSetup {
  save(fields: OfficeProfileFields): void;
  markSetupPending(): void;
}

export function securityHandlers(deps: {
  accounts: Accounts;
  audit: AuditLog;
  session: Session;
  settings: OfficeSettings;
  office: OfficeSetup;
  databaseKey: Buffer;
}): Handlers<SecurityMethod> {
  const { accounts, audit, session, settings } = deps;
  return {
    'session.status': () => session.status(),

    'session.heartbeat': () => {
      session.heartbeat();
      return session.status();
    },

    'session.setup': async ({ office, ...account }) => {
      if (!accounts.isEmpty())
        throw new AppError('FORBIDDEN', 'This office is already set up; sign in instead.');
      // The wizard sends the office with the account: both are saved, or neither. Its later
      // steps (server, backups) are then pending until it finishes, even across a restart.
      const user = await accounts.create(
        { ...account, role: 'admin' },
        (created) => {
          if (office) {
            deps.office.save(office);
            deps.office.markSetupPending();
          }
          // In the account's own transaction: no admin exists without these two entries.
          audit.append({
            actorId: created.id,
            actor: created.username,
            action: 'account',
            recordType: 'user',
            recordId: created.id,
            detail: { setup: true, office: office !== undefined },
          });
          audit.append({
            actorId: created.id,
            actor: created.username,
            action: 'recovery_key',
            detail: { shown: true },
          });
        },
        { onlyIfFirst: true },
      );
      session.signInAfterSetup(user);
      return { user, recoveryKey: toRecoveryKey(deps.databaseKey) };
    },

    'session.login': async ({ username, password }) => {
      await session.login(username, password);
      return session.status();
    },

    'session.logout': () => {
      session.logout();
      return session.status();
    },

    'session.lock': () => {
      session.lock();
      return session.status();
    },

    'session.unlock': async ({ password }) => {
      await session.unlock(password);
      return session.status();
    },

    'session.changePassword': async ({ currentPassword, newPassword }) => {
      const user = session.currentUser();
      if (!user) throw new AppError('LOGIN_REQUIRED', 'Please sign in first.');
      if (!(await accounts.checkPassword(user.id, currentPassword))) {
        throw new AppError('LOGIN_FAILED', 'The current password is wrong.', {
          fields: { currentPassword: 'Wrong password' },
        });
      }
      await accounts.setPassword(user.id, newPassword);
      return { changed: true as const };
    },

    'users.list': () => accounts.list(),

    'users.create': (input) => accounts.create(input),

    'users.update': async ({ id, newPassword, ...changes }) => {
      if (newPassword) await accounts.setPassword(id, newPassword);
      const user = accounts.update(id, changes);
      session.refresh(user);
      return user;
    },

    'settings.security': () => ({ idleLockMinutes: settings.idleLockMinutes() }),

    'settings.saveSecurity': ({ idleLockMinutes }) => {
      settings.setIdleLockMinutes(idleLockMinutes);
      return { idleLockMinutes };
    },

    'audit.list': (filter) => audit.list(filter),

    'audit.verify': () => audit.verify(),
  };
}
