import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { syncedTable, syncedTables } from '../../src/core/sync/tables';
import { liveTables } from '../../src/core/sync/triggers';
import {
  clientLinks,
  parentsFirst,
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
    const db = openDatabase(path.join(dir, DATABASE_FILE), { key: TEST_KEY, ...syncOnOpen });
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

  it('names the tables each table references as the desk foreign keys do, and orders parents first', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-registry-'));
    const db = openDatabase(path.join(dir, DATABASE_FILE), { key: TEST_KEY, ...syncOnOpen });
    try {
      const synced = new Set(syncedTableFacts.map((t) => t.name));
      for (const table of syncedTableFacts) {
        const keys = db.prepare(`PRAGMA foreign_key_list("${table.name}")`).all() as { table: string }[];
        const parents = [...new Set(keys.map((k) => k.table))].filter(
          (t) => synced.has(t) && t !== table.name,
        );
        expect(
          [...(table.references ?? [])].sort(),
          `src/shared/sync/registry.ts lists the tables ${table.name} references (a migration added a foreign key?)`,
        ).toEqual(parents.sort());
      }
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect([...parentsFirst].sort()).toEqual(syncedTableFacts.map((t) => t.name).sort());
    for (const table of syncedTableFacts)
      for (const parent of table.references ?? [])
        expect(parentsFirst.indexOf(parent), `${parent} before ${table.name}`).toBeLessThan(
          parentsFirst.indexOf(table.name),
        );
    // Before this order, the snapshot went by name: client_documents came before clients.
    expect(parentsFirst.indexOf('clients')).toBeLessThan(parentsFirst.indexOf('client_documents'));
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
