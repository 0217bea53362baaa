import type { ServerMigration } from './index';

/**
 * Offices and their devices, and the sync log. `sync_rows` holds each synced row's current
 * fields with the clock stamp of each field (field-level last-writer-wins); `sync_log` is what
 * devices pull, numbered by `sync_head`, which every push locks so numbers commit in order.
 */
export const migration: ServerMigration = {
  version: 1,
  name: 'sync',
  sql: `
    CREATE TABLE offices (
      id text PRIMARY KEY,
      name text NOT NULL,
      centre boolean NOT NULL DEFAULT false, -- the centre's devices may change reference data
      created_at timestamptz NOT NULL
    );

    CREATE TABLE devices (
      id text PRIMARY KEY,
      office_id text NOT NULL REFERENCES offices (id),
      node text NOT NULL, -- the device's clock id (src/shared/hlc.ts)
      name text,
      token_hash text NOT NULL UNIQUE, -- sha256 of the bearer token; the token itself is never stored
      enrolled_at timestamptz NOT NULL,
      last_seen_at timestamptz,
      revoked_at timestamptz
    );

    CREATE TABLE enrolment_codes (
      code_hash text PRIMARY KEY, -- sha256 of the one-time code
      office_id text NOT NULL REFERENCES offices (id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      device_id text
    );

    CREATE TABLE sync_head (
      id smallint PRIMARY KEY CHECK (id = 1),
      seq bigint NOT NULL
    );
    INSERT INTO sync_head (id, seq) VALUES (1, 0);

    CREATE TABLE sync_rows (
      tbl text NOT NULL,
      row_id text NOT NULL,
      office_id text REFERENCES offices (id), -- null: reference data every office sees
      prev_office_id text REFERENCES offices (id), -- the office it was transferred from, if any
      fields jsonb NOT NULL,
      hlcs jsonb NOT NULL, -- field -> clock stamp of its current value
      PRIMARY KEY (tbl, row_id)
    );
    CREATE INDEX sync_rows_office ON sync_rows (office_id, tbl);

    CREATE TABLE sync_log (
      seq bigint PRIMARY KEY,
      office_id text, -- null: reference data
      device_id text, -- null: written by the server itself (a transfer)
      tbl text NOT NULL,
      row_id text NOT NULL,
      hlc text NOT NULL,
      fields jsonb,
      kind text NOT NULL CHECK (kind IN ('change', 'full', 'gone')),
      creates boolean NOT NULL, -- the row's first entry in this office's view
      removes boolean NOT NULL -- sets the tombstone, or takes the row out of the office's view
    );
    CREATE INDEX sync_log_office ON sync_log (office_id, seq);
    CREATE INDEX sync_log_row ON sync_log (tbl, row_id);

    -- Every change the server has taken, by stamp: a replay is recognised and changes nothing.
    CREATE TABLE sync_applied (
      hlc text PRIMARY KEY,
      device_id text NOT NULL,
      head bigint NOT NULL
    );

    CREATE TABLE transfers (
      id text PRIMARY KEY,
      tbl text NOT NULL,
      row_id text NOT NULL,
      from_office_id text NOT NULL REFERENCES offices (id),
      to_office_id text NOT NULL REFERENCES offices (id),
      device_id text NOT NULL,
      reason text NOT NULL,
      rows integer NOT NULL,
      head bigint NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX transfers_row ON transfers (tbl, row_id);
  `,
};
