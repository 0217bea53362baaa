import type { Client } from '../../shared/client';
import type {
  Municipality,
  PacketFeeLine,
  PacketOptions,
  PacketRecord,
  PrintKind,
} from '../../shared/packets';
import type { Db } from '../db/open';
import { uuidv7 } from '../ids';
import type { PacketSnapshot, ResolvedOptions, SnapshotFee } from './snapshot';

/**
 * The packets made for clients and every time one was printed, saved or reprinted: the only
 * place that knows their SQL. A packet row keeps the inputs of its render (the snapshot) and
 * points at the template contents it used, so it can be drawn again byte for byte.
 */

/** What a packet row keeps besides its templates: the inputs of the render. */
export interface StoredSnapshot {
  client: Client;
  options: ResolvedOptions;
  fees: SnapshotFee[];
  municipality: Municipality | null;
  municipalityChoice?: PacketSnapshot['municipalityChoice'];
  registryMunicipality?: Municipality | null;
}

export interface NewPacket {
  id: string;
  clientId: string;
  procedure: PacketRecord['procedure'];
  procedureVersion: number;
  createdAt: string;
  createdBy: string;
  templateRows: string[];
  documents: PacketRecord['documents'];
  fees: PacketFeeLine[];
  snapshot: StoredSnapshot;
  pageCount: number;
  sizeBytes: number;
  sha256: string;
}

interface PacketRow {
  id: string;
  client_id: string;
  procedure: PacketRecord['procedure'];
  procedure_version: number;
  created_by: string;
  template_rows: string;
  documents: string;
  fees: string;
  snapshot: string;
  page_count: number;
  size_bytes: number;
  sha256: string;
  created_at: string;
}

interface EventRow {
  packet_id: string;
  kind: PrintKind;
  by_whom: string;
  at: string;
}

export function createPacketLog(db: Db, clock: () => Date) {
  const insertTemplate = db.prepare(
    `INSERT INTO packet_templates (id, template_id, version, sha256, content, created_at, updated_at)
     VALUES (@id, @templateId, @version, @sha256, @content, @now, @now)
     ON CONFLICT (template_id, version, sha256) DO NOTHING`,
  );
  const templateId = db.prepare<{ templateId: string; version: number; sha256: string }, { id: string }>(
    'SELECT id FROM packet_templates WHERE template_id = @templateId AND version = @version AND sha256 = @sha256',
  );
  const templateContent = db.prepare<[string], { template_id: string; content: string }>(
    'SELECT template_id, content FROM packet_templates WHERE id = ?',
  );
  const insertPacket = db.prepare(
    `INSERT INTO packets (id, client_id, procedure, procedure_version, created_by, template_rows, documents, fees,
       snapshot, page_count, size_bytes, sha256, created_at, updated_at)
     VALUES (@id, @clientId, @procedure, @procedureVersion, @createdBy, @templateRows, @documents, @fees,
       @snapshot, @pageCount, @sizeBytes, @sha256, @createdAt, @createdAt)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO packet_events (id, packet_id, kind, by_whom, at, created_at, updated_at)
     VALUES (@id, @packetId, @kind, @by, @at, @at, @at)`,
  );
  const packetById = db.prepare<[string], PacketRow>(
    'SELECT * FROM packets WHERE id = ? AND deleted_at IS NULL',
  );
  const packetsOfClient = db.prepare<[string], PacketRow>(
    'SELECT * FROM packets WHERE client_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC',
  );
  const eventsOf = db.prepare<[string], EventRow>(
    'SELECT packet_id, kind, by_whom, at FROM packet_events WHERE packet_id = ? AND deleted_at IS NULL ORDER BY at, id',
  );

  function toRecord(row: PacketRow): PacketRecord {
    const snapshot = JSON.parse(row.snapshot) as StoredSnapshot;
    return {
      id: row.id,
      clientId: row.client_id,
      procedure: row.procedure,
      procedureVersion: row.procedure_version,
      createdAt: row.created_at,
      createdBy: row.created_by,
      documents: JSON.parse(row.documents) as PacketRecord['documents'],
      fees: JSON.parse(row.fees) as PacketFeeLine[],
      options: packetOptionsOf(snapshot.options),
      pageCount: row.page_count,
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      events: eventsOf.all(row.id).map((e) => ({ kind: e.kind, by: e.by_whom, at: e.at })),
    };
  }

  return {
    /** The row holding this template content, stored once however many packets use it. */
    templateRow(template: { templateId: string; version: number; sha256: string; content: unknown }): string {
      insertTemplate.run({
        id: uuidv7(clock().getTime()),
        templateId: template.templateId,
        version: template.version,
        sha256: template.sha256,
        content: JSON.stringify(template.content),
        now: clock().toISOString(),
      });
      return templateId.get(template)!.id;
    },

    insert(packet: NewPacket): void {
      insertPacket.run({
        ...packet,
        templateRows: JSON.stringify(packet.templateRows),
        documents: JSON.stringify(packet.documents),
        fees: JSON.stringify(packet.fees),
        snapshot: JSON.stringify(packet.snapshot),
      });
    },

    event(packetId: string, kind: PrintKind, by: string): void {
      const at = clock().toISOString();
      insertEvent.run({ id: uuidv7(clock().getTime()), packetId, kind, by, at });
    },

    get(packetId: string): PacketRecord | null {
      const row = packetById.get(packetId);
      return row ? toRecord(row) : null;
    },

    /** What a reprint needs: the stored inputs and the template contents by template id. */
    inputs(
      packetId: string,
    ): { row: PacketRecord; snapshot: StoredSnapshot; templates: Map<string, unknown> } | null {
      const row = packetById.get(packetId);
      if (!row) return null;
      const templates = new Map<string, unknown>();
      for (const id of JSON.parse(row.template_rows) as string[]) {
        const template = templateContent.get(id);
        if (template) templates.set(template.template_id, JSON.parse(template.content));
      }
      return { row: toRecord(row), snapshot: JSON.parse(row.snapshot) as StoredSnapshot, templates };
    },

    listForClient(clientId: string): PacketRecord[] {
      return packetsOfClient.all(clientId).map(toRecord);
    },
  };
}

export type PacketLog = ReturnType<typeof createPacketLog>;

/** The options as the contract names them, without what the office added (counsellor, MUP channel …). */
function packetOptionsOf(options: ResolvedOptions): PacketOptions {
  const {
    counsellor: _counsellor,
    mupFees: _mupFees,
    policeAdministration: _policeAdministration,
    ...rest
  } = options;
  return rest;
}
