/**
 * Which open views go stale after which calls: the one place that knows it.
 *
 * Data is grouped in areas ("clients", "consents", …). A read call shows some areas (READS; by
 * default the area its name starts with). A write call changes some areas (WRITES; by default its
 * own). `api.call` reports every successful write here, and every open view (`useLoad`) whose
 * load read one of the changed areas loads again, so a fix saved in the packet check shows on the
 * profile, and consent recorded from a referral shows on the consent card, without a reload.
 *
 * A call listed nowhere is classified by its verb (`documents.list` reads "documents",
 * `documents.save` writes it), so a new area works before anyone lists it here; the renderer
 * test checks that every call of the contract is classified on purpose.
 */

export type Area = string;
/** Stands for every area: a sync run or a transfer may change anything. */
export const EVERY_AREA = '*';

const CLIENT_RECORD: readonly Area[] = [
  'clients',
  'consents',
  'referrals',
  'services',
  'procedures',
  'appointments',
  'household',
  'packets',
  'documents',
];

/** Reads and the areas whose change makes their answer stale. An empty list: never shown live (exports, files). */
export const READS: Readonly<Record<string, readonly Area[]>> = {
  'system.info': ['clients'], // it counts the clients
  'system.check': [],
  'system.about': [],
  'updates.feed': ['updates'],
  'session.status': ['session'],
  'session.heartbeat': [],
  'users.list': ['users'],
  'settings.security': ['settings'],
  'audit.list': ['audit'],
  'audit.verify': [],
  'office.profile': ['office'],
  'backups.list': ['backups'],
  'backups.settings': ['backups'],
  'backups.verify': [],
  'clients.search': ['clients'],
  'clients.get': ['clients'],
  'clients.possibleDuplicates': ['clients'],
  'clients.exportCsv': [],
  'clients.exportAll': [],
  'offices.list': ['offices'],
  'services.list': ['services'],
  'procedures.get': ['procedures'],
  'procedures.list': ['procedures'],
  'partners.list': ['partners'],
  'referrals.list': ['referrals', 'partners', 'consents'],
  'referrals.slip': [],
  'household.list': ['household', 'clients'],
  'appointments.today': ['appointments', 'clients', 'offices'],
  'appointments.list': ['appointments', 'offices'],
  'dashboard.get': ['clients', 'appointments', 'procedures', 'services', 'referrals', 'consents', 'office'],
  'reports.run': ['clients', 'appointments', 'procedures', 'services', 'referrals', 'consents', 'offices'],
  'reports.export': [],
  'consents.list': ['consents', 'partners'],
  'consents.form': [],
  'packets.procedures': ['packets'],
  'packets.preflight': ['clients', 'fees', 'municipalities', 'office', 'documents'],
  'packets.list': ['packets'],
  'packets.reprint': [],
  'packets.officeSettings': ['office', 'packets'],
  'fees.list': ['fees'],
  'municipalities.list': ['municipalities'],
  'sync.status': ['sync'],
  'sync.preview': ['sync'],
  'sync.conflicts': ['sync'],
  'sync.offices': ['offices'],
  'documents.list': ['documents'],
  // A document's full content: opened on a click, never shown live.
  'documents.get': [],
  'scans.status': ['documents'],
  'scans.inbox': ['scans'],
  'scans.page': [],
};

/** Writes whose effect reaches past their own area. */
export const WRITES: Readonly<Record<string, readonly Area[]>> = {
  'clients.delete': CLIENT_RECORD,
  'clients.erase': CLIENT_RECORD,
  'household.createChild': ['household', 'clients'],
  // A referral may record the client's consent with it, and consent decides a referral's slip.
  'referrals.create': ['referrals', 'consents'],
  'referrals.update': ['referrals', 'consents'],
  'consents.record': ['consents', 'referrals'],
  'consents.withdraw': ['consents', 'referrals'],
  'packets.recordOutput': ['packets'],
  'packets.saveOfficeSettings': ['office', 'packets'],
  'office.finishSetup': ['office'],
  'office.saveProfile': ['office', 'offices'],
  'offices.save': ['offices', 'office'],
  'sync.run': [EVERY_AREA],
  'sync.resolve': [EVERY_AREA],
  'sync.transfer': [EVERY_AREA],
  'sync.enroll': ['sync'],
  'sync.saveChanges': ['sync'],
  'sync.cancel': ['sync'],
  'sync.loadAnswer': [EVERY_AREA],
  'documents.attach': ['documents'],
  'settings.saveSecurity': ['settings'],
  'backups.saveSettings': ['backups'],
  // Scan-in files pages on clients and ticks the procedure step a signed form completes.
  'scans.import': ['documents', 'procedures', 'scans'],
  // Assigning an inbox page keeps it on the client; discarding only empties the inbox.
  'scans.assign': ['scans', 'documents'],
  'scans.discard': ['scans'],
};

/** The verbs that only read, for calls not listed above. */
const READ_VERB =
  /^(get|list|search|status|profile|today|preflight|form|slip|feed|info|about|check|verify|export\w*|conflicts|offices|settings|procedures|possibleDuplicates|reprint|heartbeat)$/;

function areaOf(method: string): Area {
  return method.slice(0, method.indexOf('.'));
}

/** The areas a read shows, or null when the call is a write. */
export function areasRead(method: string): readonly Area[] | null {
  const listed = READS[method];
  if (listed) return listed;
  if (method in WRITES) return null;
  return READ_VERB.test(method.slice(method.indexOf('.') + 1)) ? [areaOf(method)] : null;
}

/** The areas a successful write changes (every write adds to the audit trail). */
export function areasWritten(method: string): readonly Area[] {
  if (areasRead(method)) return [];
  return [...(WRITES[method] ?? [areaOf(method)]), 'audit'];
}

export function touches(read: Iterable<Area>, written: readonly Area[]): boolean {
  if (written.includes(EVERY_AREA)) return true;
  for (const area of read) if (written.includes(area)) return true;
  return false;
}

type Listener = (written: readonly Area[]) => void;
const listeners = new Set<Listener>();

/** Calls `listener` after every successful write with the areas it changed. */
export function onInvalidate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `api.call` reports each successful call here. */
export function callSucceeded(method: string): void {
  const written = areasWritten(method);
  if (written.length === 0) return;
  for (const listener of listeners) listener(written);
}

// The reads a view's load makes: its calls start synchronously when the load starts
// (`() => api.call(…)` or `Promise.all([…])`), so they are noted while it starts.
let noting: Set<Area> | null = null;

/** Runs `start` and returns the areas its calls (made while it starts) read. */
export function noteReads<T>(start: () => T): { result: T; areas: Set<Area> } {
  const previous = noting;
  const areas = new Set<Area>();
  noting = areas;
  try {
    return { result: start(), areas };
  } finally {
    noting = previous;
  }
}

/** `api.call` reports each call as it starts. */
export function callStarted(method: string): void {
  if (!noting) return;
  for (const area of areasRead(method) ?? []) noting.add(area);
}
