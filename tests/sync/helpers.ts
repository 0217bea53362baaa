import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../src/core';
import { openDatabase, DATABASE_FILE, type Db } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { addOffice, createEnrolmentCode } from '../../src/server/devices';
import type { Office } from '../../src/shared/sync';
import type { TestServer } from '../server/backends';

/** A fixed database key: the tests' data folders are throwaway. */
export const TEST_KEY = Buffer.alloc(32, 7);

export interface Desk {
  core: Core;
  dir: string;
  /** A second connection to the same file, for looking at what sync wrote. */
  db: Db;
  close(): void;
}

export function openDesk(options: { clock?: () => Date } = {}): Desk {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-sync-'));
  const core = createCore({ dataDir: dir, databaseKey: TEST_KEY, log: () => {}, clock: options.clock });
  const db = openDatabase(path.join(dir, DATABASE_FILE), { key: TEST_KEY, ...syncOnOpen });
  return {
    core,
    dir,
    db,
    close() {
      db.close();
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function newOffice(server: TestServer, name: string, centre = false): Promise<Office> {
  return addOffice(server.storage, name, { centre, now: new Date() });
}

export async function enrolmentCode(server: TestServer, officeId: string): Promise<string> {
  return (await createEnrolmentCode(server.storage, officeId, { now: new Date() })).code;
}

/** A desk enrolled into `office` of `server` (through `url`, e.g. a proxy, when given). */
export async function enrolledDesk(
  server: TestServer,
  office: Office,
  options: { url?: string; clock?: () => Date } = {},
): Promise<Desk> {
  const desk = openDesk(options);
  await desk.core.call('sync.enroll', {
    serverUrl: options.url ?? server.url,
    code: await enrolmentCode(server, office.id),
  });
  return desk;
}

/** Live clients of a desk by id, with the fields sync carries (not local ones). */
export function clientRows(db: Db): Map<string, Record<string, unknown>> {
  const rows = db.prepare('SELECT * FROM clients ORDER BY id').all() as Record<string, unknown>[];
  return new Map(
    rows.map((row) => {
      const { n: _n, updated_at: _u, ...rest } = row;
      return [String(row.id), rest];
    }),
  );
}
