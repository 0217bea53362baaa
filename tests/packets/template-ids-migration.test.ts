import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrations } from '../../src/core/db/migrations';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { templateRowId } from '../../src/core/packets/log';
import { formatHlc } from '../../src/shared/hlc';

const hlc = (millis: number) => formatHlc({ millis, counter: 0, node: '0123456789abcdef' });

/**
 * Core migration 0014: packet template rows made under random ids get the ids derived from their
 * content key; the packets naming them, another PC's parked rows of the same content, and the
 * changes not yet sent are rewritten to match.
 */
describe('migration 0014: template rows under content-derived ids', () => {
  it('renames own rows, maps parked ones, rewrites packets and unsent changes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-0014-'));
    const file = path.join(dir, DATABASE_FILE);
    try {
      const raw = new Database(file);
      for (const migration of migrations.filter((m) => m.version <= 13))
        raw.transaction(() => {
          migration.up(raw);
          raw.pragma(`user_version = ${migration.version}`);
        })();
      const at = '2026-12-01T10:00:00.000Z';
      const sha = 'a'.repeat(64);
      raw
        .prepare(
          "INSERT INTO clients (id, surname, given_name, name_script, category, preferred_script, search_key, created_at, updated_at) VALUES ('c1', 'Petrović', 'Ana', 'latn', 'returnee_germany', 'latn', 'petrovic ana', ?, ?)",
        )
        .run(at, at);
      raw
        .prepare(
          "INSERT INTO packet_templates (id, template_id, version, sha256, content, created_at, updated_at) VALUES ('mine', 'phrases', 3, ?, '{}', ?, ?)",
        )
        .run(sha, at, at);
      // Another PC's row of the same content, parked here (it clashed with 'mine').
      const park = raw.prepare(
        "INSERT INTO sync_parked (tbl, row_id, field, value, hlc) VALUES ('packet_templates', 'theirs', ?, ?, ?)",
      );
      park.run('template_id', JSON.stringify('phrases'), hlc(1));
      park.run('version', JSON.stringify(3), hlc(1));
      park.run('sha256', JSON.stringify(sha), hlc(1));
      const insertPacket = raw.prepare(
        `INSERT INTO packets (id, client_id, procedure, procedure_version, created_by, template_rows, documents, fees,
           snapshot, page_count, size_bytes, sha256, created_at, updated_at)
         VALUES (?, 'c1', 'residence', 1, 'admin', ?, '[]', '[]', '{}', 1, 1, 'x', ?, ?)`,
      );
      insertPacket.run('p-mine', JSON.stringify(['mine']), at, at);
      insertPacket.run('p-theirs', JSON.stringify(['theirs', 'unknown']), at, at);
      raw
        .prepare(
          "INSERT INTO sync_outbox (hlc, tbl, row_id, fields) VALUES (?, 'packet_templates', 'mine', '{\"version\":3}')",
        )
        .run(hlc(2));
      raw
        .prepare("INSERT INTO sync_outbox (hlc, tbl, row_id, fields) VALUES (?, 'packets', 'p-mine', ?)")
        .run(hlc(3), JSON.stringify({ template_rows: JSON.stringify(['mine']), page_count: 1 }));
      raw.close();

      const db = openDatabase(file, syncOnOpen);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
        const derived = templateRowId('phrases', 3, sha);
        expect(db.prepare('SELECT id FROM packet_templates').pluck().all()).toEqual([derived]);
        const rowsOf = (id: string) =>
          JSON.parse(db.prepare('SELECT template_rows FROM packets WHERE id = ?').pluck().get(id) as string);
        expect(rowsOf('p-mine')).toEqual([derived]);
        expect(rowsOf('p-theirs')).toEqual([derived, 'unknown']);
        // The parked copy of content held here is dropped: it would never apply.
        expect(
          db.prepare("SELECT count(*) FROM sync_parked WHERE tbl = 'packet_templates'").pluck().get(),
        ).toBe(0);
        const outbox = db
          .prepare<[string, string], { tbl: string; row_id: string; fields: string }>(
            'SELECT tbl, row_id, fields FROM sync_outbox WHERE hlc IN (?, ?) ORDER BY hlc',
          )
          .all(hlc(2), hlc(3));
        expect(outbox[0]!.row_id).toBe(derived);
        expect(JSON.parse(outbox[1]!.fields)).toEqual({
          template_rows: JSON.stringify([derived]),
          page_count: 1,
        });
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
