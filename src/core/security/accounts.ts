import type { Role, User } from '../../shared/security';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import { uuidv7 } from '../ids';
import { apartFromCallAudit } from './audited-calls';
import { hashPassword, verifyPassword } from './passwords';

/** Staff accounts: scrypt hashes, lockout after repeated failures, disabled rather than deleted. */

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  deleted_at: string | null;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.deleted_at !== null,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

export function createAccounts(db: Db, clock: () => Date) {
  const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const countActiveAdmins = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM users WHERE role = 'admin' AND deleted_at IS NULL",
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const recordFailure = db.prepare(
    'UPDATE users SET failed_attempts = failed_attempts + 1, locked_until = @lockedUntil, updated_at = @now WHERE id = @id',
  );
  const recordSuccess = db.prepare(
    'UPDATE users SET failed_attempts = 0, locked_until = NULL, updated_at = @now WHERE id = @id AND failed_attempts = @attempts',
  );
  /** Another process counted a failure while this attempt's hash was compared: keep that one. */
  const giveBack = db.prepare(
    'UPDATE users SET failed_attempts = max(failed_attempts - 1, 0), updated_at = @now WHERE id = @id',
  );

  /**
   * Attempts on one account run one after another: 40 wrong passwords and the right one sent at
   * once are checked in arrival order, so the lockout counts every one of them.
   */
  const queues = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(id: string, attempt: () => Promise<T>): Promise<T> {
    const previous = queues.get(id) ?? Promise.resolve();
    const run = previous.then(attempt, attempt);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(id, settled);
    void settled.then(() => {
      if (queues.get(id) === settled) queues.delete(id);
    });
    return run;
  }

  /**
   * One password attempt on an account: the lockout is checked and the attempt counted in one
   * transaction *before* the hash is compared, so neither a burst of attempts from several
   * processes nor a kill during the comparison goes uncounted; the right password then takes its
   * own count back (and clears the earlier ones, unless someone else failed in the meantime).
   */
  async function attempt(id: string, password: string): Promise<'ok' | 'wrong'> {
    const reserve = db.transaction(() => {
      const row = mustGet(id);
      const now = clock();
      if (row.locked_until && row.locked_until > now.toISOString()) {
        const minutes = Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 60_000);
        throw new AppError(
          'ACCOUNT_LOCKED',
          `Too many failed attempts; try again in ${minutes} min or ask an admin.`,
          { detail: { lockedUntil: row.locked_until } },
        );
      }
      const attempts = row.failed_attempts + 1;
      const lockedUntil =
        attempts >= MAX_FAILED_ATTEMPTS
          ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString()
          : null;
      recordFailure.run({ id, lockedUntil, now: now.toISOString() });
      return { hash: row.password_hash, attempts };
    });
    const { hash, attempts } = apartFromCallAudit(() => reserve.immediate());
    if (!(await verifyPassword(password, hash))) return 'wrong';
    apartFromCallAudit(() =>
      db
        .transaction(() => {
          const now = clock().toISOString();
          if (recordSuccess.run({ id, now, attempts }).changes === 0) giveBack.run({ id, now });
        })
        .immediate(),
    );
    return 'ok';
  }

  function mustGet(id: string): UserRow {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'No such account.');
    return row;
  }

  return {
    isEmpty(): boolean {
      return (countAll.get()?.n ?? 0) === 0;
    },

    get(id: string): User {
      return toUser(mustGet(id));
    },

    list(): User[] {
      return db
        .prepare<[], UserRow>('SELECT * FROM users ORDER BY deleted_at IS NOT NULL, username')
        .all()
        .map(toUser);
    },

    /**
     * `alongside` runs in the same transaction as the insert (first-run setup saves the office
     * profile there): if it throws, the account is not created either.
     */
    async create(
      input: { username: string; displayName: string; role: Role; password: string },
      alongside?: (user: User) => void,
      { onlyIfFirst = false }: { onlyIfFirst?: boolean } = {},
    ): Promise<User> {
      const passwordHash = await hashPassword(input.password);
      const now = clock().toISOString();
      const id = uuidv7();
      return db
        .transaction(() => {
          // First-run setup: checked again inside the write lock, so of three setups sent at
          // once exactly one creates the admin and the others are refused.
          if (onlyIfFirst && (countAll.get()?.n ?? 0) > 0)
            throw new AppError('FORBIDDEN', 'This office is already set up; sign in instead.');
          try {
            db.prepare(
              `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
            ).run(id, input.username, input.displayName, input.role, passwordHash, now, now);
          } catch (error) {
            if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
              throw new AppError('VALIDATION', `The username "${input.username}" is taken.`, {
                fields: { username: 'Taken' },
              });
            }
            throw error;
          }
          const user = toUser(mustGet(id));
          alongside?.(user);
          return user;
        })
        .immediate();
    },

    /** Checks a login; counts failures and locks the account for a while after too many. */
    async authenticate(username: string, password: string): Promise<User> {
      const row = byName.get(username.trim());
      const refused = new AppError('LOGIN_FAILED', 'Wrong username or password.');
      if (!row || row.deleted_at) {
        await hashPassword(password); // same time as a real check, so names cannot be probed
        throw refused;
      }
      const result = await oneAtATime(row.id, () => attempt(row.id, password));
      if (result === 'wrong') throw refused;
      return toUser(mustGet(row.id));
    },

    /** The password of a signed-in account (unlock, password change), counted like a sign-in. */
    async checkPassword(id: string, password: string): Promise<boolean> {
      return (await oneAtATime(id, () => attempt(id, password))) === 'ok';
    },

    async setPassword(id: string, password: string): Promise<void> {
      const passwordHash = await hashPassword(password);
      db.prepare(
        'UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
      ).run(passwordHash, clock().toISOString(), mustGet(id).id);
    },

    /** Role, name and disabling; the last active admin cannot be demoted or disabled. */
    update(id: string, changes: { displayName?: string; role?: Role; disabled?: boolean }): User {
      return db
        .transaction(() => {
          const row = mustGet(id);
          const role = changes.role ?? row.role;
          const disabled = changes.disabled ?? row.deleted_at !== null;
          const losesAdmin =
            row.role === 'admin' && row.deleted_at === null && (role !== 'admin' || disabled);
          if (losesAdmin && (countActiveAdmins.get()?.n ?? 0) <= 1) {
            throw new AppError('VALIDATION', 'This is the only active admin; make another admin first.');
          }
          const now = clock().toISOString();
          db.prepare(
            `UPDATE users SET display_name = ?, role = ?, deleted_at = ?, failed_attempts = 0, locked_until = NULL,
               updated_at = ? WHERE id = ?`,
          ).run(
            changes.displayName ?? row.display_name,
            role,
            disabled ? (row.deleted_at ?? now) : null,
            now,
            id,
          );
          return toUser(mustGet(id));
        })
        .immediate();
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
