import { z } from 'zod';

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
