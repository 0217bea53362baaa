import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toRecoveryKey } from '../../src/core';
import { resolveDesktopKey, SEALED_KEY_FILE } from '../../src/main/database-key';
import { PASSPHRASE_KEY_FILE } from '../../src/main/key-passphrase';
import type { Envelope } from '../../src/shared/contract';
import { type BrowserWindow, ipcRenderer, resetStandIn, safeStorage, standIn } from './electron-stand-in';
import { tempDir } from './fixtures';
import { runRealCore, tryStartApp, type Attempt } from './harness';

vi.mock('electron', () => import('./electron-stand-in'));

/**
 * The key screen: recovery with the recovery key as a screen of the app (the refusal dialog's
 * first button leads to it), and the start-up passphrase where Linux offers no keyring
 * (safeStorage's `basic_text`). The page's requests go through the real preload channel.
 */
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

async function quit(attempt: Attempt) {
  await attempt.desktop?.relay.stop();
  running = running.filter((other) => other !== attempt);
  const account = standIn.safeStorage.account;
  const backend = standIn.safeStorage.backend;
  resetStandIn();
  Object.assign(standIn.safeStorage, { account, backend });
  standIn.onFork = runRealCore;
}

/** Starts the app and waits for its key screen to ask; `finished` is the start itself. */
async function startToKeyScreen(dataDir: string) {
  const finished = tryStartApp({ dataDir }).then((attempt) => {
    running.push(attempt);
    return attempt;
  });
  await vi.waitFor(() => expect(standIn.ipcHandlers.has('desk:request')).toBe(true));
  const keyWindow = standIn.windows[0] as BrowserWindow;
  const ask = (request: unknown) => ipcRenderer.invoke('desk:request', request) as Promise<Envelope>;
  return { finished, keyWindow, ask };
}

/** A folder the desktop app made (one client), then left while the OS account changes. */
async function folderWithClient(): Promise<{ dataDir: string; key: Buffer; clientId: string }> {
  const first = await tryStartApp({ dataDir: path.join(tempDir(), 'data') });
  running.push(first);
  const created = (await first.desktop!.relay.call('clients.create', MARKO)) as {
    ok: true;
    value: { id: string };
  };
  const key = Buffer.from(
    safeStorage.decryptString(fs.readFileSync(path.join(first.dataDir, SEALED_KEY_FILE))),
    'hex',
  );
  await quit(first);
  return { dataDir: first.dataDir, key, clientId: created.value.id };
}

describe('recovery as a screen of the app', () => {
  it('leads from the refusal to the recovery screen; a wrong key changes nothing, the right one opens the app', async () => {
    const { dataDir, key, clientId } = await folderWithClient();
    const oldSeal = fs.readFileSync(path.join(dataDir, SEALED_KEY_FILE));
    standIn.safeStorage.account = 'desk-pc\\marija (after a Windows reinstall)';
    standIn.messageBoxResponses.push(0); // "Recover with the recovery key…"

    const { finished, keyWindow, ask } = await startToKeyScreen(dataDir);
    expect(keyWindow.loadedUrl).toBe('app://desk/key.html');
    expect(standIn.forked).toHaveLength(0); // no core before there is a key
    expect(await ask({ action: 'key.screen' })).toEqual({
      ok: true,
      value: {
        mode: 'recover',
        reason: 'cannot-unseal',
        dataDir,
        platform: process.platform,
        withPassphrase: false,
      },
    });

    const files = fs.readdirSync(dataDir).sort();
    const wrong = await ask({ action: 'key.recover', recoveryKey: toRecoveryKey(Buffer.alloc(32, 7)) });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'DATABASE_KEY_WRONG' } });
    expect((await ask({ action: 'key.recover', recoveryKey: 'not a key!' })).ok).toBe(false);
    expect(fs.readdirSync(dataDir).sort()).toEqual(files);

    expect(await ask({ action: 'key.recover', recoveryKey: toRecoveryKey(key) })).toEqual({
      ok: true,
      value: { opened: true },
    });
    const attempt = await finished;
    expect(attempt.desktop).toBeDefined();
    expect(keyWindow.destroyed).toBe(true);
    expect(await attempt.desktop!.relay.call('clients.get', { id: clientId })).toMatchObject({ ok: true });
    // Sealed for the new account; the unreadable seal kept aside, never deleted.
    const aside = fs.readdirSync(dataDir).find((name) => name.startsWith(`${SEALED_KEY_FILE}.unreadable-`));
    expect(fs.readFileSync(path.join(dataDir, aside!))).toEqual(oldSeal);
    expect(safeStorage.decryptString(fs.readFileSync(path.join(dataDir, SEALED_KEY_FILE)))).toBe(
      key.toString('hex'),
    );
  });

  it('answers only its own window, and quits when the person closes it', async () => {
    const { dataDir } = await folderWithClient();
    standIn.safeStorage.account = 'desk-pc\\someone-else';
    const { finished, keyWindow } = await startToKeyScreen(dataDir);
    const handler = standIn.ipcHandlers.get('desk:request') as (
      event: unknown,
      request: unknown,
    ) => Promise<Envelope>;
    const elsewhere = {
      sender: keyWindow.webContents,
      senderFrame: { url: 'https://evil.example/', parent: null },
    };
    expect(await handler(elsewhere, { action: 'key.screen' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    keyWindow.close();
    expect((await finished).desktop).toBeUndefined();
    expect(standIn.forked).toHaveLength(0);
  });

  it('speaks of the Linux keyring on Linux and of the Windows account on Windows', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, SEALED_KEY_FILE), 'sealed elsewhere');
    // No key file and no database: nothing to ask the core about.
    const keyOpens = () => Promise.reject(new Error('no key should need checking here'));
    const refusalOn = async (platform: NodeJS.Platform) => {
      const result = await resolveDesktopKey({ dataDir, sealer: safeStorage, platform, env: {}, keyOpens });
      if (result.ok) throw new Error('expected a refusal');
      return result.refusal;
    };
    const linux = await refusalOn('linux');
    expect(linux.message).toContain("this Linux user's keyring");
    expect(linux.detail).toContain('GNOME Keyring or KWallet');
    expect(linux.detail).toContain('msc-desk --cli recover');
    expect(`${linux.message} ${linux.detail}`).not.toMatch(/Windows/);
    const windows = await refusalOn('win32');
    expect(windows.message).toContain('this Windows account');
    expect(windows.detail).toContain('"MSC Desk.exe" --cli recover');
  });
});

describe('a Linux session without a keyring (basic_text)', () => {
  it('does not refuse: a passphrase chosen at first start protects the key, and opens it at the next', async () => {
    standIn.safeStorage.backend = 'basic_text';
    const dataDir = path.join(tempDir(), 'data');
    const first = await startToKeyScreen(dataDir);
    expect(await first.ask({ action: 'key.screen' })).toMatchObject({
      ok: true,
      value: { mode: 'passphrase-new' },
    });
    expect(await first.ask({ action: 'key.passphrase', passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('at least 12') },
    });
    expect(
      await first.ask({ action: 'key.passphrase', passphrase: 'konj baterija spajalica' }),
    ).toMatchObject({
      ok: true,
    });
    const opened = await first.finished;
    const created = (await opened.desktop!.relay.call('clients.create', MARKO)) as {
      ok: true;
      value: { id: string };
    };
    expect(created.ok).toBe(true);
    // Kept under the passphrase only: nothing "sealed" with basic_text's public password.
    expect(fs.existsSync(path.join(dataDir, PASSPHRASE_KEY_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, SEALED_KEY_FILE))).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, PASSPHRASE_KEY_FILE), 'utf8')).toContain('"kdf": "scrypt"');
    await quit(opened);

    const again = await startToKeyScreen(dataDir);
    expect(await again.ask({ action: 'key.screen' })).toMatchObject({
      ok: true,
      value: { mode: 'passphrase-enter' },
    });
    expect(
      await again.ask({ action: 'key.passphrase', passphrase: 'konj baterija spajalicA' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'DATABASE_KEY_WRONG' },
    });
    expect(
      await again.ask({ action: 'key.passphrase', passphrase: 'konj baterija spajalica' }),
    ).toMatchObject({
      ok: true,
    });
    const reopened = await again.finished;
    expect(await reopened.desktop!.relay.call('clients.get', { id: created.value.id })).toMatchObject({
      ok: true,
    });
  });

  it('recovers a folder with the recovery key and keeps the key under a new passphrase', async () => {
    const { dataDir, key, clientId } = await folderWithClient();
    // The same folder, now in a session without a keyring, and its seal from elsewhere.
    standIn.safeStorage.backend = 'basic_text';
    standIn.safeStorage.account = 'desk-pc\\xrdp-session';
    const screen = await startToKeyScreen(dataDir);
    expect(await screen.ask({ action: 'key.screen' })).toMatchObject({
      ok: true,
      value: { mode: 'recover', reason: 'no-key-for-database', withPassphrase: true },
    });
    // A recovery without a passphrase (or a short one) is refused before anything is written.
    expect(await screen.ask({ action: 'key.recover', recoveryKey: toRecoveryKey(key) })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(fs.existsSync(path.join(dataDir, PASSPHRASE_KEY_FILE))).toBe(false);
    expect(
      await screen.ask({
        action: 'key.recover',
        recoveryKey: toRecoveryKey(key),
        passphrase: 'kiša pada na Zlatibor',
      }),
    ).toMatchObject({ ok: true });
    const opened = await screen.finished;
    expect(await opened.desktop!.relay.call('clients.get', { id: clientId })).toMatchObject({ ok: true });
    expect(fs.existsSync(path.join(dataDir, PASSPHRASE_KEY_FILE))).toBe(true);
    expect(fs.readdirSync(dataDir).some((name) => name.startsWith(`${SEALED_KEY_FILE}.unprotected-`))).toBe(
      true,
    );
  });
});
