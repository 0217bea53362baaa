import type { Db } from '../db/open';

/** The device's sync settings and progress, one key per row of `sync_state`. */
export type SyncStateKey =
  | 'node' // this database's clock id (16 hex digits)
  | 'hlc' // the latest clock stamp issued or seen
  | 'server_url'
  | 'device_id'
  | 'token'
  | 'office_id'
  | 'office_name'
  | 'centre' // '1' when this device's office is the centre (it publishes reference data)
  | 'cursor' // how far the server log has been pulled and applied
  | 'last_success_at'
  | 'last_attempt_at'
  | 'last_error' // JSON {code, message}
  | 'clock_skew_ms'
  | 'awaiting_confirmation' // JSON {deletions, liveRecords}: the last pull stopped to ask
  | 'server_folds' // '1' when the server takes `with` in a push (the anchor and first pull page in its answer)
  | 'server_pin' // SHA-256 of the server certificate trusted since enrolment (https servers)
  | 'behind' // JSON {since, have, total}: the last pull did not reach the end of the log
  | 'caught_up_at' // when a pull last reached the end of the log
  | 'snapshot' // JSON {head, after}: a snapshot being taken (pull.ts)
  | 'bundle_sequence' // the number of the last sync file written here (bundles.ts)
  | 'bundle_answered' // the number of the sync file whose answer was applied last
  | 'last_received' // JSON: what the last pull brought from elsewhere (received.ts)
  | 'triggers' // hash of the installed outbox triggers
  | 'synced_tables' // JSON list of the tables the triggers cover
  | 'document_epoch'; // server|office and the document epoch the "sent" marks hold against (documents.ts)

export function createSyncState(db: Db) {
  const get = db.prepare<[string], { value: string | null }>('SELECT value FROM sync_state WHERE key = ?');
  const set = db.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    get(key: SyncStateKey): string | null {
      return get.get(key)?.value ?? null;
    },
    set(key: SyncStateKey, value: string | number | null): void {
      set.run(key, value === null ? null : String(value));
    },
    json<T>(key: SyncStateKey): T | null {
      const value = get.get(key)?.value;
      return value ? (JSON.parse(value) as T) : null;
    },
  };
}

export type SyncState = ReturnType<typeof createSyncState>;
