import type { CallOutput, Method, ParsedInput } from '../../shared/contract';
import type { AuditAction } from '../../shared/security';
import type { AuditRecord } from './audit';

/**
 * What each successful call leaves in the audit trail. Who may make it is the shared table
 * (`CALL_PERMISSIONS` in shared/security.ts), which the core checks on every call and the screens
 * read through `mayCall`. Both are total over the contract's methods, so a new call does not
 * compile until it has its permission and its entry here.
 */
interface CallRule<M extends Method> {
  /** Audit action for a successful call; none for plain look-ups such as search. */
  audit?: AuditAction;
  /** Ids and counts worth keeping (never names or other personal data). */
  detail?: (input: ParsedInput<M>, output: CallOutput<M>) => AuditRecord['detail'];
}

type Rules = { [M in Method]: CallRule<M> };

/** Plain look-ups and session calls (which audit themselves in security/session.ts). */
const quiet: CallRule<Method> = {};
const view: CallRule<Method> = { audit: 'view' };
const create: CallRule<Method> = { audit: 'create' };
const change: CallRule<Method> = { audit: 'change' };
const remove: CallRule<Method> = { audit: 'delete' };

export const CALL_RULES: Rules = {
  'system.info': quiet,
  'system.check': quiet,
  'system.about': quiet,
  'updates.feed': quiet,
  'updates.postpone': change,

  'session.status': quiet,
  'session.heartbeat': quiet,
  'session.setup': quiet,
  'session.login': quiet,
  'session.logout': quiet,
  'session.lock': quiet,
  'session.unlock': quiet,
  'session.changePassword': { audit: 'account' },
  'users.list': quiet,
  'users.create': { audit: 'account' },
  'users.update': { audit: 'account' },
  'settings.security': quiet,
  'settings.saveSecurity': { audit: 'settings' },
  'office.profile': quiet,
  'office.saveProfile': {
    audit: 'settings',
    detail: (i) => ({ municipalityCodeEntered: i.office.municipalityCode !== null }),
  },
  'office.finishSetup': { audit: 'settings', detail: () => ({ setupFinished: true }) },
  'audit.list': quiet,
  'audit.verify': quiet,
  'backups.list': quiet,
  'backups.create': { audit: 'export', detail: (_i, o) => ({ backup: o.reason }) },
  'backups.verify': quiet,
  'backups.settings': quiet,
  // The backup folder's path may name a person (C:\Users\…), so the trail keeps only that one is set.
  'backups.saveSettings': {
    audit: 'settings',
    detail: (i) => ({ backupFolderSet: i.folder !== null }),
  },

  'clients.search': quiet,
  'clients.get': view,
  'clients.create': create,
  'clients.update': change,
  'clients.delete': remove,
  'clients.possibleDuplicates': quiet,
  'clients.import': {
    detail: (_i, o) => ({ rows: o.rowCount, created: o.createdCount, committed: o.committed }),
  },
  'clients.exportCsv': { audit: 'export', detail: (_i, o) => ({ clients: o.count }) },
  'clients.exportAll': { audit: 'export' },
  // The reason may name the person: only its length is kept.
  'clients.erase': {
    audit: 'delete',
    detail: (i) => ({ reasonLength: i.reason.length }),
  },

  'offices.list': quiet,
  'offices.save': change,
  'services.log': create,
  'services.list': quiet,
  'services.remove': remove,
  'procedures.open': create,
  'procedures.advance': change,
  'procedures.update': change,
  'procedures.get': quiet,
  'procedures.list': quiet,
  'partners.list': quiet,
  'partners.save': change,
  'partners.remove': remove,
  'referrals.create': create,
  'referrals.update': change,
  'referrals.list': quiet,
  // An admin's override of missing consent is kept with its reason (the issue asks for it; the
  // reason is the one free-text field an audit entry may carry).
  'referrals.slip': {
    audit: 'print',
    detail: (i) => (i.override ? { consentOverride: true, overrideReason: i.override.reason } : null),
  },
  'consents.list': quiet,
  'consents.record': create,
  'consents.withdraw': change,
  'consents.form': { audit: 'print' },
  'household.link': change,
  'household.unlink': change,
  'household.list': quiet,
  'household.createChild': create,
  'appointments.book': create,
  'appointments.today': quiet,
  'appointments.list': quiet,
  'appointments.markNoShow': change,
  'appointments.markAttended': change,
  'appointments.cancel': change,
  'dashboard.get': quiet,
  'reports.run': quiet,
  'reports.export': { audit: 'export' },

  'packets.procedures': quiet,
  'packets.preflight': quiet,
  'packets.render': { audit: 'print' },
  'packets.list': quiet,
  'packets.reprint': { audit: 'print' },
  'packets.recordOutput': quiet,
  'fees.list': quiet,
  'fees.save': change,
  'municipalities.list': quiet,
  'municipalities.save': change,
  'packets.officeSettings': quiet,
  'packets.saveOfficeSettings': { audit: 'settings' },

  'sync.status': quiet,
  'sync.enroll': { audit: 'sync', detail: () => ({ enrolled: true }) },
  'sync.run': { audit: 'sync' },
  'sync.preview': quiet,
  'sync.cancel': quiet,
  'sync.conflicts': quiet,
  'sync.resolve': change,
  'sync.offices': quiet,
  'sync.transfer': { audit: 'change' },
  'sync.saveChanges': { audit: 'sync' },
  'sync.loadAnswer': { audit: 'sync' },

  // Client documents: opening one (its full content) is a view of the person's file; the list
  // and thumbnails are what the profile shows anyway. Ids and sizes only, never the file name.
  'documents.attach': {
    audit: 'create',
    detail: (_i, o) => ({ documentId: o.id, kind: o.kind, bytes: o.size }),
  },
  'documents.list': quiet,
  'documents.get': { audit: 'view', detail: (_i, o) => ({ documentId: o.document.id }) },
  'documents.remove': { audit: 'delete', detail: (_i, o) => ({ documentId: o.id }) },
  'scans.status': quiet,
  // The "Scanned papers" inbox: looking at a waiting page is a view (whose it is, is not known
  // yet); assigning files it under the chosen client; discarding deletes its picture.
  'scans.inbox': quiet,
  'scans.page': { audit: 'view', detail: (_i, o) => ({ inboxId: o.page.id }) },
  'scans.assign': {
    audit: 'create',
    detail: (_i, o) => ({ inboxId: o.page.id, documentId: o.document.id, kind: o.document.kind }),
  },
  'scans.discard': { audit: 'delete', detail: (_i, o) => ({ inboxId: o.id }) },
  'scans.import': {
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
  return CALL_RULES[method].audit;
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
