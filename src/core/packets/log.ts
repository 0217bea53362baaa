import { createHash } from 'node:crypto';
import type { Client } from '../../shared/client';
import type {
  Municipality,
  PacketFeeLine,
  PacketOptions,
  PacketRecord,
  PrintKind,
} from '../../shared/packets';
import type { Db } from '../db/types';
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
  /** The page-code key the packet's pages were coded with (documents/page-code.ts). */
  pageCodeKey?: string | null;
}

/**
 * The id of the template row holding this content: derived from (template id, version, content
 * hash), so every PC of the office makes the same row for the same content and sync carries one
 * row, never two that clash on the (template, version, hash) key. UUID-shaped (version 8).
 */
export function templateRowId(templateId: string, version: number, sha256: string): string {
  const bytes = createHash('sha256').update(`packet-template\0${templateId}\0${version}\0${sha256}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface NewPacket {
  id: string;
  clientId: string;
  procedure: PacketRecord['procedure'];
  procedureVersion: number;
  createdAt: string;
  createdBy: string;
  templateRows: string[];
  /** With the pages each document took in the PDF (scan-in's completeness check reads them). */
  documents: (PacketRecord['documents'][number] & { pages?: number[] })[];
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
     ON CONFLICT DO NOTHING`,
  );
  const templateContent = db.prepare<[string], { template_id: string; content: string }>(
    'SELECT template_id, content FROM packet_templates WHERE id = ? AND deleted_at IS NULL',
  );
  const allTemplates = db.prepare<
    [],
    { template_id: string; version: number; sha256: string; content: string }
  >('SELECT template_id, version, sha256, content FROM packet_templates WHERE deleted_at IS NULL');
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
    /**
     * The row holding this template content, stored once however many packets use it: its id is
     * `templateRowId` of the content, whoever made the row (a row another PC made under a random
     * id before migration 0014 is found by its content key, see `inputs`).
     */
    templateRow(template: { templateId: string; version: number; sha256: string; content: unknown }): string {
      const id = templateRowId(template.templateId, template.version, template.sha256);
      insertTemplate.run({
        id,
        templateId: template.templateId,
        version: template.version,
        sha256: template.sha256,
        content: JSON.stringify(template.content),
        now: clock().toISOString(),
      });
      return id;
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

    /**
     * What a reprint needs: the stored inputs, the template contents by template id, and the
     * template rows the packet names that this database does not hold (`missing`). A row is
     * found by its id, or by its content key (`templateRowId`) when it arrived under another id.
     */
    inputs(packetId: string): {
      row: PacketRecord;
      snapshot: StoredSnapshot;
      templates: Map<string, unknown>;
      missing: string[];
    } | null {
      const row = packetById.get(packetId);
      if (!row) return null;
      const templates = new Map<string, unknown>();
      const missing: string[] = [];
      let byKey: Map<string, { template_id: string; content: string }> | null = null;
      for (const id of JSON.parse(row.template_rows) as string[]) {
        let template = templateContent.get(id);
        if (!template) {
          byKey ??= new Map(
            allTemplates.all().map((t) => [templateRowId(t.template_id, t.version, t.sha256), t]),
          );
          template = byKey.get(id);
        }
        if (template) templates.set(template.template_id, JSON.parse(template.content));
        else missing.push(id);
      }
      return { row: toRecord(row), snapshot: JSON.parse(row.snapshot) as StoredSnapshot, templates, missing };
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
