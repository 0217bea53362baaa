import type { Migration } from '../types';

/**
 * Client documents (src/core/documents): scans and photos kept on a client. The bytes live in
 * this encrypted database, once per content hash (`document_contents`), so they are encrypted
 * with the office key, go into every backup and come back with every restore without a second
 * store to keep in step. `client_files` is the metadata a list shows.
 *
 * Erasure is a trigger on `clients.erased_at`, like the search-index merge of 0007, so the
 * person's files go wherever the erasure is applied: on the PC where it was made and on every
 * PC that pulls it. Content still named by another client's document stays.
 */
export const migration: Migration = {
  version: 10,
  name: 'documents',
  up: (db) => {
    db.exec(`
      CREATE TABLE document_contents (
        sha256 TEXT PRIMARY KEY,
        mime TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
        size INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        thumbnail BLOB,
        created_at TEXT NOT NULL
      );

      CREATE TABLE client_files (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        procedure_id TEXT REFERENCES procedures (id),
        referral_id TEXT REFERENCES referrals (id),
        packet_id TEXT REFERENCES packets (id),
        -- Scan-in: which document of the packet and which page this file is.
        packet_document TEXT,
        packet_page INTEGER,
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        note TEXT,
        file_name TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        -- NULL once the client is erased (a hash is a fingerprint of the person's file).
        sha256 TEXT REFERENCES document_contents (sha256),
        width INTEGER,
        height INTEGER,
        pages INTEGER,
        removed_metadata TEXT NOT NULL DEFAULT '[]', -- JSON array, e.g. ["exif","gps"]
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX client_files_client ON client_files (client_id, date);
      CREATE INDEX client_files_content ON client_files (sha256);

      -- The secret behind the authentication tag of the code printed on packet pages
      -- (documents/page-code.ts); the code names the key by id so more than one can be known.
      CREATE TABLE page_code_keys (
        id TEXT PRIMARY KEY,
        secret BLOB NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TRIGGER client_files_erase AFTER UPDATE OF erased_at ON clients
      WHEN new.erased_at IS NOT NULL BEGIN
        UPDATE client_files SET
          note = NULL, file_name = '—', sha256 = NULL, width = NULL, height = NULL,
          packet_document = NULL, deleted_at = coalesce(deleted_at, new.erased_at), updated_at = new.erased_at
        WHERE client_id = new.id;
        DELETE FROM document_contents
        WHERE NOT EXISTS (SELECT 1 FROM client_files f WHERE f.sha256 = document_contents.sha256);
      END;
    `);
  },
};
