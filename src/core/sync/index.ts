/**
 * src/core/sync — the device side of sync on demand (DESIGN.md §3). Imports `src/shared` and
 * the core's db and clients helpers; the areas know nothing of it.
 *
 * - `tables.ts`: which tables sync and how (the one list to extend).
 * - `connection.ts`, `triggers.ts`: SQL functions and generated outbox triggers (installed by `openDatabase`).
 * - `apply.ts`, `rows.ts`: applying pulled pages atomically with the cursor; conflicts kept, never dropped.
 * - `transport.ts`: HTTP to the server (gzip, retries); `service.ts`: enrol, run, transfer, status.
 * - `conflicts.ts`: listing and settling conflicts; `office.ts`: adopting the server's office id.
 */
export { syncHandlers } from './handlers';
export { createSyncService, MASS_DELETE, type SyncService } from './service';
export { syncedTables, type SyncedTable } from './tables';
