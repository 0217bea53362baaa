import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrations } from '../../src/core/db/migrations';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';

/**
 * Core migration 0012 (documents sync): `client_files` is rebuilt so a file's record may arrive
 * before its content. A database of version 11 with files and a scan-inbox page assigned to one
 * keeps every row, and its foreign keys stay whole.
 */
describe('migration 0012: a file record may come before its content', () => {
  it('keeps the files and the inbox page that names one, and lets a record name a content not here yet', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-0012-'));
    const file = path.join(dir, DATABASE_FILE);
    try {
      const raw = new Database(file);
      raw.pragma('foreign_keys = ON');
      for (const migration of migrations.filter((m) => m.version <= 11))
        raw.transaction(() => {
          migration.up(raw);
          raw.pragma(`user_version = ${migration.version}`);
        })();
      const at = '2026-12-01T10:00:00.000Z';
      raw
        .prepare(
          "INSERT INTO clients (id, surname, given_name, name_script, category, preferred_script, search_key, created_at, updated_at) VALUES ('c1', 'Petrović', 'Ana', 'latn', 'returnee_germany', 'latn', 'petrovic ana', ?, ?)",
        )
        .run(at, at);
      raw
        .prepare(
          "INSERT INTO document_contents (sha256, mime, size, bytes, created_at) VALUES ('aa', 'image/png', 3, x'010203', ?)",
        )
        .run(at);
      raw
        .prepare(
          `INSERT INTO client_files (id, client_id, kind, date, file_name, mime, size, sha256, created_by, created_at, updated_at)
           VALUES ('f1', 'c1', 'other', '2026-12-01', 'a.png', 'image/png', 3, 'aa', 'admin', ?, ?)`,
        )
        .run(at, at);
      raw
        .prepare(
          `INSERT INTO scan_inbox (id, file_name, file_page, reason, mime, size, status, client_id, document_id, created_by, created_at)
           VALUES ('s1', 'scan.png', 1, 'no_code', 'image/png', 3, 'assigned', 'c1', 'f1', 'admin', ?)`,
        )
        .run(at);
      raw.close();

      const db = openDatabase(file, syncOnOpen);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
        expect(db.prepare('SELECT id, sha256 FROM client_files').all()).toEqual([{ id: 'f1', sha256: 'aa' }]);
        expect(db.prepare('SELECT document_id FROM scan_inbox').get()).toEqual({ document_id: 'f1' });
        db.prepare(
          `INSERT INTO client_files (id, client_id, kind, date, file_name, mime, size, sha256, created_by, created_at, updated_at)
           VALUES ('f2', 'c1', 'other', '2026-12-01', 'b.pdf', 'application/pdf', 9, 'bb', 'sync', ?, ?)`,
        ).run(at, at);
        expect(db.pragma('foreign_key_check')).toEqual([]);
        // The file that existed before this version goes out with the first sync.
        expect(db.prepare("SELECT count(*) AS n FROM sync_outbox WHERE tbl = 'client_files'").get()).toEqual({
          n: 2,
        });
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
