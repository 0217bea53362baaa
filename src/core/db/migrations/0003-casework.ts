import seed from '../../../../resources/partners/hotspot-cities.json' with { type: 'json' };
import { uuidv7 } from '../../ids';
import type { Migration } from '../types';

/**
 * Casework: offices (with their hotspot weekday), the services log, procedures with their
 * checklist, history and printed packets, partners and referrals, household links and
 * appointments. Every row carries `office_id` where the monthly report filters by office.
 *
 * Indexes follow the queries: the dashboard reads one office's day and month, the report one
 * office's period; both group the services log by kind over `(office_id, served_on)`.
 */
export const migration: Migration = {
  version: 3,
  name: 'casework',
  up: (db) => {
    db.exec(`
      CREATE TABLE offices (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        city TEXT,
        hotspot_weekday INTEGER CHECK (hotspot_weekday BETWEEN 1 AND 7), -- ISO: 1 = Monday
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE UNIQUE INDEX offices_one_default ON offices (is_default) WHERE is_default = 1;

      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        office_id TEXT NOT NULL REFERENCES offices (id),
        kind TEXT NOT NULL CHECK (kind IN ('information', 'counselling', 'document_assistance',
          'employment_career', 'regular_migration', 'psychosocial', 'housing', 'other')),
        served_on TEXT NOT NULL,
        duration_minutes INTEGER,
        note TEXT,
        counsellor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      -- Indexes that cover a query end in deleted_at: SQLite reads a column named in the WHERE from
      -- the index itself only if the index holds it, even when the partial-index condition pins it.
      CREATE INDEX services_client ON services (client_id, served_on) WHERE deleted_at IS NULL;
      -- Cover the report's and the month's scans: no table lookups for kind or client.
      CREATE INDEX services_office_period ON services (office_id, served_on, kind, client_id, deleted_at)
        WHERE deleted_at IS NULL;
      CREATE INDEX services_period ON services (served_on, kind, client_id, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX services_recent ON services (office_id, created_at, client_id, deleted_at) WHERE deleted_at IS NULL;

      -- The kind is text checked by the service against the catalogue in src/shared/casework.ts,
      -- so a new kind of procedure needs no schema change.
      CREATE TABLE procedures (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        office_id TEXT NOT NULL REFERENCES offices (id),
        kind TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'documents_gathering', 'submitted', 'completed', 'rejected', 'abandoned')),
        counsellor TEXT NOT NULL,
        opened_on TEXT NOT NULL,
        settled_on TEXT,
        submitted_on TEXT,
        closed_on TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX procedures_client ON procedures (client_id) WHERE deleted_at IS NULL;
      -- The dashboard works out deadlines for the procedures still in progress (closed ones are most
      -- of the table) from this index alone: it carries every column the deadline rules read.
      CREATE INDEX procedures_in_progress
        ON procedures (office_id, status, kind, opened_on, settled_on, submitted_on, client_id, id, deleted_at)
        WHERE deleted_at IS NULL AND status IN ('open', 'documents_gathering', 'submitted');
      -- By date first: one index serves a period at one office and at all of them.
      CREATE INDEX procedures_opened ON procedures (opened_on, office_id, kind, deleted_at) WHERE deleted_at IS NULL;
      CREATE INDEX procedures_closed ON procedures (closed_on, office_id, kind, status, deleted_at)
        WHERE deleted_at IS NULL AND closed_on IS NOT NULL;

      CREATE TABLE procedure_steps (
        id TEXT PRIMARY KEY,
        procedure_id TEXT NOT NULL REFERENCES procedures (id),
        step TEXT NOT NULL,
        done_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        UNIQUE (procedure_id, step)
      );

      CREATE TABLE procedure_events (
        id TEXT PRIMARY KEY,
        procedure_id TEXT NOT NULL REFERENCES procedures (id),
        from_status TEXT,
        to_status TEXT NOT NULL,
        happened_on TEXT NOT NULL,
        note TEXT,
        counsellor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX procedure_events_procedure ON procedure_events (procedure_id, created_at);

      -- A packet printed for a procedure (the packet id comes from the packets area).
      CREATE TABLE procedure_packets (
        id TEXT PRIMARY KEY,
        procedure_id TEXT NOT NULL REFERENCES procedures (id),
        packet_id TEXT NOT NULL,
        printed_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        UNIQUE (procedure_id, packet_id)
      );

      CREATE TABLE partners (
        id TEXT PRIMARY KEY,
        city TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('csr', 'kirs_trustee', 'local_self_government', 'roma_coordinator',
          'health_mediator', 'pedagogical_assistant', 'police_administration', 'rfzo_branch', 'registry_office',
          'adult_education_school', 'ngo', 'employer')),
        name TEXT NOT NULL,
        address TEXT,
        contact TEXT,
        notes TEXT,
        is_example INTEGER NOT NULL DEFAULT 0 CHECK (is_example IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX partners_city ON partners (city, kind, name) WHERE deleted_at IS NULL;

      CREATE TABLE referrals (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        partner_id TEXT NOT NULL REFERENCES partners (id),
        office_id TEXT NOT NULL REFERENCES offices (id),
        reference_code TEXT NOT NULL UNIQUE,
        reason TEXT NOT NULL,
        referred_on TEXT NOT NULL,
        counsellor TEXT NOT NULL,
        consent_given INTEGER NOT NULL DEFAULT 0 CHECK (consent_given IN (0, 1)),
        consent_how TEXT CHECK (consent_how IN ('signed', 'oral')),
        consent_note TEXT,
        consent_recorded_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('sent', 'in_progress', 'closed')),
        outcome TEXT CHECK (outcome IN ('resolved', 'partly_resolved', 'not_resolved', 'declined_by_partner', 'client_did_not_go')),
        outcome_note TEXT,
        closed_on TEXT,
        slip_printed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK ((status = 'closed') = (outcome IS NOT NULL))
      );
      CREATE INDEX referrals_client ON referrals (client_id) WHERE deleted_at IS NULL;
      CREATE INDEX referrals_period ON referrals (referred_on, office_id, partner_id, outcome, deleted_at)
        WHERE deleted_at IS NULL;
      CREATE INDEX referrals_partner ON referrals (partner_id);

      -- One row per pair; relation says what related_client is to client (read in reverse for the other).
      CREATE TABLE client_links (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        related_client_id TEXT NOT NULL REFERENCES clients (id),
        relation TEXT NOT NULL CHECK (relation IN ('spouse', 'partner', 'child', 'parent', 'sibling', 'grandchild', 'grandparent', 'other')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK (client_id <> related_client_id)
      );
      CREATE INDEX client_links_client ON client_links (client_id) WHERE deleted_at IS NULL;
      CREATE INDEX client_links_related ON client_links (related_client_id) WHERE deleted_at IS NULL;

      CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        office_id TEXT NOT NULL REFERENCES offices (id),
        date TEXT NOT NULL,
        time TEXT,
        purpose TEXT,
        status TEXT NOT NULL CHECK (status IN ('booked', 'attended', 'no_show', 'cancelled')),
        counsellor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX appointments_day ON appointments (office_id, date, time) WHERE deleted_at IS NULL;
      CREATE INDEX appointments_client ON appointments (client_id, date) WHERE deleted_at IS NULL;

      -- On the client registry's table, for casework's questions of it: possible duplicates by
      -- birth date, the month's new clients on the dashboard, and what the report counts by (read
      -- from this index alone, so the report's lookups touch about a third of the pages).
      CREATE INDEX clients_birth_date ON clients (birth_date) WHERE birth_date IS NOT NULL AND deleted_at IS NULL;
      CREATE INDEX clients_report ON clients (id, category, sex, birth_date);
      CREATE INDEX clients_created ON clients (created_at, deleted_at) WHERE deleted_at IS NULL;
    `);

    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO offices (id, name, city, hotspot_weekday, is_default, created_at, updated_at)
       VALUES (?, 'This office', NULL, NULL, 1, ?, ?)`,
    ).run(uuidv7(), now, now);

    // Example entries for the six hotspot cities, marked (is_example) for the office to check and correct.
    const insertPartner = db.prepare(
      `INSERT INTO partners (id, city, kind, name, address, contact, notes, is_example, created_at, updated_at)
       VALUES (@id, @city, @kind, @name, NULL, NULL, NULL, 1, @now, @now)`,
    );
    for (const city of seed.cities) {
      for (const partner of city.partners) {
        insertPartner.run({
          id: uuidv7(),
          city: city.city,
          kind: partner.kind,
          name: partner.name,
          now,
        });
      }
    }
  },
};
