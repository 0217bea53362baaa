import type { Migration } from '../types';

/**
 * The audit chain becomes keyed (security/audit.ts): each new entry's hash is an HMAC with the
 * audit key kept beside the database key file, and `key_id` names that key. Entries written
 * before stay as they are (plain SHA-256, `key_id` NULL) and are still checked that way; the
 * chain simply continues keyed from the first entry after this migration. `settings` also holds
 * `audit.anchor`, the head the sync server last acknowledged (no schema change needed for it).
 */
export const migration: Migration = {
  version: 9,
  name: 'audit-keyed',
  up: (db) => {
    db.exec('ALTER TABLE audit_log ADD COLUMN key_id TEXT');
  },
};
