import type { Migration } from '../types';

/** The client registry: people, the documents they hold, and the folded-name search index. */
export const migration: Migration = {
  version: 1,
  name: 'clients',
  up: (db) => {
    db.exec(`
      CREATE TABLE clients (
        n INTEGER PRIMARY KEY, -- stable rowid for the FTS index (a TEXT key alone would let VACUUM renumber)
        id TEXT NOT NULL UNIQUE,
        surname TEXT NOT NULL,
        given_name TEXT NOT NULL,
        parent_name TEXT,
        name_script TEXT NOT NULL CHECK (name_script IN ('latn', 'cyrl')),
        surname_alt TEXT,
        given_name_alt TEXT,
        parent_name_alt TEXT,
        sex TEXT CHECK (sex IN ('M', 'F')),
        birth_date TEXT,
        birth_place TEXT,
        birth_country TEXT,
        jmbg TEXT,
        jmbg_valid INTEGER,
        jmbg_override_reason TEXT,
        citizenship TEXT,
        phone TEXT,
        phone_digits TEXT,
        addr_place TEXT,
        addr_municipality TEXT,
        addr_street TEXT,
        addr_number TEXT,
        addr_entrance TEXT,
        addr_floor TEXT,
        addr_flat TEXT,
        residence_status TEXT CHECK (residence_status IN ('registered', 'not_registered', 'registered_csr')),
        category TEXT NOT NULL CHECK (category IN ('returnee_germany', 'returnee_other', 'local_vulnerable', 'regular_migration')),
        return_date TEXT,
        return_country TEXT,
        readmission INTEGER,
        notes TEXT,
        preferred_script TEXT NOT NULL CHECK (preferred_script IN ('latn', 'cyrl')),
        search_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      -- Not unique: two offices may record the same person before they sync; the service refuses
      -- a duplicate at entry and sync will surface the rest.
      CREATE INDEX clients_jmbg ON clients (jmbg) WHERE jmbg IS NOT NULL AND deleted_at IS NULL;
      CREATE INDEX clients_phone ON clients (phone_digits) WHERE phone_digits IS NOT NULL AND deleted_at IS NULL;
      CREATE INDEX clients_recent ON clients (updated_at) WHERE deleted_at IS NULL;

      CREATE TABLE client_documents (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        kind TEXT NOT NULL CHECK (kind IN ('id_card', 'birth_extract', 'citizenship_certificate', 'health_card', 'passport')),
        number TEXT,
        issued_on TEXT,
        expires_on TEXT,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX client_documents_client ON client_documents (client_id) WHERE deleted_at IS NULL;

      CREATE VIRTUAL TABLE clients_fts USING fts5 (
        search_key,
        content = 'clients',
        content_rowid = 'n',
        tokenize = 'unicode61 remove_diacritics 0',
        prefix = '2 3'
      );
      CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
        INSERT INTO clients_fts (rowid, search_key) VALUES (new.n, new.search_key);
      END;
      CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
        INSERT INTO clients_fts (clients_fts, rowid, search_key) VALUES ('delete', old.n, old.search_key);
      END;
      CREATE TRIGGER clients_fts_update AFTER UPDATE OF search_key ON clients BEGIN
        INSERT INTO clients_fts (clients_fts, rowid, search_key) VALUES ('delete', old.n, old.search_key);
        INSERT INTO clients_fts (rowid, search_key) VALUES (new.n, new.search_key);
      END;
    `);
  },
};
