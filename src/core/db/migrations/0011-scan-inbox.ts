import type { Migration } from '../types';

/**
 * The "Scanned papers" inbox (src/core/documents/inbox.ts): scanned pages whose page code could
 * not be read, or was refused, wait here — encrypted in this database like documents — until a
 * person assigns each to a client by hand or discards it. Nothing is attached by guess.
 *
 * The bytes go (NULL) as soon as a page is assigned (they now live in `document_contents`) or
 * discarded; the row stays as the record of what was done and by whom. When the client a page
 * was assigned to is erased, the row forgets the file name and the fingerprint too.
 */
export const migration: Migration = {
  version: 11,
  name: 'scan-inbox',
  up: (db) => {
    db.exec(`
      CREATE TABLE scan_inbox (
        id TEXT PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_page INTEGER NOT NULL,
        reason TEXT NOT NULL,
        mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
        size INTEGER NOT NULL,
        sha256 TEXT,
        bytes BLOB,
        thumbnail BLOB,
        width INTEGER,
        height INTEGER,
        status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'assigned', 'discarded')),
        client_id TEXT REFERENCES clients (id),
        document_id TEXT REFERENCES client_files (id),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved_by TEXT,
        resolved_at TEXT
      );
      -- The same unreadable page scanned twice waits once.
      CREATE UNIQUE INDEX scan_inbox_waiting ON scan_inbox (sha256) WHERE status = 'waiting';
      CREATE INDEX scan_inbox_status ON scan_inbox (status, created_at);

      CREATE TRIGGER scan_inbox_erase AFTER UPDATE OF erased_at ON clients
      WHEN new.erased_at IS NOT NULL BEGIN
        UPDATE scan_inbox SET file_name = '—', sha256 = NULL, bytes = NULL, thumbnail = NULL
        WHERE client_id = new.id;
      END;
    `);
  },
};
