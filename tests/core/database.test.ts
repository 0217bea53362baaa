import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, createCore } from '../../src/core';
import { latestSchemaVersion } from '../../src/core/db/migrations';
import { openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { AppError } from '../../src/shared/errors';
import { sampleClient, useTempCore } from './helpers';

const openCore = useTempCore();

describe('the office database', () => {
  it('is created under the data folder with WAL, full sync and foreign keys', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-db-'));
    const db = openDatabase(path.join(dir, DATABASE_FILE), syncOnOpen);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    db.close();
  });

  it('keeps clients across a restart of the core', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-db-'));
    const first = createCore({ dataDir: dir, log: () => {} });
    const created = await first.call('clients.create', { client: sampleClient() });
    first.close();
    const again = openCore({ dataDir: dir });
    expect((await again.call('clients.get', { id: created.id })).surname).toBe('Jovanović');
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-db-'));
    const file = path.join(dir, DATABASE_FILE);
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.close();
    let error: unknown;
    try {
      createCore({ dataDir: dir, log: () => {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DATABASE_TOO_NEW');
    expect((error as AppError).message).toMatch(/newer MSC Desk/);
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 5);
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'clients'").get()).toEqual({
      n: 0,
    });
    after.close();
  });

  it('reports integrity and migration status', async () => {
    const core = openCore();
    await core.call('clients.create', { client: sampleClient() });
    expect(await core.call('system.check', {})).toMatchObject({
      ok: true,
      integrity: ['ok'],
      foreignKeyProblems: 0,
      schemaVersion: latestSchemaVersion,
      journalMode: 'wal',
    });
  });

  it('answers an unknown call with a typed error', async () => {
    const core = openCore();
    await expect(core.call('clients.drop' as never, {} as never)).rejects.toMatchObject({
      code: 'UNKNOWN_METHOD',
    });
  });

  it('makes time-ordered UUIDv7 ids', async () => {
    const core = openCore();
    const a = await core.call('clients.create', { client: sampleClient() });
    const b = await core.call('clients.create', { client: sampleClient({ givenName: 'Ana' }) });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id < b.id).toBe(true);
  });
});

/**
 * The database layer does not import sync: the core hands `openDatabase` sync's hooks
 * (`syncOnOpen`). A core that forgot them would open a new database recording no edits for sync.
 */
describe('the office database and sync', () => {
  it('records a core’s edits for sync (createCore opens with sync’s hooks)', async () => {
    const core = openCore();
    const before = (await core.call('sync.status', {})).pendingCount;
    await core.call('clients.create', { client: sampleClient() });
    expect((await core.call('sync.status', {})).pendingCount).toBeGreaterThan(before);
  });

  it('has the outbox triggers only when opened with sync’s hooks', () => {
    const triggers = (db: ReturnType<typeof openDatabase>) =>
      db
        .prepare(
          "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, 9) = 'sync_out_'",
        )
        .pluck()
        .get();
    const bare = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'msc-db-')), DATABASE_FILE));
    expect(triggers(bare)).toBe(0);
    bare.close();
    const office = openDatabase(
      path.join(mkdtempSync(path.join(os.tmpdir(), 'msc-db-')), DATABASE_FILE),
      syncOnOpen,
    );
    expect(triggers(office)).toBeGreaterThan(0);
    office
      .prepare(
        "INSERT INTO offices (id, name, is_default, created_at, updated_at) VALUES ('o2', 'Niš', 0, 'x', 'x')",
      )
      .run();
    expect(
      office
        .prepare("SELECT count(*) FROM sync_outbox WHERE tbl = 'offices' AND row_id = 'o2'")
        .pluck()
        .get(),
    ).toBe(1);
    office.close();
  });
});
