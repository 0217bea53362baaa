import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncedTable, syncedTables } from '../../src/core/sync/tables';
import { liveTables } from '../../src/core/sync/triggers';
import {
  clientLinks,
  referenceTableNames,
  syncedTableFacts,
  transferLinks,
} from '../../src/shared/sync/registry';
import { TEST_KEY } from './helpers';

/**
 * The synced-table registry is one list both ends read (src/shared/sync/registry.ts). The server
 * stores only the fields it names, so it must list exactly the columns a migrated desk syncs.
 */
describe('the synced-table registry', () => {
  it('lists exactly the columns a migrated desk syncs, table by table', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-registry-'));
    const db = openDatabase(path.join(dir, DATABASE_FILE), { key: TEST_KEY });
    try {
      const live = new Map(liveTables(db).map((t) => [t.table.name, t.columns]));
      for (const table of syncedTableFacts) {
        const columns = live.get(table.name);
        expect(columns, `table ${table.name} exists on a migrated desk`).toBeDefined();
        expect(
          [...table.fields].sort(),
          `src/shared/sync/registry.ts lists the synced columns of ${table.name} (a migration added or removed one?)`,
        ).toEqual([...columns!].sort());
      }
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what the desk syncs by, with the device-only derive added', () => {
    expect(syncedTables.map((t) => t.name)).toEqual(syncedTableFacts.map((t) => t.name));
    expect(syncedTable('clients')?.derive).toBeTypeOf('function');
    expect(syncedTable('clients')?.fields).toBe(syncedTableFacts[0]!.fields);
  });

  it('names reference data and the links to a client once, for both ends', () => {
    expect([...referenceTableNames].sort()).toEqual(['fee_entries', 'municipality_codes']);
    expect(clientLinks.get('procedure_steps')).toEqual({ column: 'procedure_id', via: 'procedures' });
    // A parent comes before the tables linked through it, so a transfer finds its rows first.
    const order = transferLinks().map((l) => l.t);
    for (const link of transferLinks())
      if (link.of) expect(order.indexOf(link.of)).toBeLessThan(order.indexOf(link.t));
    expect(order).not.toContain('clients');
  });
});
