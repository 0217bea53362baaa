import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/core/security/session';
import { methods, type Method } from '../../src/shared/contract';
import { CALL_PERMISSIONS, mayCall, Role, type User } from '../../src/shared/security';

/**
 * `mayCall` is what the screens ask before offering an action; the core enforces the very same
 * table (`CALL_PERMISSIONS`) on every call. These pin the table's meaning and that the two agree.
 */
describe('mayCall', () => {
  it('lets an admin manage accounts, a counsellor change records, an auditor read the trail', () => {
    expect(mayCall('admin', 'users.create')).toBe(true);
    expect(mayCall('counsellor', 'users.create')).toBe(false);
    expect(mayCall('counsellor', 'clients.create')).toBe(true);
    expect(mayCall('auditor', 'clients.create')).toBe(false);
    expect(mayCall('auditor', 'audit.list')).toBe(true);
    expect(mayCall('counsellor', 'audit.list')).toBe(false);
    expect(mayCall('auditor', 'clients.search')).toBe(true);
    expect(mayCall('counsellor', 'fees.save')).toBe(false);
    expect(mayCall('admin', 'fees.save')).toBe(true);
  });

  it('lets everyone make the calls that come before signing in', () => {
    for (const role of Role.options) expect(mayCall(role, 'session.login')).toBe(true);
  });

  it('says no to a name that is no call', () => {
    expect(mayCall('admin', 'clients.explode' as Method)).toBe(false);
    expect(mayCall('admin', 'toString' as Method)).toBe(false);
  });

  it('has a permission for every call of the contract', () => {
    expect(methods.filter((method) => !Object.hasOwn(CALL_PERMISSIONS, method))).toEqual([]);
  });
});

describe('the core and the screens', () => {
  const signedIn = async (role: Role) => {
    const user: User = {
      id: `u-${role}`,
      username: role,
      displayName: role,
      role,
      disabled: false,
      lockedUntil: null,
      createdAt: '2026-01-01T00:00:00Z',
    };
    const session = createSession({
      mode: { kind: 'interactive' },
      accounts: { authenticate: async () => user, isEmpty: () => false } as never,
      audit: { append: () => {} } as never,
      clock: () => new Date(),
      idleLockMinutes: () => 10,
    });
    await session.login(role, 'not checked by the stand-in');
    return session;
  };

  it('refuses exactly the calls mayCall refuses, for every role and every call', async () => {
    for (const role of Role.options) {
      const session = await signedIn(role);
      const refused = methods.filter((method) => {
        try {
          session.authorize(method);
          return false;
        } catch {
          return true;
        }
      });
      expect({ role, refused }).toEqual({ role, refused: methods.filter((m) => !mayCall(role, m)) });
    }
  });
});
