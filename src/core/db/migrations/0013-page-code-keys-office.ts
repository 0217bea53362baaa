import type { Migration } from '../types';

/**
 * Page-code keys become the office's (documents/page-code.ts): a page printed on one PC of the
 * office is scanned in on another, which must verify its tag. `page_code_keys` syncs as an
 * office-scoped table, so it gets the columns every synced table has, and the secret is kept as
 * hex text (sync carries no BLOB values). Keys made before this version are parked in
 * `page_code_keys_unsent` and moved back by the page-code area on first use, with the sync
 * triggers in place, so they go out to the office like a key made today (migrations run
 * without the triggers).
 */
export const migration: Migration = {
  version: 13,
  name: 'page-code-keys-office',
  up: (db) => {
    db.exec(`
      CREATE TABLE page_code_keys_unsent (
        id TEXT PRIMARY KEY,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      INSERT INTO page_code_keys_unsent SELECT id, lower(hex(secret)), created_at FROM page_code_keys;
      DROP TABLE page_code_keys;
      CREATE TABLE page_code_keys (
        id TEXT PRIMARY KEY,
        -- 32 random bytes as 64 hex digits.
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
    `);
  },
};
