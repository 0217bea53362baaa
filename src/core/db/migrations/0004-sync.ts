import { randomBytes } from 'node:crypto';
import { formatHlc } from '../../../shared/hlc';
import type { Migration } from '../types';

/**
 * Sync on demand (DESIGN.md §3): the device's sync state and clock, the outbox the triggers
 * fill in the same transaction as each edit, conflicts kept for a person to settle, fields parked
 * until this version can store them, and the transfers this office made. The triggers themselves
 * are generated from `src/core/sync/tables.ts` after every migration (src/core/sync/triggers.ts).
 */
export const migration: Migration = {
  version: 4,
  name: 'sync',
  up: (db) => {
    const node = randomBytes(8).toString('hex');
    db.exec(`
      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT
      ) WITHOUT ROWID;

      -- One row per edit of a synced row: the columns it changed and their new values (JSON).
      -- The stamp is the change's id. pushed_head is the server's log position after the push that
      -- carried it; the row is settled (deleted) once the pull cursor passes that position.
      CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY,
        hlc TEXT NOT NULL UNIQUE,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        pushed_head INTEGER
      );
      CREATE INDEX sync_outbox_row ON sync_outbox (tbl, row_id);
      CREATE INDEX sync_outbox_unpushed ON sync_outbox (seq) WHERE pushed_head IS NULL;
      -- The clock survives restarts and is shared by every process writing this file.
      CREATE TRIGGER sync_outbox_clock AFTER INSERT ON sync_outbox BEGIN
        UPDATE sync_state SET value = NEW.hlc WHERE key = 'hlc' AND value < NEW.hlc;
      END;

      -- Both values of a field two places changed; kept until a person settles it.
      CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('field', 'deleted', 'refused')),
        local_value TEXT, -- JSON
        local_hlc TEXT,
        remote_value TEXT, -- JSON
        remote_hlc TEXT,
        winner TEXT NOT NULL CHECK (winner IN ('local', 'remote')),
        detected_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT CHECK (resolution IN ('local', 'remote'))
      );
      CREATE INDEX sync_conflicts_open ON sync_conflicts (detected_at) WHERE resolved_at IS NULL;
      CREATE INDEX sync_conflicts_field ON sync_conflicts (tbl, row_id, field);

      -- Pulled fields this version cannot store yet (a column or table from a newer version, or a
      -- row that arrived incomplete); applied when the column or the rest of the row arrives.
      CREATE TABLE sync_parked (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT, -- JSON
        hlc TEXT NOT NULL,
        PRIMARY KEY (tbl, row_id, field)
      ) WITHOUT ROWID;

      -- Records this office handed to another office (the server keeps the authoritative audit).
      CREATE TABLE sync_transfers (
        id TEXT PRIMARY KEY,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        to_office_id TEXT NOT NULL,
        to_office_name TEXT,
        reason TEXT NOT NULL,
        rows INTEGER NOT NULL,
        at TEXT NOT NULL
      );
    `);
    const insert = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)');
    insert.run('node', node);
    insert.run('hlc', formatHlc({ millis: 0, counter: 0, node }));
    insert.run('cursor', '0');
  },
};
