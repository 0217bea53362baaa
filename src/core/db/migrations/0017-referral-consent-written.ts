import type { Migration } from '../types';

/**
 * A referral's consent can be given in writing, as the consent register already allows
 * (`ConsentMethod` in shared/consent.ts, migration 0006): `referrals.consent_how` accepts
 * 'written'. SQLite cannot change a CHECK in place, so the table is rebuilt as 0003 made it with
 * the wider check, the rows copied back unchanged. Foreign keys are deferred meanwhile so the
 * files that name a referral (`client_files.referral_id`) find it again once the rows are back;
 * the sync triggers are away during migrations and rewritten after them.
 */
export const migration: Migration = {
  version: 17,
  name: 'referral-consent-written',
  up: (db) => {
    db.pragma('defer_foreign_keys = ON');
    const columns = `id, client_id, partner_id, office_id, reference_code, reason, referred_on, counsellor,
      consent_given, consent_how, consent_note, consent_recorded_at, status, outcome, outcome_note, closed_on,
      slip_printed_at, created_at, updated_at, deleted_at`;
    db.exec(`
      CREATE TABLE referrals_before_0017 AS SELECT * FROM referrals;
      DROP TABLE referrals;
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
        consent_how TEXT CHECK (consent_how IN ('signed', 'oral', 'written')),
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
      INSERT INTO referrals (${columns}) SELECT ${columns} FROM referrals_before_0017;
      DROP TABLE referrals_before_0017;
      CREATE INDEX referrals_client ON referrals (client_id) WHERE deleted_at IS NULL;
      CREATE INDEX referrals_period ON referrals (referred_on, office_id, partner_id, outcome, deleted_at)
        WHERE deleted_at IS NULL;
      CREATE INDEX referrals_partner ON referrals (partner_id);
    `);
  },
};
