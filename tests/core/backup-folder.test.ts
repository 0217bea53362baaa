import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE, type Core } from '../../src/core';
import { makeBackup } from '../../src/core/backup/backups';
import { applyKey } from '../../src/core/db/open';
import { keyFileFor, parseKey } from '../../src/core/security/keys';
import { AppError } from '../../src/shared/errors';
import { sampleClient } from './helpers';

const made: string[] = [];
const cores: Core[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  for (const dir of made.splice(0)) {
    if (existsSync(dir)) chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The office's PC, started on a given day of March 2026 (each start makes that day's backup). */
function office() {
  const dataDir = tempDir('msc-data-');
  const start = (day: number, access?: { kind: 'interactive' }): Core => {
    for (const open of cores.splice(0)) open.close();
    const at = new Date(`2026-03-${String(day).padStart(2, '0')}T08:00:00Z`);
    const core = createCore({ dataDir, log: () => {}, clock: () => at, ...(access ? { access } : {}) });
    cores.push(core);
    return core;
  };
  return { dataDir, start };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the call to be refused');
}

const ours = (folder: string, reason: string) =>
  readdirSync(folder)
    .filter((name) => new RegExp(`^msc-desk-.*-${reason}\\.sqlite$`).test(name))
    .sort();

describe('the backup folder', () => {
  it('is remembered once checked, and forgotten with null', async () => {
    const core = office().start(1);
    const stick = path.join(tempDir('msc-usb-'), 'MSC kopije');
    expect(await core.call('backups.settings', {})).toEqual({
      folder: null,
      lastCopyAt: null,
      lastCopyError: null,
    });
    // A folder that does not exist yet is made (the stick's subfolder on first use).
    expect(await core.call('backups.saveSettings', { folder: `  ${stick}  ` })).toEqual({
      folder: stick,
      lastCopyAt: null,
      lastCopyError: null,
    });
    // The write check leaves nothing behind.
    expect(readdirSync(stick)).toEqual([]);
    expect((await core.call('backups.settings', {})).folder).toBe(stick);
    expect((await core.call('backups.saveSettings', { folder: null })).folder).toBeNull();
    expect(existsSync(stick)).toBe(true);
  });

  it('refuses a relative path, a file, a folder it cannot make or write, and the data folder, changing nothing', async () => {
    const { dataDir, start } = office();
    const core = start(1);
    const kept = tempDir('msc-usb-');
    await core.call('backups.saveSettings', { folder: kept });
    const before = await core.call('backups.settings', {});

    const file = path.join(tempDir('msc-file-'), 'notes.txt');
    writeFileSync(file, 'not a folder');
    // root writes wherever file modes forbid it, but not into /proc.
    const unwritable = process.getuid?.() === 0 ? '/proc' : tempDir('msc-ro-');
    if (unwritable !== '/proc') chmodSync(unwritable, 0o555);

    const cases: [string, string, RegExp][] = [
      ['MSC-kopije', 'relative', /is not a full path/],
      [file, 'notFolder', /is a file, not a folder/],
      [path.join(file, 'kopije'), 'cannotCreate', /cannot be created/],
      [unwritable, 'notWritable', /cannot write into/],
      [path.join(dataDir, 'backups'), 'dataFolder', /inside the data folder/],
    ];
    for (const [folder, problem, message] of cases) {
      const error = await refusal(core.call('backups.saveSettings', { folder }));
      expect(error.code).toBe('VALIDATION');
      expect(error.detail).toEqual({ folderProblem: problem });
      expect(error.fields?.folder).toMatch(message);
      expect(await core.call('backups.settings', {})).toEqual(before);
    }
    expect(existsSync(path.join(file, 'kopije'))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('gets a copy of each daily backup, and rotates only our backups there', async () => {
    const { dataDir, start } = office();
    const share = tempDir('msc-share-');
    // Someone else's files in the same share stay, whatever their age or name.
    writeFileSync(path.join(share, 'Zapisnik 2025.docx'), 'minutes');
    writeFileSync(path.join(share, 'msc-desk-by-hand.sqlite'), 'a copy someone made');
    const first = start(1);
    await first.call('clients.create', { client: sampleClient() });
    await first.call('backups.saveSettings', { folder: share });

    for (let day = 2; day <= 10; day += 1) start(day);
    const core = start(10);
    const local = ours(path.join(dataDir, 'backups'), 'daily');
    expect(local).toHaveLength(7);
    // Day 1's backup was made before the folder was chosen; days 2–10 were copied, 7 kept.
    expect(ours(share, 'daily')).toEqual(local);
    expect(ours(share, 'daily')[0]).toMatch(/^msc-desk-2026-03-04T/);
    expect(
      readdirSync(share)
        .filter((name) => !/^msc-desk-.*-daily\.sqlite$/.test(name))
        .sort(),
    ).toEqual(['Zapisnik 2025.docx', 'msc-desk-by-hand.sqlite']);
    const copy = path.join(share, local[6]!);
    expect(readFileSync(copy).equals(readFileSync(path.join(dataDir, 'backups', local[6]!)))).toBe(true);
    expect(await core.call('backups.verify', { file: copy })).toMatchObject({ ok: true, clients: 1 });
    expect(await core.call('backups.settings', {})).toEqual({
      folder: share,
      lastCopyAt: '2026-03-10T08:00:00.000Z',
      lastCopyError: null,
    });
  });

  it('copies a manual backup too, but not one written to a folder a person chose', async () => {
    const core = office().start(1);
    const share = tempDir('msc-share-');
    await core.call('backups.saveSettings', { folder: share });
    const manual = await core.call('backups.create', {});
    expect(manual.copiedTo).toBe(path.join(share, path.basename(manual.file)));
    expect(manual.copyError).toBeNull();
    const elsewhere = await core.call('backups.create', { folder: tempDir('msc-usb-') });
    expect(elsewhere).toMatchObject({ copiedTo: null, copyError: null });
    expect(readdirSync(share)).toEqual([path.basename(manual.file)]);
  });

  it('still starts and backs up locally when the folder is missing, records why, and clears it after a copy', async () => {
    const { dataDir, start } = office();
    const stick = path.join(tempDir('msc-media-'), 'usb');
    mkdirSync(stick);
    await start(1).call('backups.saveSettings', { folder: stick });
    rmSync(stick, { recursive: true }); // the stick is not plugged in

    const core = start(2);
    expect(ours(path.join(dataDir, 'backups'), 'daily')).toHaveLength(2);
    // The missing folder is not made on this PC's own disk.
    expect(existsSync(stick)).toBe(false);
    const { lastCopyError } = await core.call('backups.settings', {});
    expect(lastCopyError).toMatchObject({
      at: '2026-03-02T08:00:00.000Z',
      folder: stick,
      problem: 'unreachable',
    });
    expect(lastCopyError?.message).toMatch(/ENOENT/);
    expect(readdirSync(path.join(dataDir, 'backups')).filter((name) => name.endsWith('.partial'))).toEqual(
      [],
    );

    mkdirSync(stick); // plugged in again
    const later = start(3);
    expect(ours(stick, 'daily')).toEqual([expect.stringMatching(/^msc-desk-2026-03-03T/)]);
    expect(await later.call('backups.settings', {})).toEqual({
      folder: stick,
      lastCopyAt: '2026-03-03T08:00:00.000Z',
      lastCopyError: null,
    });
  });

  it('copies a pre-migration backup too, and skips the copy for a database older than its settings', async () => {
    const { dataDir, start } = office();
    const share = tempDir('msc-share-');
    await start(1).call('backups.saveSettings', { folder: share });
    cores.splice(0).forEach((core) => core.close());
    const current = new Database(path.join(dataDir, DATABASE_FILE));
    applyKey(current, parseKey(readFileSync(keyFileFor(dataDir), 'utf8')));
    const at = new Date('2026-03-02T07:00:00Z');
    const copied = makeBackup(current, dataDir, 'pre-migration', at);
    current.close();
    expect(copied.copiedTo).toBe(path.join(share, path.basename(copied.file)));

    const old = new Database(path.join(tempDir('msc-old-'), 'old.sqlite'));
    old.exec('CREATE TABLE clients (id TEXT PRIMARY KEY)');
    const plain = makeBackup(old, dataDir, 'pre-migration', new Date('2026-03-02T07:00:01Z'));
    old.close();
    expect(plain).toMatchObject({ reason: 'pre-migration', copiedTo: null, copyError: null });
    expect(ours(path.join(dataDir, 'backups'), 'pre-migration')).toHaveLength(2);
    expect(ours(share, 'pre-migration')).toEqual([path.basename(copied.file)]);
  });

  it('starts a new folder without the old folder’s history', async () => {
    const core = office().start(1);
    const gone = tempDir('msc-usb-');
    await core.call('backups.saveSettings', { folder: gone });
    rmSync(gone, { recursive: true });
    expect((await core.call('backups.create', {})).copyError?.problem).toBe('unreachable');
    expect((await core.call('backups.settings', {})).lastCopyError).not.toBeNull();
    const share = tempDir('msc-share-');
    expect(await core.call('backups.saveSettings', { folder: share })).toEqual({
      folder: share,
      lastCopyAt: null,
      lastCopyError: null,
    });
  });

  it('is set by the admin only; the auditor may look; the trail says that, not where', async () => {
    const core = office().start(1, { kind: 'interactive' });
    const share = tempDir('msc-share-');
    await core.call('session.setup', {
      username: 'admin',
      displayName: 'Admin',
      password: 'correct horse battery',
    });
    for (const [username, role, password] of [
      ['mira', 'counsellor', 'counsellor pass 1'],
      ['dpo', 'auditor', 'auditor pass 12'],
    ] as const) {
      await core.call('users.create', { username, displayName: username, role, password });
    }
    await core.call('backups.saveSettings', { folder: share });
    const [entry] = (await core.call('audit.list', { action: 'settings', limit: 1 })).items;
    expect(entry).toMatchObject({ method: 'backups.saveSettings', detail: { backupFolderSet: true } });
    expect(JSON.stringify(entry)).not.toContain(share);
    await core.call('session.logout', {});

    await core.call('session.login', { username: 'dpo', password: 'auditor pass 12' });
    expect((await core.call('backups.settings', {})).folder).toBe(share);
    expect((await refusal(core.call('backups.saveSettings', { folder: null }))).code).toBe('FORBIDDEN');
    await core.call('session.logout', {});

    await core.call('session.login', { username: 'mira', password: 'counsellor pass 1' });
    expect((await refusal(core.call('backups.settings', {}))).code).toBe('FORBIDDEN');
    expect((await refusal(core.call('backups.saveSettings', { folder: null }))).code).toBe('FORBIDDEN');
    await core.call('session.logout', {});

    await core.call('session.login', { username: 'admin', password: 'correct horse battery' });
    expect((await core.call('backups.settings', {})).folder).toBe(share);
  });
});
