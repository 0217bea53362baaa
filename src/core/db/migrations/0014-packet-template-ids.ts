import { templateRowId } from '../../packets/log';
import type { Migration } from '../types';

/**
 * Packet template rows get ids derived from their content key (template, version, content
 * hash: packets/log.ts `templateRowId`), so every PC of an office makes the same row and a packet
 * printed on one PC names rows the others hold. Before, each PC made its own random id for the
 * same content; sync could not store a second row of the same content (it was parked), and a
 * reprint on another PC found none of the packet's templates.
 *
 * Here each PC renames its own rows to the derived ids, maps the ids of rows it holds parked
 * (another PC's rows of the same content), and rewrites the packets that name either, and the
 * changes still waiting to go out. Migrations run without the sync triggers: every PC does the
 * same, and a packet naming an id no PC can map is still found by its content key on reprint
 * when that content reached this PC, or is refused in words (packets/service.ts).
 */
export const migration: Migration = {
  version: 14,
  name: 'packet-template-ids',
  up: (db) => {
    const renamed = new Map<string, string>();
    const rows = db
      .prepare<[], { id: string; template_id: string; version: number; sha256: string }>(
        'SELECT id, template_id, version, sha256 FROM packet_templates',
      )
      .all();
    const rename = db.prepare('UPDATE packet_templates SET id = ? WHERE id = ?');
    for (const row of rows) {
      const id = templateRowId(row.template_id, row.version, row.sha256);
      if (id === row.id) continue;
      rename.run(id, row.id);
      renamed.set(row.id, id);
    }

    // Another PC's rows of content this PC already held were parked, field by field.
    const parked = db
      .prepare<[], { row_id: string; field: string; value: string | null }>(
        `SELECT row_id, field, value FROM sync_parked
         WHERE tbl = 'packet_templates' AND field IN ('template_id', 'version', 'sha256')`,
      )
      .all();
    const parts = new Map<string, Record<string, unknown>>();
    for (const { row_id: rowId, field, value } of parked) {
      const fields = parts.get(rowId) ?? {};
      fields[field] = value === null ? null : (JSON.parse(value) as unknown);
      parts.set(rowId, fields);
    }
    const held = new Set(
      db.prepare<[], string>('SELECT id FROM packet_templates').pluck().all() as unknown as string[],
    );
    const dropParked = db.prepare("DELETE FROM sync_parked WHERE tbl = 'packet_templates' AND row_id = ?");
    for (const [rowId, f] of parts)
      if (
        typeof f.template_id === 'string' &&
        typeof f.version === 'number' &&
        typeof f.sha256 === 'string'
      ) {
        const id = templateRowId(f.template_id, f.version, f.sha256);
        renamed.set(rowId, id);
        // The same content is held here under its derived id: the parked copy has nothing to add.
        if (held.has(id)) dropParked.run(rowId);
      }
    if (renamed.size === 0) return;

    const mapIds = (text: string): string | null => {
      const ids = JSON.parse(text) as unknown;
      if (!Array.isArray(ids)) return null;
      const mapped = ids.map((id) => (typeof id === 'string' ? (renamed.get(id) ?? id) : id));
      return mapped.some((id, i) => id !== ids[i]) ? JSON.stringify(mapped) : null;
    };
    const setRows = db.prepare('UPDATE packets SET template_rows = ? WHERE id = ?');
    for (const packet of db
      .prepare<[], { id: string; template_rows: string }>('SELECT id, template_rows FROM packets')
      .all()) {
      const mapped = mapIds(packet.template_rows);
      if (mapped) setRows.run(mapped, packet.id);
    }

    // Changes not yet sent carry the values they send: the renamed rows and the rewritten packets.
    const moveOut = db.prepare(
      "UPDATE sync_outbox SET row_id = ? WHERE tbl = 'packet_templates' AND row_id = ? AND pushed_head IS NULL",
    );
    for (const [from, to] of renamed) moveOut.run(to, from);
    const setFields = db.prepare('UPDATE sync_outbox SET fields = ? WHERE seq = ?');
    for (const entry of db
      .prepare<[], { seq: number; fields: string }>(
        "SELECT seq, fields FROM sync_outbox WHERE tbl = 'packets' AND pushed_head IS NULL",
      )
      .all()) {
      const fields = JSON.parse(entry.fields) as Record<string, unknown>;
      if (typeof fields.template_rows !== 'string') continue;
      const mapped = mapIds(fields.template_rows);
      if (mapped) setFields.run(JSON.stringify({ ...fields, template_rows: mapped }), entry.seq);
    }
  },
};
