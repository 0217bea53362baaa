import type { ServerMigration } from './index';

/**
 * Snapshots and log compaction (src/server/snapshot.ts, compaction.ts). `devices.pulled_to` is the
 * furthest point of the log a device has said it holds (the `after` of its pulls): the log below
 * every device of an office's point is compacted away, and a device asking from below its own
 * point has been restored from an older backup. `sync_compaction` says how far each office's log
 * (and, under '*', the reference data every office sees) has been compacted: a device asking from
 * below it starts again from a snapshot of the current rows.
 */
export const migration: ServerMigration = {
  version: 3,
  name: 'snapshots',
  sql: `
    ALTER TABLE devices ADD COLUMN pulled_to bigint NOT NULL DEFAULT 0;
    CREATE TABLE sync_compaction (
      scope text PRIMARY KEY, -- an office id, or '*' for reference data
      compacted_to bigint NOT NULL,
      compacted_at timestamptz NOT NULL
    );
    CREATE INDEX sync_rows_office_key ON sync_rows (office_id, tbl, row_id);
  `,
};
