import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE } from '../../src/core';
import { openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { keyFileFor, parseKey } from '../../src/core/security/keys';
import { startTestServer, type TestServer } from '../server/backends';
import { clientRows, enrolledDesk, enrolmentCode, newOffice, type Desk } from '../sync/helpers';
import { randomMs, soundAfterCrash, stored, writeThenKill } from './crash-harness';

/**
 * kill -9 at random points of the work a desk does — recording clients, printing packets,
 * syncing — many rounds on the same data folder: afterwards `check` is clean, the audit chain
 * verifies, every committed write has its audit entry, every acknowledged write is there, and
 * nothing is doubled (issue 13, "Crash test"). Imports are killed in audit-crash.test.ts. Each
 * test runs rounds until about 20 s have passed (at least MIN_ROUNDS), so a loaded machine runs
 * fewer rounds rather than taking longer.
 */
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 12;
const BUDGET_MS = 20_000;

async function rounds(name: string, work: (round: number) => Promise<number>): Promise<number> {
  const deadline = Date.now() + BUDGET_MS;
  let round = 0;
  let acknowledged = 0;
  while (round < MAX_ROUNDS && (round < MIN_ROUNDS || Date.now() < deadline))
    acknowledged += await work(round++);
  console.info(`[crash] ${name}: ${round} kills, ${acknowledged} acknowledged calls`);
  return round;
}

describe('crash safety', () => {
  it('keeps every acknowledged write and a sound database across repeated SIGKILLs', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-crash-'));
    const acknowledged: string[] = [];
    const done = await rounds('create', async () => {
      const lines = await writeThenKill([dataDir, 'create'], randomMs(50, 450));
      acknowledged.push(...lines);
      const core = createCore({ dataDir, log: () => {} });
      try {
        expect((await core.call('system.check', {})).integrity).toEqual(['ok']);
        const count = (await core.call('system.info', {})).clientCount;
        expect(count).toBeGreaterThanOrEqual(acknowledged.length);
        for (const id of acknowledged) {
          expect((await core.call('clients.get', { id })).id).toBe(id);
        }
      } finally {
        core.close();
      }
      return lines.length;
    });
    expect(done).toBeGreaterThanOrEqual(MIN_ROUNDS);
    expect(acknowledged.length).toBeGreaterThan(20);
  }, 120_000);

  it('a packet print killed at random points: every packet has its print entry, none is doubled or lost', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-crash-packet-'));
    const acknowledged: string[] = [];
    const done = await rounds('packet print', async () => {
      const lines = await writeThenKill([dataDir, 'packet'], randomMs(200, 4000));
      const printed = lines.filter((l) => l.startsWith('packet ')).map((l) => l.slice(7));
      acknowledged.push(...printed);
      const after = stored(dataDir);
      // One print entry per packet row, in the same transaction: a killed render leaves both or neither.
      expect(after.printEntries).toBe(after.packets);
      expect(after.packetIds.size).toBe(after.packets);
      for (const id of acknowledged) expect(after.packetIds.has(id)).toBe(true);
      // The client was recorded once, with its entry, however often the writer started.
      expect(after.clients).toBe(1);
      expect(after.clientsWithoutEntry).toBe(0);
      await soundAfterCrash(dataDir);
      return printed.length;
    });
    expect(done).toBeGreaterThanOrEqual(MIN_ROUNDS);
    expect(acknowledged.length).toBeGreaterThan(0);
  }, 120_000);

  describe('a sync killed at random points', () => {
    let server: TestServer | undefined;
    let verifier: Desk | undefined;
    afterAll(async () => {
      verifier?.close();
      await server?.dispose();
    });

    it('loses no acknowledged change, doubles none, and the office converges afterwards', async () => {
      server = await startTestServer('pglite');
      const office = await newOffice(server, 'MSC Kraljevo');
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-crash-sync-'));
      const enrolling = createCore({ dataDir, log: () => {} });
      try {
        await enrolling.call('sync.enroll', {
          serverUrl: server.url,
          code: await enrolmentCode(server, office.id),
        });
      } finally {
        enrolling.close();
      }
      // A second PC of the office sees what reached the server.
      verifier = await enrolledDesk(server, office);

      const acknowledged: string[] = [];
      const done = await rounds('sync', async () => {
        const lines = await writeThenKill([dataDir, 'sync'], randomMs(100, 3000));
        const synced = lines.filter((l) => l.startsWith('synced ')).map((l) => l.slice(7));
        acknowledged.push(...synced);
        const after = stored(dataDir);
        expect(after.clientsWithoutEntry).toBe(0);
        expect(after.createEntries).toBe(after.clients);
        for (const id of acknowledged) expect(after.clientIds.has(id)).toBe(true);
        await soundAfterCrash(dataDir);
        // Acknowledged means sent: the other PC gets every one of them now.
        await verifier!.core.call('sync.run', {});
        const seen = clientRows(verifier!.db);
        for (const id of acknowledged) expect(seen.has(id)).toBe(true);
        return synced.length;
      });

      // The killed PC syncs once more, then the other: both hold the same clients, each once.
      const desk = createCore({ dataDir, log: () => {} });
      try {
        await desk.call('sync.run', {});
      } finally {
        desk.close();
      }
      await verifier.core.call('sync.run', {});
      const key = parseKey(readFileSync(keyFileFor(dataDir), 'utf8'));
      const deskDb = openDatabase(path.join(dataDir, DATABASE_FILE), { key, ...syncOnOpen });
      try {
        const mine = clientRows(deskDb);
        const theirs = clientRows(verifier.db);
        expect(theirs.size).toBe(mine.size);
        expect([...theirs.keys()]).toEqual([...mine.keys()]);
        for (const [id, row] of mine) expect(theirs.get(id)).toEqual(row);
        expect(mine.size).toBe(stored(dataDir).createEntries);
      } finally {
        deskDb.close();
      }
      await soundAfterCrash(dataDir);
      expect(done).toBeGreaterThanOrEqual(MIN_ROUNDS);
      expect(acknowledged.length).toBeGreaterThan(0);
    }, 120_000);
  });
});
