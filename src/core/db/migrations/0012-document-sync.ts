import type { Migration } from '../types';

/**
 * Client documents sync (src/core/sync/documents.ts): `client_files` rows travel as records, the
 * content after them, by its SHA-256, in parts. A file's row can therefore arrive before its
 * content, so `client_files.sha256` no longer names a `document_contents` row by foreign key:
 * the list shows such a file as "not yet on this PC" until its content comes. The table is
 * rebuilt without that reference (SQLite cannot drop one); foreign keys are deferred meanwhile
 * so the scan inbox's rows that name a file find it again once the rows are copied back.
 *
 * `document_sync_parts`: parts of a content being downloaded, kept across runs so a cut link
 * resumes at the next missing part. `document_sync_sent`: contents a server said it holds whole
 * for this office, so they are not offered again. Both forget a content the moment no file
 * names it any more (an erasure sets `sha256` to NULL).
 */
export const migration: Migration = {
  version: 12,
  name: 'document-sync',
  up: (db) => {
    db.pragma('defer_foreign_keys = ON');
    db.exec(`
      CREATE TABLE client_files_before_0012 AS SELECT * FROM client_files;
      DROP TABLE client_files;
      CREATE TABLE client_files (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        procedure_id TEXT REFERENCES procedures (id),
        referral_id TEXT REFERENCES referrals (id),
        packet_id TEXT REFERENCES packets (id),
        packet_document TEXT,
        packet_page INTEGER,
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        note TEXT,
        file_name TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        -- The content's SHA-256 (document_contents, when it is on this PC); NULL once erased.
        sha256 TEXT,
        width INTEGER,
        height INTEGER,
        pages INTEGER,
        removed_metadata TEXT NOT NULL DEFAULT '[]',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      INSERT INTO client_files SELECT * FROM client_files_before_0012;
      DROP TABLE client_files_before_0012;
      CREATE INDEX client_files_client ON client_files (client_id, date);
      CREATE INDEX client_files_content ON client_files (sha256);

      CREATE TABLE document_sync_parts (
        sha256 TEXT NOT NULL,
        part INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        PRIMARY KEY (sha256, part)
      ) WITHOUT ROWID;

      CREATE TABLE document_sync_sent (
        server TEXT NOT NULL, -- the server's address and this PC's office there
        sha256 TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (server, sha256)
      ) WITHOUT ROWID;

      CREATE TRIGGER document_sync_forget AFTER UPDATE OF sha256 ON client_files
      WHEN old.sha256 IS NOT NULL AND new.sha256 IS NOT old.sha256
        AND NOT EXISTS (SELECT 1 FROM client_files WHERE sha256 = old.sha256) BEGIN
        DELETE FROM document_sync_parts WHERE sha256 = old.sha256;
        DELETE FROM document_sync_sent WHERE sha256 = old.sha256;
      END;
    `);
  },
};
