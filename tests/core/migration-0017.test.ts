import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrations } from '../../src/core/db/migrations';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';

/**
 * Core migration 0017: a referral's consent may have been given in writing. The referrals table
 * is rebuilt with the wider CHECK; its rows, indexes, the files naming a referral and the sync
 * triggers come through unchanged.
 */
describe('migration 0017: referral consent given in writing', () => {
  it('keeps every referral and the files naming one, and accepts "written" after', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-0017-'));
    const file = path.join(dir, DATABASE_FILE);
    try {
      const raw = new Database(file);
      raw.pragma('foreign_keys = ON');
      for (const migration of migrations.filter((m) => m.version < 17))
        raw.transaction(() => {
          migration.up(raw);
          raw.pragma(`user_version = ${migration.version}`);
        })();
      const at = '2026-12-01T10:00:00.000Z';
      raw
        .prepare(
          "INSERT INTO clients (id, surname, given_name, name_script, category, preferred_script, search_key, created_at, updated_at) VALUES ('c1', 'Petrović', 'Ana', 'latn', 'returnee_germany', 'latn', 'petrovic ana', ?, ?)",
        )
        .run(at, at);
      const office = raw.prepare('SELECT id FROM offices WHERE is_default = 1').pluck().get() as string;
      const partner = raw.prepare('SELECT id FROM partners LIMIT 1').pluck().get() as string;
      const referral = raw.prepare(
        `INSERT INTO referrals (id, client_id, partner_id, office_id, reference_code, reason, referred_on, counsellor,
           consent_given, consent_how, consent_note, consent_recorded_at, status, outcome, outcome_note, closed_on,
           slip_printed_at, created_at, updated_at, deleted_at)
         VALUES (?, 'c1', ?, ?, ?, 'Pomoć', '2026-11-30', 'desk', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      referral.run(
        'r1',
        partner,
        office,
        'U-AAAA-BBBB',
        1,
        'signed',
        'Potpisala',
        at,
        'sent',
        null,
        null,
        null,
        at,
        at,
        at,
        null,
      );
      referral.run(
        'r2',
        partner,
        office,
        'U-CCCC-DDDD',
        1,
        'oral',
        null,
        at,
        'closed',
        'resolved',
        'Rešeno',
        '2026-12-01',
        null,
        at,
        at,
        null,
      );
      referral.run(
        'r3',
        partner,
        office,
        'U-EEEE-FFFF',
        0,
        null,
        null,
        null,
        'sent',
        null,
        null,
        null,
        null,
        at,
        at,
        at,
      );
      raw
        .prepare(
          `INSERT INTO client_files (id, client_id, referral_id, kind, date, file_name, mime, size, created_by, created_at, updated_at)
           VALUES ('f1', 'c1', 'r1', 'referral_slip', '2026-12-01', 'slip.pdf', 'application/pdf', 10, 'desk', ?, ?)`,
        )
        .run(at, at);
      const rowsBefore = raw.prepare('SELECT * FROM referrals ORDER BY id').all();
      const indexesBefore = raw
        .prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'referrals' ORDER BY name",
        )
        .all();
      raw.close();

      const db = openDatabase(file, syncOnOpen);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
        expect(db.prepare('SELECT * FROM referrals ORDER BY id').all()).toEqual(rowsBefore);
        expect(
          db
            .prepare(
              "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'referrals' ORDER BY name",
            )
            .all(),
        ).toEqual(indexesBefore);
        expect(db.prepare('SELECT referral_id FROM client_files').pluck().all()).toEqual(['r1']);
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(() => db.prepare('SELECT count(*) FROM referrals_before_0017')).toThrow(/no such table/);
        // The rebuilt table has its sync triggers: an edit after the migration goes out.
        const sent = db.prepare<[number], string>(
          "SELECT fields FROM sync_outbox WHERE tbl = 'referrals' AND row_id = 'r1' AND seq > ?",
        );
        const last = db.prepare('SELECT max(seq) FROM sync_outbox').pluck().get() as number;
        db.prepare("UPDATE referrals SET consent_how = 'written', updated_at = ? WHERE id = 'r1'").run(at);
        expect(db.prepare('SELECT consent_how FROM referrals WHERE id = ?').pluck().get('r1')).toBe(
          'written',
        );
        expect(sent.pluck().all(last)).toEqual([JSON.stringify({ consent_how: 'written' })]);
        expect(() =>
          db.prepare("UPDATE referrals SET consent_how = 'shouted' WHERE id = 'r2'").run(),
        ).toThrow(/CHECK constraint/);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
