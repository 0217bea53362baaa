/**
 * The key screen, shown before the core starts when the database key cannot simply be unsealed:
 * recovery with the office admin's recovery key (the sealed key is unreadable on this account, or
 * there is none for an encrypted database), or the start-up passphrase on a PC without protected
 * storage (Linux without a keyring). A window of its own (app://desk/key.html, the renderer's
 * second page) under the same lockdown as the main window; its only door is the desktop request
 * channel, answering `key.*` requests from that window alone. Resolves with the key, or undefined
 * when the person closed the window (the app then quits). Nothing is written until a key has been
 * proven to open the database (the core's utility process tries it: key-check.ts).
 */
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { DATABASE_FILE, isEncryptedDatabase } from '../core/host';
import { DESKTOP_REQUEST_CHANNEL } from '../preload/channel';
import type { Envelope } from '../shared/contract';
import { DesktopRequest, MIN_PASSPHRASE, type KeyScreen } from '../shared/desktop';
import { AppError, toErrorShape, validationError } from '../shared/errors';
import { mainFrameOf } from './core-ipc';
import {
  keyFromRecoveryKey,
  SEALED_KEY_FILE,
  sealRecoveredKey,
  writeSealed,
  type DesktopKeyOptions,
} from './database-key';
import { passphraseKeyFile, readPassphraseKey, wrapKey } from './key-passphrase';
import { createMainWindow } from './window';

export interface KeyScreenOptions {
  screen: KeyScreen;
  /** For `passphrase-new`: the key to keep under the passphrase (a new one, or one found). */
  pendingKey?: Buffer;
  key: DesktopKeyOptions;
  preload: string;
  /** `app://desk/key.html`, or the dev server's page under `electron-vite dev`. */
  url: string;
  devServerUrl?: string;
  icon?: string;
  log: (line: string) => void;
  /** Told of the window as soon as it exists (second-instance focuses it). */
  onWindow?: (window: BrowserWindow | undefined) => void;
}

function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE)
    throw new AppError('VALIDATION', `Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`);
}

/** The passphrase file, written whole or not at all; a basic_text "seal" is set aside (it protects nothing). */
function keepUnderPassphrase(dataDir: string, key: Buffer, passphrase: string, now: Date): void {
  writeSealed(passphraseKeyFile(dataDir), Buffer.from(wrapKey(key, passphrase)));
  const sealed = path.join(dataDir, SEALED_KEY_FILE);
  if (existsSync(sealed))
    renameSync(sealed, `${sealed}.unprotected-${now.toISOString().replace(/[:.]/g, '-')}`);
}

export function openKeyScreen(options: KeyScreenOptions): Promise<Buffer | undefined> {
  const { screen, log } = options;
  const { dataDir, sealer, keyOpens } = options.key;
  const now = () => options.key.now?.() ?? new Date();
  const databaseFile = path.join(dataDir, DATABASE_FILE);

  return new Promise((resolve) => {
    let done = false;
    const window = createMainWindow({
      preload: options.preload,
      url: options.url,
      ...(options.icon ? { icon: options.icon } : {}),
      onLoadFailure: (reason) => log(`[key] the key screen did not load: ${reason}`),
    });
    options.onWindow?.(window);
    const isTrusted = mainFrameOf(() => window, options.devServerUrl);

    const finish = (key: Buffer | undefined) => {
      if (done) return;
      done = true;
      ipcMain.removeHandler(DESKTOP_REQUEST_CHANNEL);
      options.onWindow?.(undefined);
      if (!window.isDestroyed()) window.close();
      resolve(key);
    };
    window.on('closed', () => finish(undefined));
    let inFlight = Promise.resolve();
    let accepted = false;

    const handlers = {
      'key.screen': () => screen,
      'key.recover': async (request: Extract<DesktopRequest, { action: 'key.recover' }>) => {
        if (screen.mode !== 'recover')
          throw new AppError('NOT_ALLOWED', 'Recovery is not what this screen is for.');
        if (screen.withPassphrase) checkPassphrase(request.passphrase ?? '');
        const key = await keyFromRecoveryKey(dataDir, request.recoveryKey, keyOpens);
        if (screen.withPassphrase) keepUnderPassphrase(dataDir, key, request.passphrase!, now());
        else sealRecoveredKey(dataDir, key, sealer, now());
        log(
          `[key] the recovery key opened ${databaseFile}; the key is kept ${screen.withPassphrase ? 'under a passphrase' : 'sealed for this account'}`,
        );
        return { opened: true as const, key };
      },
      'key.passphrase': async (request: Extract<DesktopRequest, { action: 'key.passphrase' }>) => {
        if (screen.mode === 'passphrase-enter') {
          const key = readPassphraseKey(dataDir, request.passphrase);
          if (isEncryptedDatabase(databaseFile) && !(await keyOpens(key)))
            throw new AppError(
              'DATABASE_KEY_WRONG',
              'The key kept under this passphrase does not open this database.',
            );
          log('[key] opened the database key with the start-up passphrase');
          return { opened: true as const, key };
        }
        if (screen.mode === 'passphrase-new' && options.pendingKey) {
          checkPassphrase(request.passphrase);
          keepUnderPassphrase(dataDir, options.pendingKey, request.passphrase, now());
          log(
            `[key] the database key is now kept under a start-up passphrase in ${passphraseKeyFile(dataDir)}`,
          );
          return { opened: true as const, key: options.pendingKey };
        }
        throw new AppError('NOT_ALLOWED', 'A passphrase is not what this screen is for.');
      },
    };

    ipcMain.handle(
      DESKTOP_REQUEST_CHANNEL,
      async (event: IpcMainInvokeEvent, request: unknown): Promise<Envelope> => {
        if (!isTrusted(event)) {
          log(`[key] refused a request from ${event.senderFrame?.url ?? 'a closed frame'}`);
          return {
            ok: false,
            error: { code: 'FORBIDDEN', message: 'This page may not make desktop requests.' },
          };
        }
        const parsed = DesktopRequest.safeParse(request);
        if (!parsed.success)
          return { ok: false, error: validationError(parsed.error, 'key request').toShape() };
        const data = parsed.data;
        if (data.action === 'key.screen') return { ok: true, value: handlers['key.screen']() };
        // One key at a time: a check now waits on the core process, so a second click must not
        // seal or wrap a key beside the first.
        const previous = inFlight;
        let release = () => {};
        inFlight = new Promise<void>((resolve) => (release = resolve));
        await previous;
        try {
          if (accepted)
            return {
              ok: false,
              error: { code: 'NOT_ALLOWED', message: 'The key was accepted; MSC Desk is opening.' },
            };
          const result =
            data.action === 'key.recover'
              ? await handlers['key.recover'](data)
              : data.action === 'key.passphrase'
                ? await handlers['key.passphrase'](data)
                : undefined;
          if (!result)
            return {
              ok: false,
              error: { code: 'NOT_ALLOWED', message: 'MSC Desk is not open yet: enter the key first.' },
            };
          accepted = true;
          // Answer first, then let the app start: the page shows "opened" until its window closes.
          setTimeout(() => finish(result.key), 0);
          return { ok: true, value: { opened: true } };
        } catch (error) {
          const shape = toErrorShape(error);
          if (shape.code === 'INTERNAL')
            log(
              `[key] ${data.action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
            );
          return { ok: false, error: shape };
        } finally {
          release();
        }
      },
    );
  });
}
