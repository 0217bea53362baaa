import { syncedTableFacts, type SyncedTableFacts } from '../../shared/sync/registry';
import { deriveClientColumns } from './derive';

/**
 * Which tables sync, and how: the shared registry (src/shared/sync/registry.ts, the one list to
 * extend, which the server reads too) plus what only a device does with it — recomputing the
 * columns it keeps to itself after a pulled change. Kept as the device's entry point so the
 * areas' imports of `syncedTables` keep working.
 *
 * The outbox triggers, the apply step and the transfer of a client are generated from this list,
 * so the areas' repositories know nothing of sync. A table listed that does not exist yet is
 * skipped until a migration creates it; a column a later migration adds is synced from then on
 * (the triggers are regenerated) once the registry lists it.
 */

export type { SqlValue } from './derive';
import type { SqlValue } from './derive';

export interface SyncedTable extends SyncedTableFacts {
  /** Recomputes `localColumns` from the row's synced values after a pulled change. */
  derive?: (row: Record<string, SqlValue>, today: Date) => Record<string, SqlValue>;
}

const DERIVED: Readonly<Record<string, SyncedTable['derive']>> = { clients: deriveClientColumns };

export const syncedTables: readonly SyncedTable[] = syncedTableFacts.map((facts) =>
  DERIVED[facts.name] ? { ...facts, derive: DERIVED[facts.name] } : facts,
);

export function syncedTable(name: string): SyncedTable | undefined {
  return syncedTables.find((table) => table.name === name);
}
