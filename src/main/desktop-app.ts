/**
 * The Electron host put together: one instance, the `app://` scheme, locked-down pages, the core
 * in a utility process behind `core:invoke`, the menu and the main window. Main stays a thin
 * relay; everything the app does happens in the core.
 */
import path from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  utilityProcess,
  type BrowserWindow,
} from 'electron';
import { PRODUCT_NAME } from '../core/paths';
import { APP_VERSION } from '../core/version';
import { CORE_INVOKE_CHANNEL } from '../preload/channel';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  isAppUrl,
} from './app-protocol';
import { createCoreInvokeHandler, mainFrameOf } from './core-ipc';
import { createCoreRelay, type CoreRelay } from './core-relay';
import { resolveDesktopKey, type KeyRefusal } from './database-key';
import { coreProcessArgs, dataDirFrom, nativeBindingFor, type LaunchOptions } from './launch-options';
import { aboutDetail, appMenuTemplate } from './menu';
import { createMainWindow, lockDownContents } from './window';

export interface DesktopAppOptions {
  /** The folder of the built main bundle (out/main); the preload and renderer sit beside it. */
  mainDir: string;
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Passed to the relay; tests shorten the back-off. */
  restartDelay?: (crashesInARow: number) => number;
}

export interface DesktopApp {
  relay: CoreRelay;
  launch: LaunchOptions;
  readonly window: BrowserWindow | undefined;
}

/** Where electron-vite puts the other bundles, relative to out/main. */
export function builtPaths(mainDir: string) {
  return {
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: path.join(mainDir, '..', 'renderer'),
    coreProcess: path.join(mainDir, 'core-process.js'),
  };
}

/** Copying text out of the app is the one permission a page gets, and only a page of ours. */
function allowPermission(permission: string, requestingUrl: string, devServerUrl?: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl, devServerUrl);
}

/** Says why the app will not start and quits; the only button is Quit (never an offer to wipe). */
async function refuseToStart(refusal: KeyRefusal, log: (line: string) => void): Promise<undefined> {
  log(`[main] not starting (${refusal.reason}): ${refusal.message} ${refusal.detail}`);
  await dialog.showMessageBox({
    type: 'error',
    title: refusal.title,
    message: refusal.message,
    detail: refusal.detail,
    buttons: ['Quit'],
    defaultId: 0,
    noLink: true,
  });
  app.quit();
  return undefined;
}

/**
 * Starts the desktop app. Resolves once the window is open, or to undefined when another
 * instance already runs (it is brought to the front instead) or the database key cannot be had
 * (the app says why and quits).
 */
export async function startDesktopApp(options: DesktopAppOptions): Promise<DesktopApp | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const paths = builtPaths(options.mainDir);
  // Set by `electron-vite dev` only; a packaged app always loads its own files.
  const devServerUrl = app.isPackaged ? undefined : env.ELECTRON_RENDERER_URL || undefined;

  // Two instances would mean two cores on one database and two windows to confuse.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }

  // Both must happen before `ready`.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, devServerUrl));

  let window: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  await app.whenReady();

  const launch: LaunchOptions = {
    dataDir: dataDirFrom(options.argv ?? process.argv, env, () => app.getPath('userData')),
  };
  const nativeBinding = nativeBindingFor({
    isPackaged: app.isPackaged,
    projectRoot: app.getAppPath(),
    electronVersion: process.versions.electron ?? '',
  });
  if (nativeBinding) launch.nativeBinding = nativeBinding;
  else if (!app.isPackaged)
    log('[main] no Electron build of the SQLite module found; run "npm run electron:native"');

  // safeStorage works only after `ready`. No key, no core: the app says why and quits.
  const databaseKey = resolveDesktopKey({
    dataDir: launch.dataDir,
    sealer: safeStorage,
    env,
    log,
    ...(launch.nativeBinding ? { nativeBinding: launch.nativeBinding } : {}),
  });
  if (!databaseKey.ok) return refuseToStart(databaseKey.refusal, log);

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowPermission(permission, details.requestingUrl, devServerUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowPermission(permission, requestingOrigin, devServerUrl),
  );
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));

  const relay = createCoreRelay({
    fork: () =>
      utilityProcess.fork(paths.coreProcess, coreProcessArgs(launch), {
        serviceName: `${PRODUCT_NAME} core`,
        stdio: 'inherit',
      }),
    databaseKey: databaseKey.key,
    log,
    ...(options.restartDelay ? { restartDelay: options.restartDelay } : {}),
  });
  ipcMain.handle(
    CORE_INVOKE_CHANNEL,
    createCoreInvokeHandler({ relay, isTrustedSender: mainFrameOf(() => window, devServerUrl), log }),
  );

  const showAbout = () => {
    const box = { type: 'info' as const, title: `About ${PRODUCT_NAME}`, message: PRODUCT_NAME };
    const detail = aboutDetail(APP_VERSION, process.versions);
    void (window
      ? dialog.showMessageBox(window, { ...box, detail })
      : dialog.showMessageBox({ ...box, detail }));
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform, showAbout }),
    ),
  );

  const openWindow = () => {
    const opened = createMainWindow({ preload: paths.preload, url: devServerUrl ?? APP_ENTRY_URL });
    opened.on('closed', () => {
      if (window === opened) window = undefined;
    });
    window = opened;
  };
  openWindow();
  app.on('activate', () => window ?? openWindow()); // macOS: the dock icon reopens the window
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the core close its database before the app goes (WAL checkpoint, no half-written file).
  let coreClosed = false;
  app.on('before-quit', (event) => {
    if (coreClosed) return;
    event.preventDefault();
    void relay.stop().finally(() => {
      coreClosed = true;
      app.quit();
    });
  });

  return {
    relay,
    launch,
    get window() {
      return window;
    },
  };
}
