import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createCore,
  DATABASE_FILE,
  isEncryptedDatabase,
  keyFileFor,
  keyOpensDatabase,
  newDatabaseKey,
  recoverKeyFile,
  toRecoveryKey,
  writeKeyFile,
} from '../../src/core';
import { isCoreKey } from '../../src/main/core-protocol';
import { SEALED_KEY_FILE } from '../../src/main/database-key';
import { app, resetStandIn, safeStorage, standIn } from './electron-stand-in';
import { runRealCore, startApp, tryStartApp, type Attempt } from './harness';
import { tempDir } from './fixtures';

vi.mock('electron', () => import('./electron-stand-in'));

const MARKO = { client: { surname: 'Јовановић', givenName: 'Марко', category: 'local_vulnerable' } };

let running: Attempt[] = [];

beforeEach(() => {
  resetStandIn();
  standIn.onFork = runRealCore;
});
afterEach(async () => {
  for (const attempt of running) await attempt.desktop?.relay.stop();
  running = [];
});

async function start(dataDir?: string): Promise<Attempt> {
  const attempt = await tryStartApp(dataDir ? { dataDir } : {});
  running.push(attempt);
  return attempt;
}

/** Quits the running app (its core closes the database) and resets the stand-in for the next start. */
async function quit(attempt: Attempt): Promise<void> {
  await attempt.desktop?.relay.stop();
  running = running.filter((other) => other !== attempt);
  resetStandIn();
  standIn.onFork = runRealCore;
}

function sealedKeyOf(dataDir: string): Buffer {
  return Buffer.from(safeStorage.decryptString(fs.readFileSync(path.join(dataDir, SEALED_KEY_FILE))), 'hex');
}

/** Every file in the folder with its bytes, to show that a refusal changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) files[name] = fs.readFileSync(file).toString('base64');
  }
  return files;
}

/** A data folder whose encrypted database was made by the CLI or the web host, with its key file. */
function folderFromTheWebHost(): { dataDir: string; key: Buffer } {
  const dataDir = tempDir();
  const core = createCore({ dataDir, log: () => {}, automaticBackups: false });
  core.close();
  const key = Buffer.from(fs.readFileSync(keyFileFor(dataDir), 'utf8').trim(), 'hex');
  return { dataDir, key };
}

function refusal(): { type: string; title: string; message: string; detail: string; buttons: string[] } {
  expect(standIn.messageBoxes).toHaveLength(1);
  return standIn.messageBoxes[0] as never;
}

describe('the first start', () => {
  it('makes a 32-byte key, seals it beside the database, and the core opens an encrypted database with it', async () => {
    const first = await start();
    const created = await first.desktop!.relay.call('clients.create', MARKO);
    expect(created).toMatchObject({ ok: true, value: { names: { latn: { surname: 'Jovanović' } } } });

    const sealedFile = path.join(first.dataDir, SEALED_KEY_FILE);
    const key = sealedKeyOf(first.dataDir);
    expect(key).toHaveLength(32);
    // Sealed, not written out: the key's hex digits are nowhere in the file.
    expect(fs.readFileSync(sealedFile).toString()).not.toContain(key.toString('hex'));
    if (process.platform !== 'win32') expect(fs.statSync(sealedFile).mode & 0o777).toBe(0o600);

    await quit(first);
    const databaseFile = path.join(first.dataDir, DATABASE_FILE);
    expect(isEncryptedDatabase(databaseFile)).toBe(true);
    expect(keyOpensDatabase(databaseFile, key)).toBe(true);
    expect(keyOpensDatabase(databaseFile, newDatabaseKey())).toBe(false);
  });

  it('refuses with a clear dialog when the OS offers no protected storage, and writes no key', async () => {
    standIn.safeStorage.available = false;
    const attempt = await start();
    expect(attempt.desktop).toBeUndefined();
    const box = refusal();
    expect(box).toMatchObject({
      type: 'error',
      title: 'MSC Desk cannot protect the office database',
      buttons: ['Quit'],
    });
    expect(box.detail).toContain('will not keep it unprotected');
    expect(app.quitCount).toBe(1);
    expect(standIn.forked).toHaveLength(0);
    expect(standIn.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(attempt.dataDir, SEALED_KEY_FILE))).toBe(false);
    expect(attempt.log.join('\n')).toContain('encryption-unavailable');
  });
});

describe('a later start', () => {
  it('unseals the same key and reads what the first start wrote', async () => {
    const first = await start();
    const created = (await first.desktop!.relay.call('clients.create', MARKO)) as {
      ok: true;
      value: { id: string };
    };
    const key = sealedKeyOf(first.dataDir);
    await quit(first);

    const second = await start(first.dataDir);
    expect(second.desktop).toBeDefined();
    const [keyMessage] = standIn.forked[0]?.sent ?? [];
    expect(keyMessage).toEqual({ type: 'key', keyHex: key.toString('hex') });
    expect(await second.desktop!.relay.call('clients.get', { id: created.value.id })).toMatchObject({
      ok: true,
      value: { id: created.value.id, names: { latn: { givenName: 'Marko' } } },
    });
    expect(sealedKeyOf(first.dataDir).equals(key)).toBe(true);
  });

  it('refuses when the sealed key will not open on this account, points to the recovery key, and deletes nothing', async () => {
    const first = await start();
    await first.desktop!.relay.call('clients.create', MARKO);
    await quit(first);
    const before = snapshot(first.dataDir);

    standIn.safeStorage.account = 'desk-pc\\marija (after a Windows reinstall)';
    standIn.messageBoxResponses.push(1); // Quit
    const attempt = await start(first.dataDir);

    expect(attempt.desktop).toBeUndefined();
    const box = refusal();
    expect(box.title).toBe('MSC Desk cannot open the office database key');
    // In the words of this OS (the tests run on Linux; key-screen.test.ts checks both).
    expect(box.message).toBe(
      `The key to the office database could not be opened with ${
        process.platform === 'win32' ? 'this Windows account' : "this Linux user's keyring"
      }.`,
    );
    // The way back is a screen of the app (the first button); office IT can use the CLI of the installed app.
    expect(box.detail).toContain('Recover with the recovery key');
    expect(box.detail).toContain('--cli recover --recovery-key "XXXX-XXXX-…"');
    expect(box.detail).not.toContain('npm run');
    expect(box.detail).toContain('Nothing in the data folder was changed or deleted.');
    // Recovery or Quit: no button offers to start over with an empty database.
    expect(box.buttons).toEqual(['Recover with the recovery key…', 'Quit']);
    expect(app.quitCount).toBe(1);
    expect(standIn.forked).toHaveLength(0);
    expect(snapshot(first.dataDir)).toEqual(before);
    expect(attempt.log.join('\n')).toContain('cannot-unseal');
  });

  it('opens again after the admin runs recover with the recovery key; the unreadable seal is kept aside', async () => {
    const first = await start();
    const created = (await first.desktop!.relay.call('clients.create', MARKO)) as {
      ok: true;
      value: { id: string };
    };
    const key = sealedKeyOf(first.dataDir);
    await quit(first);
    const oldSeal = fs.readFileSync(path.join(first.dataDir, SEALED_KEY_FILE));

    standIn.safeStorage.account = 'desk-pc\\marija (after a Windows reinstall)';
    recoverKeyFile(first.dataDir, toRecoveryKey(key));
    const recovered = await start(first.dataDir);

    expect(recovered.desktop).toBeDefined();
    expect(await recovered.desktop!.relay.call('clients.get', { id: created.value.id })).toMatchObject({
      ok: true,
    });
    expect(sealedKeyOf(first.dataDir).equals(key)).toBe(true); // sealed anew for this account
    const keptAside = fs.readdirSync(first.dataDir).filter((name) => name.includes('.unreadable-'));
    expect(keptAside).toHaveLength(1);
    expect(fs.readFileSync(path.join(first.dataDir, keptAside[0]!)).equals(oldSeal)).toBe(true);
  });
});

describe('a data folder made by the web host or the CLI', () => {
  it('adopts the key from its key file and seals it', async () => {
    const { dataDir, key } = folderFromTheWebHost();
    const attempt = await start(dataDir);
    expect(attempt.desktop).toBeDefined();
    expect(sealedKeyOf(dataDir).equals(key)).toBe(true);
    expect(await attempt.desktop!.relay.call('system.info', {})).toMatchObject({ ok: true });
    expect(attempt.log.join('\n')).toContain('sealed the key from the key file');
  });

  it('refuses, changing nothing, when its database is encrypted and no key this account has opens it', async () => {
    const { dataDir } = folderFromTheWebHost();
    writeKeyFile(keyFileFor(dataDir), newDatabaseKey()); // a key file, but for another database
    const before = snapshot(dataDir);
    standIn.messageBoxResponses.push(1); // Quit
    const attempt = await start(dataDir);
    expect(attempt.desktop).toBeUndefined();
    expect(refusal()).toMatchObject({
      title: 'MSC Desk has no key for the office database',
      detail: expect.stringContaining('recover --recovery-key'),
      buttons: ['Recover with the recovery key…', 'Quit'],
    });
    expect(snapshot(dataDir)).toEqual(before);
    expect(fs.existsSync(path.join(dataDir, SEALED_KEY_FILE))).toBe(false);
  });
});

describe('handing the key to the core process', () => {
  it('sends it as the first message, never in the arguments or the environment', async () => {
    standIn.onFork = undefined;
    const attempt = await startApp();
    const child = standIn.forked[0]!;
    const keyHex = sealedKeyOf(attempt.dataDir).toString('hex');
    running.push({ ...attempt });
    expect(child.sent[0]).toEqual({ type: 'key', keyHex });
    expect(isCoreKey(child.sent[0])).toBe(true);
    const everythingButMessages = JSON.stringify({ args: child.args, options: child.options }).toLowerCase();
    expect(everythingButMessages).not.toContain(keyHex);
    expect(everythingButMessages).not.toContain(toRecoveryKey(Buffer.from(keyHex, 'hex')).toLowerCase());
    expect(child.options.env).toBeUndefined(); // the core inherits main's environment, nothing added
  });

  it('sends it again to a core started after a crash', async () => {
    const attempt = await start();
    const keyHex = sealedKeyOf(attempt.dataDir).toString('hex');
    standIn.forked[0]?.exit(139);
    await vi.waitFor(() => expect(standIn.forked).toHaveLength(2));
    expect(standIn.forked[1]?.sent[0]).toEqual({ type: 'key', keyHex });
    expect(await attempt.desktop!.relay.call('system.info', {})).toMatchObject({ ok: true });
  });

  it('queues calls that reach the core before the key and answers them once it has opened', async () => {
    const { startCoreService } = await import('../../src/main/core-service');
    const dataDir = tempDir();
    const listeners: ((event: { data: unknown }) => void)[] = [];
    const replies: unknown[] = [];
    const opened: Buffer[] = [];
    const service = startCoreService({
      port: { on: (_event, listener) => listeners.push(listener), postMessage: (r) => replies.push(r) },
      openCore: (databaseKey) => {
        opened.push(databaseKey);
        return createCore({ dataDir, databaseKey, log: () => {} });
      },
      exit: () => {},
      log: () => {},
    });
    const send = (data: unknown) => listeners.forEach((listener) => listener({ data }));
    send({ id: 1, method: 'system.info', input: {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(replies).toEqual([]);
    expect(service.core).toBeUndefined();

    const key = newDatabaseKey();
    send({ type: 'key', keyHex: key.toString('hex') });
    await vi.waitFor(() =>
      expect(replies).toEqual([{ id: 1, envelope: expect.objectContaining({ ok: true }) }]),
    );
    expect(opened).toEqual([key]);
    send({ type: 'key', keyHex: newDatabaseKey().toString('hex') }); // a second key is ignored
    expect(opened).toHaveLength(1);
    service.core?.close();
    expect(keyOpensDatabase(path.join(dataDir, DATABASE_FILE), key)).toBe(true);
  });
});
