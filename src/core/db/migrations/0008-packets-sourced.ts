import type { Migration } from '../types';

/**
 * Packets true to today's procedures (issue 12). Fees as the sources show them: an account per
 * fee or the client's police administration's (the ID-card production cost), and a reference
 * built from the residence's or the registry office's municipality code. The account becomes
 * nullable, which SQLite can only do by rebuilding the table (sync triggers are dropped during
 * migrations and rewritten after them). Clients gain the language of their instruction sheet.
 */
export const migration: Migration = {
  version: 8,
  name: 'packets-sourced',
  up: (db) => {
    db.exec(`
      CREATE TABLE fee_entries_0008 (
        id TEXT PRIMARY KEY,
        fee_key TEXT NOT NULL,
        label TEXT NOT NULL,
        recipient TEXT NOT NULL,
        purpose TEXT NOT NULL,
        amount_para INTEGER NOT NULL CHECK (amount_para > 0),
        account TEXT CHECK (account IS NULL OR length(account) = 18),
        -- 'entry': the account above; 'police-administration': the office's police administration's.
        account_source TEXT NOT NULL DEFAULT 'entry' CHECK (account_source IN ('entry', 'police-administration')),
        -- Whose municipality code a model-97 reference uses.
        code_from TEXT NOT NULL DEFAULT 'residence' CHECK (code_from IN ('residence', 'registry-office')),
        payment_basis TEXT NOT NULL,
        model TEXT NOT NULL,
        reference_kind TEXT NOT NULL CHECK (reference_kind IN ('municipality', 'fixed', 'none')),
        reference TEXT,
        effective_from TEXT NOT NULL,
        source_note TEXT NOT NULL,
        verify INTEGER NOT NULL,
        seed_ref TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK (account_source <> 'entry' OR account IS NOT NULL)
      );
      INSERT INTO fee_entries_0008 (id, fee_key, label, recipient, purpose, amount_para, account, payment_basis,
        model, reference_kind, reference, effective_from, source_note, verify, seed_ref, created_at, updated_at, deleted_at)
      SELECT id, fee_key, label, recipient, purpose, amount_para, account, payment_basis,
        model, reference_kind, reference, effective_from, source_note, verify, seed_ref, created_at, updated_at, deleted_at
      FROM fee_entries;
      DROP TABLE fee_entries;
      ALTER TABLE fee_entries_0008 RENAME TO fee_entries;
      CREATE INDEX fee_entries_in_force ON fee_entries (fee_key, effective_from) WHERE deleted_at IS NULL;

      -- The earlier seeds guessed (an ID-card account no source shows, 48 codes missing): they are
      -- retired, so the sourced seeds that replace them (same keys and dates) are written afresh.
      -- An admin's own versions (no seed_ref) stay and keep winning from their later dates.
      UPDATE fee_entries SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), seed_ref = seed_ref || '#retired-0008'
      WHERE seed_ref IS NOT NULL AND deleted_at IS NULL;
      UPDATE municipality_codes SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), seed_ref = seed_ref || '#retired-0008'
      WHERE seed_ref IS NOT NULL AND deleted_at IS NULL;

      ALTER TABLE clients ADD COLUMN reading_language TEXT CHECK (reading_language IN ('sr', 'de', 'en'));
    `);
  },
};
