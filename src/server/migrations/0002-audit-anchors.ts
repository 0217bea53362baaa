import type { ServerMigration } from './index';

/**
 * The audit-trail head each device last anchored (src/server/audit-anchor.ts): one row per
 * device, moved forward only while the device's chain still passes through it. `broken_at` and
 * `broken_reason` record the first time it did not; the row then stays as the server saw it.
 */
export const migration: ServerMigration = {
  version: 2,
  name: 'audit-anchors',
  sql: `
    CREATE TABLE audit_anchors (
      device_id text PRIMARY KEY REFERENCES devices (id),
      seq bigint NOT NULL,
      hash text NOT NULL,
      anchored_at timestamptz NOT NULL,
      broken_at timestamptz,
      broken_reason text
    );
  `,
};
