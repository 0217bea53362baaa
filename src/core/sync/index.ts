/**
 * src/core/sync — the device side of sync on demand (DESIGN.md §3). Imports `src/shared` and
 * the core's db and clients helpers; the areas know nothing of it.
 *
 * - `tables.ts`: the shared registry (src/shared/sync/registry.ts, the one list to extend) plus the device's derive.
 * - `connection.ts`, `triggers.ts`: SQL functions and generated outbox triggers (installed by `openDatabase`).
 * - `apply.ts`, `rows.ts`: applying pulled pages atomically with the cursor; conflicts kept, never dropped.
 * - `transport.ts`: requests to the server (compression, progress-following timeouts, retries,
 *   plain-words failures) over `network.ts` (the one network stack, certificate pins);
 *   `link-fit.ts`: page and batch sizes measured to the link; `pinning.ts`: the pin taken at enrolment.
 * - `service.ts`: enrol, run, transfer, status; `pull.ts`: snapshot, then the log feed, resumed
 *   after a cut, and whether this PC is behind the centre.
 * - `bundles.ts` (with `shared/node/bundle-seal.ts`): sync by carried file (sealed changes out, the answer in).
 * - `conflicts.ts`: listing and settling conflicts; `office.ts`: adopting the server's office id.
 * - `unsent.ts`: changes the server cannot store, held visibly until their record is edited.
 */
export { syncHandlers } from './handlers';
export { fetchNetworkStack, useHostNetworkStack, type NetworkStack } from './network';
export { createSyncService, MASS_DELETE, type SyncService } from './service';
export { syncedTables, type SyncedTable } from './tables';
