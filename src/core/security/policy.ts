import type { CallOutput, Method, ParsedInput } from '../../shared/contract';
import type { AuditAction } from '../../shared/security';
import type { AuditRecord } from './audit';
import type { Permission } from './session';

/**
 * Who may make each call, and what each successful call leaves in the audit trail. The core
 * checks this on every call (not only the UI); a method without a rule is refused, and a test
 * keeps this table complete as the contract grows.
 */
interface CallRule<M extends Method> {
  permission: Permission;
  /** Audit action for a successful call; none for plain look-ups such as search. */
  audit?: AuditAction;
  /** Ids and counts worth keeping (never names or other personal data). */
  detail?: (input: ParsedInput<M>, output: CallOutput<M>) => AuditRecord['detail'];
}

type Rules = { [M in Method]?: CallRule<M> };

const read: CallRule<Method> = { permission: 'read' };
const view: CallRule<Method> = { permission: 'read', audit: 'view' };
const create: CallRule<Method> = { permission: 'write', audit: 'create' };
const change: CallRule<Method> = { permission: 'write', audit: 'change' };
const remove: CallRule<Method> = { permission: 'write', audit: 'delete' };
const adminChange: CallRule<Method> = { permission: 'admin', audit: 'change' };

export const CALL_RULES: Rules = {
  'system.info': read,
  'system.check': { permission: 'admin' },
  // Versions and the update address: the About box and the updater ask before anyone signs in.
  'system.about': { permission: 'public' },
  'updates.feed': { permission: 'public' },
  'updates.postpone': adminChange,

  'session.status': { permission: 'public' },
  'session.heartbeat': { permission: 'public' },
  'session.setup': { permission: 'public' },
  'session.login': { permission: 'public' },
  'session.logout': { permission: 'public' },
  'session.lock': { permission: 'public' },
  'session.unlock': { permission: 'public' },
  'session.changePassword': { permission: 'read', audit: 'account' },
  'users.list': { permission: 'admin' },
  'users.create': { permission: 'admin', audit: 'account' },
  'users.update': { permission: 'admin', audit: 'account' },
  'settings.security': read,
  'settings.saveSecurity': { permission: 'admin', audit: 'settings' },
  'office.profile': read,
  'office.saveProfile': {
    permission: 'admin',
    audit: 'settings',
    detail: (i) => ({ municipalityCodeEntered: i.office.municipalityCode !== null }),
  },
  'office.finishSetup': { permission: 'admin', audit: 'settings', detail: () => ({ setupFinished: true }) },
  'audit.list': { permission: 'audit' },
  'audit.verify': { permission: 'audit' },
  'backups.list': { permission: 'admin' },
  'backups.create': { permission: 'admin', audit: 'export', detail: (_i, o) => ({ backup: o.reason }) },
  'backups.verify': { permission: 'admin' },
  // Where the backups are also copied, and whether that works: the auditor may see it too. The
  // path itself may name a person (C:\Users\…), so the trail keeps only that one is set.
  'backups.settings': { permission: 'audit' },
  'backups.saveSettings': {
    permission: 'admin',
    audit: 'settings',
    detail: (i) => ({ backupFolderSet: i.folder !== null }),
  },

  'clients.search': read,
  'clients.get': view,
  'clients.create': create,
  'clients.update': change,
  'clients.delete': remove,
  'clients.possibleDuplicates': read,
  'clients.import': {
    permission: 'admin',
    detail: (_i, o) => ({ rows: o.rowCount, created: o.createdCount, committed: o.committed }),
  },
  'clients.exportCsv': { permission: 'admin', audit: 'export', detail: (_i, o) => ({ clients: o.count }) },
  // A person's whole file leaves only with counsellors and admins (not the read-only auditor).
  'clients.exportAll': { permission: 'write', audit: 'export' },
  // The reason may name the person: only its length is kept.
  'clients.erase': {
    permission: 'admin',
    audit: 'delete',
    detail: (i) => ({ reasonLength: i.reason.length }),
  },

  'offices.list': read,
  'offices.save': adminChange,
  'services.log': create,
  'services.list': read,
  'services.remove': remove,
  'procedures.open': create,
  'procedures.advance': change,
  'procedures.update': change,
  'procedures.get': read,
  'procedures.list': read,
  'partners.list': read,
  'partners.save': change,
  'partners.remove': remove,
  'referrals.create': create,
  'referrals.update': change,
  'referrals.list': read,
  // An admin's override of missing consent is kept with its reason (the issue asks for it; the
  // reason is the one free-text field an audit entry may carry).
  'referrals.slip': {
    permission: 'write',
    audit: 'print',
    detail: (i) => (i.override ? { consentOverride: true, overrideReason: i.override.reason } : null),
  },
  'consents.list': read,
  'consents.record': create,
  'consents.withdraw': change,
  'consents.form': { permission: 'write', audit: 'print' },
  'household.link': change,
  'household.unlink': change,
  'household.list': read,
  'household.createChild': create,
  'appointments.book': create,
  'appointments.today': read,
  'appointments.list': read,
  'appointments.markNoShow': change,
  'appointments.markAttended': change,
  'appointments.cancel': change,
  'dashboard.get': read,
  'reports.run': read,
  'reports.export': { permission: 'read', audit: 'export' },

  'packets.procedures': read,
  'packets.preflight': read,
  'packets.render': { permission: 'write', audit: 'print' },
  'packets.list': read,
  'packets.reprint': { permission: 'write', audit: 'print' },
  'packets.recordOutput': { permission: 'write' },
  'fees.list': read,
  'fees.save': adminChange,
  // The Treasury's public list: the first-run wizard offers it before any account exists.
  'municipalities.list': { permission: 'public' },
  'municipalities.save': adminChange,
  'packets.officeSettings': read,
  'packets.saveOfficeSettings': { permission: 'admin', audit: 'settings' },

  'sync.status': read,
  'sync.enroll': { permission: 'admin', audit: 'sync', detail: () => ({ enrolled: true }) },
  'sync.run': { permission: 'write', audit: 'sync' },
  'sync.conflicts': read,
  'sync.resolve': change,
  'sync.offices': read,
  'sync.transfer': { permission: 'admin', audit: 'change' },
  'sync.saveChanges': { permission: 'write', audit: 'sync' },
  'sync.loadAnswer': { permission: 'write', audit: 'sync' },

  // Client documents: opening one (its full content) is a view of the person's file; the list
  // and thumbnails are what the profile shows anyway. Ids and sizes only, never the file name.
  'documents.attach': {
    permission: 'write',
    audit: 'create',
    detail: (_i, o) => ({ documentId: o.id, kind: o.kind, bytes: o.size }),
  },
  'documents.list': read,
  'documents.get': { permission: 'read', audit: 'view', detail: (_i, o) => ({ documentId: o.document.id }) },
  'documents.remove': { permission: 'write', audit: 'delete', detail: (_i, o) => ({ documentId: o.id }) },
  'scans.status': read,
  // The "Scanned papers" inbox: looking at a waiting page is a view (whose it is, is not known
  // yet); assigning files it under the chosen client; discarding deletes its picture.
  'scans.inbox': read,
  'scans.page': { permission: 'read', audit: 'view', detail: (_i, o) => ({ inboxId: o.page.id }) },
  'scans.assign': {
    permission: 'write',
    audit: 'create',
    detail: (_i, o) => ({ inboxId: o.page.id, documentId: o.document.id, kind: o.document.kind }),
  },
  'scans.discard': { permission: 'write', audit: 'delete', detail: (_i, o) => ({ inboxId: o.id }) },
  'scans.import': {
    permission: 'write',
    audit: 'import',
    detail: (_i, o) => ({
      pages: o.pages.length,
      matched: o.pages.filter((p) => p.status === 'matched').length,
      unmatched: o.pages.filter((p) => p.status === 'unmatched').length,
      inbox: o.pages.filter((p) => p.inboxId).length,
    }),
  },
};

/** Imports are audited only when they wrote something; a dry run reads a file, nothing more. */
export function auditActionOf(method: Method, input: unknown): AuditAction | undefined {
  if (method === 'clients.import') return (input as { dryRun?: boolean }).dryRun ? undefined : 'import';
  return CALL_RULES[method]?.audit;
}

const asId = (value: unknown): string | null =>
  typeof value === 'string' && value.length <= 100 ? value : null;

/**
 * Which record a call was about: the client wherever the call names one (so a person's whole
 * trail can be listed), otherwise the area's own record by id.
 */
export function auditedRecord(
  method: Method,
  input: unknown,
  output: unknown,
): Pick<AuditRecord, 'recordType' | 'recordId'> {
  const i = (input ?? {}) as Record<string, unknown>;
  const o = (output ?? {}) as Record<string, unknown>;
  const area = method.split('.')[0]!;
  if (area === 'clients' || method === 'household.createChild') {
    return { recordType: 'client', recordId: asId(i.id) ?? asId(o.id) };
  }
  const clientId = asId(i.clientId) ?? asId(o.clientId);
  if (clientId) return { recordType: 'client', recordId: clientId };
  return { recordType: area, recordId: asId(i.id) ?? asId(o.id) };
}
