/**
 * Starts the real main process code against the electron stand-in (the importing test must
 * `vi.mock('electron', …)`: the real package would try to download Electron), in a temporary project with
 * a small built renderer, and connects a forked stand-in process to the real core when asked.
 */
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { checkDatabaseKey, createCore, DATABASE_FILE } from '../../src/core';
import { startCoreService, type CoreService } from '../../src/main/core-service';
import { startDesktopApp, type DesktopApp } from '../../src/main/desktop-app';
import { parseCoreProcessArgs } from '../../src/main/launch-options';
import type { UpdaterPort } from '../../src/main/updater';
import { standIn, type StandInUtilityProcess } from './electron-stand-in';
import { builtProject } from './fixtures';

export { APP_JS, INDEX_HTML } from './fixtures';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  updater?: UpdaterPort;
  /** The public key the test's releases are signed with (a throwaway one). */
  releaseKey?: KeyObject;
}

export interface Started {
  desktop: DesktopApp;
  root: string;
  dataDir: string;
  log: string[];
}

export interface Attempt {
  desktop: DesktopApp | undefined;
  root: string;
  dataDir: string;
  log: string[];
}

/** Starts the app on `dataDir` (default: a new folder); `desktop` is undefined when it refused. */
export async function tryStartApp(options: StartOptions = {}): Promise<Attempt> {
  const { root, mainDir } = builtProject();
  const dataDir = options.dataDir ?? path.join(root, 'data');
  const log: string[] = [];
  const desktop = await startDesktopApp({
    mainDir,
    argv: ['/usr/bin/electron', '.', '--data', dataDir],
    // Key files are looked for in the tests' own key folder (tests/setup.ts), never the user's.
    env: { MSC_DESK_KEY_DIR: process.env.MSC_DESK_KEY_DIR, ...options.env },
    log: (line) => log.push(line),
    logsDir: path.join(root, 'logs'),
    // electron-updater needs the real Electron unless a test gives it a stand-in app.
    updater: options.updater ?? null,
    restartDelay: () => 0,
    ...(options.releaseKey ? { releaseKey: options.releaseKey } : {}),
  });
  return { desktop, root, dataDir, log };
}

export async function startApp(options: StartOptions = {}): Promise<Started> {
  const { desktop, ...rest } = await tryStartApp(options);
  if (!desktop) throw new Error(`The app did not start:\n${rest.log.join('\n')}`);
  return { desktop, ...rest };
}

/**
 * Makes a forked stand-in process run the real core service, as core-process.ts does, over a
 * real core opened from the arguments main passed (and its key check, for main's questions). Messages cross asynchronously, as over IPC,
 * and are structured-cloned both ways. Returns the service, as core-process.ts holds it.
 */
export function runRealCore(child: StandInUtilityProcess): CoreService {
  const options = parseCoreProcessArgs(child.args, {}, () => {
    throw new Error('main did not pass --data to the core process');
  });
  const listeners: ((event: { data: unknown }) => void)[] = [];
  child.exitsOnShutdown = false;
  child.on('stand-in:received', (message: unknown) => {
    const data = structuredClone(message);
    setImmediate(() => listeners.forEach((listener) => listener({ data })));
  });
  return startCoreService({
    port: {
      on: (_event, listener) => listeners.push(listener),
      postMessage: (reply) => {
        const cloned = structuredClone(reply);
        setImmediate(() => child.emit('message', cloned));
      },
    },
    openCore: (databaseKey) => createCore({ dataDir: options.dataDir, databaseKey, log: () => {} }),
    checkKey: (databaseKey) => checkDatabaseKey(path.join(options.dataDir, DATABASE_FILE), databaseKey),
    exit: (code) => child.exit(code),
    log: () => {},
  });
}

/** The stand-in of the window's own page calling through the preload's channel. */
export function invokeHandler(): (event: unknown, method: unknown, input: unknown) => Promise<unknown> {
  const handler = standIn.ipcHandlers.get('core:invoke');
  if (!handler) throw new Error('main registered no core:invoke handler');
  return handler as never;
}
