import type { Migration } from '../types';

/**
 * Erasure of a person (src/core/privacy): `clients.erased_at` marks a record whose personal fields
 * were purged on purpose (it syncs like any column, so every PC knows), and the search index
 * merges its segments when an erased record is re-indexed — FTS5 only marks removed words as
 * deleted, and the folded names would otherwise stay in the index's pages until some later merge.
 * The trigger is the one from 0001 with that merge added, so it runs wherever the erasure is
 * applied: on the PC where it was made and on every PC that pulls it.
 */
export const migration: Migration = {
  version: 7,
  name: 'erasure',
  up: (db) => {
    db.exec(`
      ALTER TABLE clients ADD COLUMN erased_at TEXT;

      DROP TRIGGER clients_fts_update;
      CREATE TRIGGER clients_fts_update AFTER UPDATE OF search_key ON clients BEGIN
        INSERT INTO clients_fts (clients_fts, rowid, search_key) VALUES ('delete', old.n, old.search_key);
        INSERT INTO clients_fts (rowid, search_key) VALUES (new.n, new.search_key);
        INSERT INTO clients_fts (clients_fts) SELECT 'optimize' WHERE new.erased_at IS NOT NULL;
      END;
    `);
  },
};
