import { z } from 'zod';
import { AuditAction, AuditEntry, AuditVerification, Password, Role, User, Username } from '../security';
import { defineCalls } from './define';
import { OfficeProfileInput } from './office';

export const SessionStatus = z.object({
  /** No account exists yet: the first run creates the office admin. */
  setupNeeded: z.boolean(),
  user: User.nullable(),
  locked: z.boolean(),
  idleLockMinutes: z.number().int(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

const NewAccount = z.object({
  username: Username,
  displayName: z.string().trim().min(1, 'Required').max(100),
  password: Password,
});

export const securityCalls = defineCalls({
  'session.status': {
    summary: 'Who is signed in, whether the session is locked, whether setup is needed',
    input: z.object({}).strict(),
    output: SessionStatus,
  },
  'session.heartbeat': {
    summary: 'The person is still at the desk (typing, reading): keeps an unlocked session from idling out',
    input: z.object({}).strict(),
    output: SessionStatus,
  },
  'session.setup': {
    summary:
      'First run: create the office admin (and the office profile); returns the recovery key, shown this once',
    /** With `office`, the account and the office profile are saved together or not at all. */
    input: NewAccount.extend({ office: OfficeProfileInput.optional() }).strict(),
    output: z.object({ user: User, recoveryKey: z.string().nullable() }),
  },
  'session.login': {
    summary: 'Sign in',
    input: z.object({ username: z.string().max(100), password: z.string().max(200) }).strict(),
    output: SessionStatus,
  },
  'session.logout': {
    summary: 'Sign out',
    input: z.object({}).strict(),
    output: SessionStatus,
  },
  'session.lock': {
    summary: 'Lock the session now (leaving the desk)',
    input: z.object({}).strict(),
    output: SessionStatus,
  },
  'session.unlock': {
    summary: "Unlock a locked session with the signed-in person's password",
    input: z.object({ password: z.string().max(200) }).strict(),
    output: SessionStatus,
  },
  'session.changePassword': {
    summary: 'Change your own password',
    input: z.object({ currentPassword: z.string().max(200), newPassword: Password }).strict(),
    output: z.object({ changed: z.literal(true) }),
  },
  'users.list': {
    summary: 'Staff accounts (admin)',
    input: z.object({}).strict(),
    output: z.array(User),
  },
  'users.create': {
    summary: 'Add a staff account (admin)',
    input: NewAccount.extend({ role: Role }).strict(),
    output: User,
  },
  'users.update': {
    summary: 'Change a role or name, disable or re-enable an account, or set a new password (admin)',
    input: z
      .object({
        id: z.string(),
        displayName: z.string().trim().min(1).max(100).optional(),
        role: Role.optional(),
        disabled: z.boolean().optional(),
        newPassword: Password.optional(),
      })
      .strict(),
    output: User,
  },
  'settings.security': {
    summary: 'Idle minutes before the session locks itself',
    input: z.object({}).strict(),
    output: z.object({ idleLockMinutes: z.number().int() }),
  },
  'settings.saveSecurity': {
    summary: 'Change the idle lock (admin)',
    input: z.object({ idleLockMinutes: z.number().int().min(1).max(240) }).strict(),
    output: z.object({ idleLockMinutes: z.number().int() }),
  },
  'audit.list': {
    summary: 'The audit trail, newest first, filtered (admin, auditor)',
    input: z
      .object({
        from: z.string().optional(),
        to: z.string().optional(),
        actor: z.string().max(100).optional(),
        action: AuditAction.optional(),
        recordId: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ items: z.array(AuditEntry), hasMore: z.boolean() }),
  },
  'audit.verify': {
    summary: 'Check the audit chain for edited, removed or reordered entries (admin, auditor)',
    input: z.object({}).strict(),
    output: AuditVerification,
  },
});
