import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomMs, soundAfterCrash, stored, writeThenKill } from './crash-harness';

/**
 * kill -9 at random moments of writes: afterwards every committed write has its audit entry and
 * no entry stands for a write that did not happen (issue 13, point 4). Packet printing and sync
 * under kill -9 are in crash-safety.test.ts; both use crash-harness.ts.
 */
describe('audit entries survive kill -9 with their writes', () => {
  it('an import killed at random points: its clients and its audit line are both there, or neither', async () => {
    const ROWS = 2000;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-audit-crash-'));
    let acknowledged = 0;
    for (let round = 0; round < 6; round++) {
      const lines = await writeThenKill([dataDir, 'import', String(ROWS)], randomMs(300, 5300));
      acknowledged += lines.filter((line) => line.startsWith('imported')).length;
      const after = stored(dataDir);
      expect(after.clients % ROWS).toBe(0); // all or nothing, even killed mid-commit
      expect(after.importEntries).toBe(after.clients / ROWS);
      expect(after.importedByEntries).toBe(after.clients);
      expect(after.importEntries).toBeGreaterThanOrEqual(acknowledged);
      await soundAfterCrash(dataDir);
    }
    expect(acknowledged).toBeGreaterThan(0);
  }, 240_000);

  it('clients.create killed at random points: every client has its create entry, and no entry is extra', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-audit-crash-'));
    let acknowledged = 0;
    for (let round = 0; round < 5; round++) {
      acknowledged += (await writeThenKill([dataDir, 'create'], randomMs(50, 450))).length;
      const after = stored(dataDir);
      expect(after.clientsWithoutEntry).toBe(0);
      expect(after.createEntries).toBe(after.clients);
      expect(after.clients).toBeGreaterThanOrEqual(acknowledged);
      await soundAfterCrash(dataDir);
    }
    expect(acknowledged).toBeGreaterThan(20);
  }, 120_000);
});
