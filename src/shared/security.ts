import { z } from 'zod';
import type { Method } from './contract';

/** Staff roles: an admin manages accounts, fees and the audit trail; an auditor only reads. */
export const Role = z.enum(['admin', 'counsellor', 'auditor']);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .min(2, 'At least 2 characters')
  .max(40, 'At most 40 characters')
  .regex(/^[\p{L}\p{N}._-]+$/u, 'Letters, digits, dot, dash and underscore only');

export const Password = z.string().min(10, 'At least 10 characters').max(200, 'At most 200 characters');

export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const AuditAction = z.enum([
  'view',
  'create',
  'change',
  'delete',
  'print',
  'export',
  'import',
  'sync',
  'login',
  'login_failed',
  'logout',
  'lock',
  'unlock',
  'access_denied',
  'account',
  'settings',
  'recovery_key',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actor: z.string(),
  action: AuditAction,
  method: z.string().nullable(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  problems: z.array(z.object({ seq: z.number().int().nullable(), problem: z.string() })),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

/**
 * What a call needs: nothing (before anyone signs in), any signed-in person, someone who may
 * change records, an admin, or audit rights.
 */
export type Permission = 'public' | 'read' | 'write' | 'admin' | 'audit';

/** What each role may do; the CLI and tests run as a system actor with admin rights. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['public', 'read', 'write', 'admin', 'audit'],
  counsellor: ['public', 'read', 'write'],
  auditor: ['public', 'read', 'audit'],
};

/**
 * Who may make each call: the one table the core enforces on every call (core/security) and the
 * screens ask through `mayCall` to offer only what a person may do. A `Record` over every method,
 * so a call added to the contract does not compile until it is given a permission here.
 */
export const CALL_PERMISSIONS: Record<Method, Permission> = {
  'system.info': 'read',
  'system.check': 'admin',
  // Versions and the update address: the About box and the updater ask before anyone signs in.
  'system.about': 'public',
  'updates.feed': 'public',
  'updates.postpone': 'admin',
  'session.status': 'public',
  'session.heartbeat': 'public',
  'session.setup': 'public',
  'session.login': 'public',
  'session.logout': 'public',
  'session.lock': 'public',
  'session.unlock': 'public',
  'session.changePassword': 'read',
  'users.list': 'admin',
  'users.create': 'admin',
  'users.update': 'admin',
  'settings.security': 'read',
  'settings.saveSecurity': 'admin',
  'office.profile': 'read',
  'office.saveProfile': 'admin',
  'office.finishSetup': 'admin',
  'audit.list': 'audit',
  'audit.verify': 'audit',
  'backups.list': 'admin',
  'backups.create': 'admin',
  'backups.verify': 'admin',
  // Where the backups are also copied, and whether that works: the auditor may see it too.
  'backups.settings': 'audit',
  'backups.saveSettings': 'admin',
  'clients.search': 'read',
  'clients.get': 'read',
  'clients.create': 'write',
  'clients.update': 'write',
  'clients.delete': 'write',
  'clients.possibleDuplicates': 'read',
  'clients.import': 'admin',
  'clients.exportCsv': 'admin',
  // A person's whole file leaves only with counsellors and admins (not the read-only auditor).
  'clients.exportAll': 'write',
  'clients.erase': 'admin',
  'offices.list': 'read',
  'offices.save': 'admin',
  'services.log': 'write',
  'services.list': 'read',
  'services.remove': 'write',
  'procedures.open': 'write',
  'procedures.advance': 'write',
  'procedures.update': 'write',
  'procedures.get': 'read',
  'procedures.list': 'read',
  'partners.list': 'read',
  'partners.save': 'write',
  'partners.remove': 'write',
  'referrals.create': 'write',
  'referrals.update': 'write',
  'referrals.list': 'read',
  'referrals.slip': 'write',
  'consents.list': 'read',
  'consents.record': 'write',
  'consents.withdraw': 'write',
  'consents.form': 'write',
  'household.link': 'write',
  'household.unlink': 'write',
  'household.list': 'read',
  'household.createChild': 'write',
  'appointments.book': 'write',
  'appointments.today': 'read',
  'appointments.list': 'read',
  'appointments.markNoShow': 'write',
  'appointments.markAttended': 'write',
  'appointments.cancel': 'write',
  'dashboard.get': 'read',
  'reports.run': 'read',
  'reports.export': 'read',
  'packets.procedures': 'read',
  'packets.preflight': 'read',
  'packets.render': 'write',
  'packets.list': 'read',
  'packets.reprint': 'write',
  'packets.recordOutput': 'write',
  'fees.list': 'read',
  'fees.save': 'admin',
  // The Treasury's public list: the first-run wizard offers it before any account exists.
  'municipalities.list': 'public',
  'municipalities.save': 'admin',
  'packets.officeSettings': 'read',
  'packets.saveOfficeSettings': 'admin',
  'sync.status': 'read',
  'sync.enroll': 'admin',
  'sync.run': 'write',
  'sync.preview': 'read',
  'sync.cancel': 'write',
  'sync.conflicts': 'read',
  'sync.resolve': 'write',
  'sync.offices': 'read',
  'sync.transfer': 'admin',
  'sync.saveChanges': 'write',
  'sync.loadAnswer': 'write',
  'documents.attach': 'write',
  'documents.list': 'read',
  'documents.get': 'read',
  'documents.remove': 'write',
  'scans.status': 'read',
  'scans.inbox': 'read',
  'scans.page': 'read',
  'scans.assign': 'write',
  'scans.discard': 'write',
  'scans.import': 'write',
};

/** True when a person with `role` may make `method`; false for a name that is no call (fail closed). */
export function mayCall(role: Role, method: Method): boolean {
  if (!Object.hasOwn(CALL_PERMISSIONS, method)) return false;
  return ROLE_PERMISSIONS[role].includes(CALL_PERMISSIONS[method]);
}
