import type { Migration } from '../types';

/**
 * The consent register (ZZPL, DOMAIN.md §6): one row per consent a client gave, per purpose —
 * processing by the office, or sharing with one named partner. A withdrawal is recorded on the
 * row (never a delete), so the register shows what held on any past day.
 */
export const migration: Migration = {
  version: 6,
  name: 'consent',
  up: (db) => {
    db.exec(`
      CREATE TABLE consents (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        purpose TEXT NOT NULL CHECK (purpose IN ('processing', 'sharing')),
        partner_id TEXT REFERENCES partners (id),
        given_on TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('signed', 'oral', 'written')),
        expires_on TEXT,
        withdrawn_on TEXT,
        withdrawn_note TEXT,
        recorded_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK ((purpose = 'sharing') = (partner_id IS NOT NULL))
      );
      CREATE INDEX consents_client ON consents (client_id, purpose, partner_id);
    `);
  },
};
