import type { Migration } from '../types';

/**
 * Document packets: the fee schedule and municipality codes (versioned by effective date, seeded
 * from `resources/packets/` and edited by an admin), the template versions packets were made
 * with, the packets themselves with everything needed to print them again identically, and the
 * log of who printed what when.
 */
export const migration: Migration = {
  version: 2,
  name: 'packets',
  up: (db) => {
    db.exec(`
      -- One row per version of a fee: an edit adds a row in force from its effective date.
      CREATE TABLE fee_entries (
        id TEXT PRIMARY KEY,
        fee_key TEXT NOT NULL,
        label TEXT NOT NULL,
        recipient TEXT NOT NULL,
        purpose TEXT NOT NULL,
        amount_para INTEGER NOT NULL CHECK (amount_para > 0),
        account TEXT NOT NULL CHECK (length(account) = 18),
        payment_basis TEXT NOT NULL,
        model TEXT NOT NULL,
        reference_kind TEXT NOT NULL CHECK (reference_kind IN ('municipality', 'fixed', 'none')),
        reference TEXT,
        effective_from TEXT NOT NULL,
        source_note TEXT NOT NULL,
        verify INTEGER NOT NULL,
        -- Which shipped entry this row came from, so a later release can add entries without
        -- duplicating or resurrecting the ones already seeded. Null for an admin's edit.
        seed_ref TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX fee_entries_in_force ON fee_entries (fee_key, effective_from) WHERE deleted_at IS NULL;

      CREATE TABLE municipality_codes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_cyrl TEXT NOT NULL,
        -- foldForSearch(name): how a typed municipality is matched in either script.
        match_key TEXT NOT NULL,
        city TEXT,
        code TEXT CHECK (code IS NULL OR length(code) = 3),
        effective_from TEXT NOT NULL,
        source_note TEXT NOT NULL,
        verify INTEGER NOT NULL,
        seed_ref TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX municipality_codes_in_force ON municipality_codes (match_key, effective_from) WHERE deleted_at IS NULL;

      -- Template contents as used, once per (template, version, content hash).
      CREATE TABLE packet_templates (
        id TEXT PRIMARY KEY,
        template_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        content TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        UNIQUE (template_id, version, sha256)
      );

      -- A generated packet and what it was made from: the record as it was, the options typed,
      -- the template rows, and the fee and code versions, so a reprint is byte for byte the same.
      CREATE TABLE packets (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        procedure TEXT NOT NULL CHECK (procedure IN ('residence', 'id-card', 'health')),
        procedure_version INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        template_rows TEXT NOT NULL, -- JSON array of packet_templates ids
        documents TEXT NOT NULL, -- JSON [{id, version, title}]
        fees TEXT NOT NULL, -- JSON [{key, entryId, label, amountPara, effectiveFrom, waived, legalBasis}]
        snapshot TEXT NOT NULL, -- JSON {client, options, fees, municipality}: the inputs of the render
        page_count INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX packets_client ON packets (client_id, created_at) WHERE deleted_at IS NULL;

      -- Who generated, printed, saved or reprinted a packet, and when.
      CREATE TABLE packet_events (
        id TEXT PRIMARY KEY,
        packet_id TEXT NOT NULL REFERENCES packets (id),
        kind TEXT NOT NULL CHECK (kind IN ('generated', 'printed', 'saved', 'reprinted')),
        by_whom TEXT NOT NULL,
        at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX packet_events_packet ON packet_events (packet_id, at);
    `);
  },
};
