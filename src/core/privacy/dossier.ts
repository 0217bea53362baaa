import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import { exportedDocuments } from '../documents/export';
import { CONSENT_TABLE, clientRowIds, rowsById, tableExists, type SqlRow } from './rows';

/**
 * Everything held about one client, gathered for a data subject access request: the record,
 * documents, casework, household links, printed packets (what was printed, not the copy of the
 * record a packet keeps), consents, and the audit trail about the person and their rows. Rows
 * keep every column (camelCased), removed rows included: they are held too.
 */

export interface Dossier {
  format: 'msc-desk.client-export/1';
  exportedAt: string;
  client: SqlRow;
  documents: SqlRow[];
  services: SqlRow[];
  procedures: (SqlRow & { steps: SqlRow[]; history: SqlRow[]; packets: SqlRow[] })[];
  referrals: SqlRow[];
  appointments: SqlRow[];
  household: SqlRow[];
  printedPackets: (SqlRow & { events: SqlRow[] })[];
  /** Absent when this database has no consent register yet. */
  consents?: SqlRow[];
  /** Scans and photos kept on the client (src/core/documents), each with its content as base64. */
  attachedDocuments?: ReturnType<typeof exportedDocuments>;
  audit: SqlRow[];
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_m, letter: string) => letter.toUpperCase());

function camelRow(row: SqlRow, omit: readonly string[] = []): SqlRow {
  const out: SqlRow = {};
  for (const [key, value] of Object.entries(row)) if (!omit.includes(key)) out[camel(key)] = value;
  return out;
}

/** `relation` says what the related client is to `client_id`; read from the other side it turns round. */
const REVERSED: Record<string, string> = {
  child: 'parent',
  parent: 'child',
  grandchild: 'grandparent',
  grandparent: 'grandchild',
};

/** Columns that only serve this device (the search index key, the FTS row number). */
const DERIVED_CLIENT_COLUMNS = ['n', 'search_key'] as const;
/** The render inputs of a packet are a copy of the client record; the export lists what was printed. */
const PACKET_COPY_COLUMNS = ['snapshot', 'template_rows'] as const;

export function gatherDossier(db: Db, clientId: string, now: Date): Dossier {
  const ids = clientRowIds(db, clientId);
  const [clientRow] = rowsById(db, 'clients', ids.get('clients') ?? []);
  if (!clientRow) throw new AppError('NOT_FOUND', 'No client with that id.');
  const rows = (table: string) => rowsById(db, table, ids.get(table) ?? []);
  const byParent = (table: string, column: string, parentId: unknown) =>
    rows(table)
      .filter((row) => row[column] === parentId)
      .map((row) => camelRow(row, [column]));

  const partner = db.prepare('SELECT name, kind, city FROM partners WHERE id = ?');
  const auditAbout = db.prepare(
    `SELECT seq, at, actor, action, method, record_type, record_id, detail FROM audit_log
     WHERE record_id = ? ORDER BY seq`,
  );
  const everyId = [...ids.values()].flat();
  const audit = [...new Set(everyId)]
    .flatMap((id) => auditAbout.all(id) as SqlRow[])
    .sort((a, b) => Number(a.seq) - Number(b.seq))
    .map((row) => camelRow({ ...row, detail: row.detail ? JSON.parse(String(row.detail)) : null }));

  const dossier: Dossier = {
    format: 'msc-desk.client-export/1',
    exportedAt: now.toISOString(),
    client: camelRow(clientRow, DERIVED_CLIENT_COLUMNS),
    documents: rows('client_documents').map((row) => camelRow(row, ['client_id'])),
    services: rows('services').map((row) => camelRow(row, ['client_id'])),
    procedures: rows('procedures').map((row) => ({
      ...camelRow(row, ['client_id']),
      steps: byParent('procedure_steps', 'procedure_id', row.id),
      history: byParent('procedure_events', 'procedure_id', row.id),
      packets: byParent('procedure_packets', 'procedure_id', row.id),
    })),
    referrals: rows('referrals').map((row) => ({
      ...camelRow(row, ['client_id']),
      partner: (partner.get(row.partner_id) as SqlRow | undefined) ?? null,
    })),
    appointments: rows('appointments').map((row) => camelRow(row, ['client_id'])),
    household: rows('client_links').map((row) => {
      const mine = row.client_id === clientId;
      const relation = String(row.relation);
      return {
        id: row.id,
        relatedClientId: mine ? row.related_client_id : row.client_id,
        relation: mine ? relation : (REVERSED[relation] ?? relation),
        createdAt: row.created_at,
        deletedAt: row.deleted_at,
      };
    }),
    printedPackets: rows('packets').map((row) => ({
      ...camelRow(
        { ...row, documents: JSON.parse(String(row.documents)), fees: JSON.parse(String(row.fees)) },
        ['client_id', ...PACKET_COPY_COLUMNS],
      ),
      events: byParent('packet_events', 'packet_id', row.id),
    })),
    audit,
  };
  if (ids.has(CONSENT_TABLE))
    dossier.consents = rows(CONSENT_TABLE).map((row) => camelRow(row, ['client_id']));
  if (tableExists(db, 'client_files')) dossier.attachedDocuments = exportedDocuments(db, clientId);
  return dossier;
}
