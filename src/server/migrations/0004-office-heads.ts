import type { ServerMigration } from './index';

/**
 * One head per office instead of one for the whole server (issue 17, "many offices at once").
 * Log numbers now come from the sequence `sync_seq` (no lock is held on it), and a writer locks
 * only the heads of the offices whose entries it writes: `sync_heads` has a row per office and
 * the row '*' for reference data, which every office sees. sync-log.ts says why a device's cursor
 * still never skips an entry that commits later with a lower number.
 */
export const migration: ServerMigration = {
  version: 4,
  name: 'office-heads',
  sql: `
    CREATE TABLE sync_heads (
      scope text PRIMARY KEY, -- an office id, or '*' for reference data
      seq bigint NOT NULL -- the last log number written under this scope's lock
    );
    INSERT INTO sync_heads (scope, seq) SELECT '*', seq FROM sync_head WHERE id = 1;
    INSERT INTO sync_heads (scope, seq) SELECT o.id, h.seq FROM offices o, sync_head h WHERE h.id = 1;
    CREATE SEQUENCE sync_seq AS bigint MINVALUE 1;
    SELECT setval('sync_seq', greatest(seq, 1), seq > 0) FROM sync_head WHERE id = 1;
    DROP TABLE sync_head;
    -- (office_id, tbl, row_id) from 0003 serves every query this one did; one index less per row written.
    DROP INDEX sync_rows_office
  `,
};
