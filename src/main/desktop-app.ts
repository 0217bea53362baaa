/**
 * The Electron host put together: one instance, the `app://` scheme, locked-down pages, the core
 * in a utility process behind `core:invoke`, the menu and the main window. Main stays a thin
 * relay; everything the app does happens in the core.
 */
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
  type BrowserWindow,
  type IpcMainEvent,
} from 'electron';
import { PRODUCT_NAME } from '../core/host';
import {
  CORE_INVOKE_CHANNEL,
  DESKTOP_EVENT_CHANNEL,
  DESKTOP_LOG_CHANNEL,
  DESKTOP_REQUEST_CHANNEL,
} from '../preload/channel';
import type { UpdateFeed } from '../shared/contract/system';
import type { DesktopAbout, DesktopEvent, UpdateStatus } from '../shared/desktop';
import {
  APP_ENTRY_URL,
  KEY_SCREEN_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  isAppUrl,
} from './app-protocol';
import { createCoreInvokeHandler, mainFrameOf } from './core-ipc';
import { captureCoreOutput } from './core-output';
import { CORE_GAVE_UP, createCoreRelay, type CoreRelay } from './core-relay';
import {
  keyForNewPassphrase,
  resolveDesktopKey,
  type DesktopKeyOptions,
  type KeyRefusal,
} from './database-key';
import { createKeyCheck } from './key-check';
import { hasPassphraseKey } from './key-passphrase';
import { openKeyScreen, type KeyScreenOptions } from './key-screen';
import { createDesktopRequestHandler, createRendererLogHandler } from './desktop-ipc';
import {
  APP_ID,
  coreProcessArgs,
  dataDirFrom,
  nativeBindingFor,
  PACKAGED_RESOURCES,
  type LaunchOptions,
} from './launch-options';
import { installNeedingAdmin } from './install-kind';
import { printPdf } from './printing';
import { openFileLog } from './logs';
import { aboutDetail, appMenuTemplate } from './menu';
import { createUpdateService, scheduleUpdateChecks, type UpdaterPort, type UpdateService } from './updater';
import { createMainWindow, lockDownContents } from './window';

export interface DesktopAppOptions {
  /** The folder of the built main bundle (out/main); the preload and renderer sit beside it. */
  mainDir: string;
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Also receives every line main.log gets (tests read it). */
  log?: (line: string) => void;
  /** Where main.log, core.log and renderer.log go; default Electron's logs folder. */
  logsDir?: string;
  /** Write this process's uncaught errors to main.log (the real entry does; tests do not). */
  catchErrors?: boolean;
  /** Passed to the relay; tests shorten the back-off. */
  restartDelay?: (crashesInARow: number) => number;
  /**
   * Default: electron-updater's `autoUpdater` in an installed app, none from a checkout. Tests pass
   * one on a stand-in app, or null for none.
   */
  updater?: UpdaterPort | null;
  /** When the first update check runs and how often after it (tests make it soon). */
  updateChecks?: { firstDelayMs?: number; intervalMs?: number };
  /** The public key releases must be signed with; default the project's (shared/node/release-key.ts). Tests use their own. */
  releaseKey?: KeyObject;
}

export interface DesktopApp {
  relay: CoreRelay;
  launch: LaunchOptions;
  updates: UpdateService;
  readonly window: BrowserWindow | undefined;
}

/** electron-updater picks the updater for how the app was installed (NSIS, AppImage, deb). */
async function installedAppUpdater(): Promise<UpdaterPort> {
  const { default: updaterModule } = await import('electron-updater');
  return updaterModule.autoUpdater;
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

/**
 * The way to a key when it cannot be unsealed. A key that cannot be unsealed (or none for an
 * encrypted database) gets a dialog whose first button opens the recovery screen; a PC without
 * protected storage goes to the passphrase screen; no protected storage at all only says why
 * (Quit is the only button). Never an offer to wipe. Undefined: the app quits.
 */
async function keyFromScreen(
  refusal: KeyRefusal,
  screen: Omit<KeyScreenOptions, 'screen' | 'pendingKey'>,
): Promise<{ key: Buffer } | undefined> {
  const { log } = screen;
  const { dataDir } = screen.key;
  log(`[main] no database key yet (${refusal.reason}): ${refusal.message} ${refusal.detail}`);
  const platform = process.platform;
  const open = async (options: Pick<KeyScreenOptions, 'screen' | 'pendingKey'>) => {
    const key = await openKeyScreen({ ...screen, ...options });
    return key ? { key } : undefined;
  };
  if (refusal.reason === 'needs-passphrase') {
    if (hasPassphraseKey(dataDir)) return open({ screen: { mode: 'passphrase-enter', dataDir, platform } });
    const pendingKey = await keyForNewPassphrase(screen.key);
    if (pendingKey) return open({ screen: { mode: 'passphrase-new', dataDir, platform }, pendingKey });
    return open({
      screen: { mode: 'recover', reason: 'no-key-for-database', dataDir, platform, withPassphrase: true },
    });
  }
  const recoverable = refusal.reason === 'cannot-unseal' || refusal.reason === 'no-key-for-database';
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: refusal.title,
    message: refusal.message,
    detail: refusal.detail,
    buttons: recoverable ? ['Recover with the recovery key…', 'Quit'] : ['Quit'],
    defaultId: 0,
    cancelId: recoverable ? 1 : 0,
    noLink: true,
  });
  if (!recoverable || response !== 0) return undefined;
  return open({
    screen: {
      mode: 'recover',
      reason: refusal.reason as 'cannot-unseal' | 'no-key-for-database',
      dataDir,
      platform,
      withPassphrase: false,
    },
  });
}

/**
 * Starts the desktop app. Resolves once the window is open, or to undefined when another
 * instance already runs (it is brought to the front instead) or the database key cannot be had
 * (the app says why and quits).
 */
export async function startDesktopApp(options: DesktopAppOptions): Promise<DesktopApp | undefined> {
  const env = options.env ?? process.env;
  const paths = builtPaths(options.mainDir);
  // Set by `electron-vite dev` only; a packaged app always loads its own files.
  const devServerUrl = app.isPackaged ? undefined : env.ELECTRON_RENDERER_URL || undefined;

  // Two instances would mean two cores on one database and two windows to confuse.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }

  // All three must happen before `ready`.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, devServerUrl));

  let window: BrowserWindow | undefined;
  /** The key screen's window while it is open (before the main window). */
  let keyWindow: BrowserWindow | undefined;
  // A later launch brings this window forward — shown first if it never was (a page still loading).
  app.on('second-instance', () => {
    const shown = window ?? keyWindow;
    if (!shown || shown.isDestroyed()) return;
    if (shown.isMinimized()) shown.restore();
    if (!shown.isVisible()) shown.show();
    shown.focus();
  });

  await app.whenReady();

  const logsDir = options.logsDir ?? app.getPath('logs');
  const mainLog = openFileLog(logsDir, 'main', { echo: !app.isPackaged && !options.log });
  if (options.catchErrors) mainLog.catchErrors();
  const log = (line: string) => {
    mainLog.info(line);
    options.log?.(line);
  };
  log(`[main] ${PRODUCT_NAME} ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'})`);

  // Electron's folder beside app.asar (undefined outside Electron).
  const resourcesPath = process.resourcesPath as string | undefined;
  const launch: LaunchOptions = {
    dataDir: dataDirFrom(options.argv ?? process.argv, env, () => app.getPath('userData')),
    logsDir,
    // An installed app carries the packet templates and fonts beside its asar (electron-builder.yml).
    ...(app.isPackaged && resourcesPath
      ? { resourcesDir: path.join(resourcesPath, PACKAGED_RESOURCES) }
      : {}),
  };
  const nativeBinding = nativeBindingFor({
    isPackaged: app.isPackaged,
    projectRoot: app.getAppPath(),
    electronVersion: process.versions.electron ?? '',
  });
  if (nativeBinding) launch.nativeBinding = nativeBinding;
  else if (!app.isPackaged)
    log('[main] no Electron build of the SQLite module found; run "npm run electron:native"');

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowPermission(permission, details.requestingUrl, devServerUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowPermission(permission, requestingOrigin, devServerUrl),
  );
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));

  // What the core prints before it has opened core.log itself (a module that fails to load, a
  // native crash message) would be lost in a packaged app: main copies it into core.log.
  let coreOutput: ReturnType<typeof openFileLog> | undefined;
  const forkCore = () => {
    const child = utilityProcess.fork(paths.coreProcess, coreProcessArgs(launch), {
      serviceName: `${PRODUCT_NAME} core`,
      stdio: 'pipe',
    });
    coreOutput ??= openFileLog(logsDir, 'core', { echo: !app.isPackaged && !options.log });
    captureCoreOutput(child, coreOutput);
    return child;
  };

  // safeStorage works only after `ready`. No key, no core: the key screen (recovery key, start-up
  // passphrase) gets one, or the app says why and quits. Whether a key opens the database is asked
  // of a core process (key-check.ts), ended before the core proper starts.
  const keyCheck = createKeyCheck({ fork: forkCore, log });
  const keyOptions: DesktopKeyOptions = {
    dataDir: launch.dataDir,
    sealer: safeStorage,
    env,
    log,
    keyOpens: (key) => keyCheck.opens(key),
  };
  const resolved = await resolveDesktopKey(keyOptions);
  const databaseKey = resolved.ok
    ? resolved
    : await keyFromScreen(resolved.refusal, {
        key: keyOptions,
        preload: paths.preload,
        url: devServerUrl ? new URL('key.html', devServerUrl).href : KEY_SCREEN_URL,
        ...(devServerUrl ? { devServerUrl } : {}),
        log,
        onWindow: (opened) => (keyWindow = opened),
      });
  await keyCheck.close();
  if (!databaseKey) {
    app.quit();
    return undefined;
  }

  const showBox = (box: Electron.MessageBoxOptions) =>
    void (window && !window.isDestroyed() ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box));

  /** News for the page; dropped while no window is open (it asks for the state when it opens). */
  const tell = (event: DesktopEvent) => {
    if (window && !window.isDestroyed()) window.webContents.send(DESKTOP_EVENT_CHANNEL, event);
  };

  const relay = createCoreRelay({
    fork: forkCore,
    databaseKey: databaseKey.key,
    log,
    // The proxy the core's own `net` requests would take (system settings, PAC, WPAD).
    resolveProxy: (url) => app.resolveProxy(url),
    onCrash: (lostCalls) => tell({ type: 'core-restarted', lostCalls }),
    onGiveUp: () => {
      tell({ type: 'core-stopped' });
      showBox({
        type: 'error',
        title: PRODUCT_NAME,
        message: 'The application core keeps stopping, so MSC Desk stopped restarting it.',
        detail: `${CORE_GAVE_UP.message}\n\nLogs: ${logsDir}`,
        buttons: ['OK'],
      });
    },
    ...(options.restartDelay ? { restartDelay: options.restartDelay } : {}),
  });
  const isTrustedSender = mainFrameOf(() => window, devServerUrl);
  ipcMain.handle(CORE_INVOKE_CHANNEL, createCoreInvokeHandler({ relay, isTrustedSender, log }));

  const updates = createUpdateService({
    updater:
      options.updater === undefined
        ? app.isPackaged
          ? await installedAppUpdater()
          : undefined
        : (options.updater ?? undefined),
    readFeed: async () => {
      const envelope = await relay.call('updates.feed', {});
      if (envelope.ok) return envelope.value as UpdateFeed;
      log(`[updates] the core could not say where to look: ${envelope.error.message}`);
      return undefined;
    },
    publish: (status) => tell({ type: 'update-status', status }),
    log,
    needsAdmin: installNeedingAdmin({
      isPackaged: app.isPackaged,
      platform: process.platform,
      execPath: process.execPath,
      env,
    }),
    ...(options.releaseKey ? { releaseKey: options.releaseKey } : {}),
  });

  const desktopRequest = createDesktopRequestHandler({
    relay,
    updates,
    logsFolder: logsDir,
    openFolder: (folder) => shell.openPath(folder),
    versions: process.versions,
    isTrustedSender,
    log,
    printPdf: (pdf, fileName) =>
      printPdf({ platform: process.platform, openPath: (file) => shell.openPath(file), log }, pdf, fileName),
  });
  ipcMain.handle(DESKTOP_REQUEST_CHANNEL, desktopRequest);
  const rendererLog = openFileLog(logsDir, 'renderer', { echo: !app.isPackaged && !options.log });
  ipcMain.on(
    DESKTOP_LOG_CHANNEL,
    createRendererLogHandler({
      file: rendererLog,
      isTrustedSender: (event: IpcMainEvent) => isTrustedSender(event as never),
    }),
  );

  const showAbout = async () => {
    const answer = await relay.call('system.about', {});
    if (!answer.ok) return showBox({ type: 'error', title: PRODUCT_NAME, message: answer.error.message });
    const about: DesktopAbout = {
      ...(answer.value as Omit<DesktopAbout, 'electron' | 'chromium' | 'node' | 'logsFolder'>),
      electron: process.versions.electron ?? '?',
      chromium: process.versions.chrome ?? '?',
      node: process.versions.node,
      logsFolder: logsDir,
    };
    showBox({
      type: 'info',
      title: `About ${PRODUCT_NAME}`,
      message: PRODUCT_NAME,
      detail: aboutDetail(about),
    });
  };
  const checkForUpdates = async () => {
    const status = await updates.check();
    showBox({ type: 'info', title: PRODUCT_NAME, message: updateStatusText(status) });
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        isPackaged: app.isPackaged,
        platform: process.platform,
        showAbout: () => void showAbout(),
        openLogsFolder: () => void shell.openPath(logsDir),
        checkForUpdates: () => void checkForUpdates(),
      }),
    ),
  );

  const openWindow = () => {
    const opened = createMainWindow({
      preload: paths.preload,
      url: devServerUrl ?? APP_ENTRY_URL,
      // electron-builder puts the 512 px icon beside the asar (extraResources).
      ...(app.isPackaged && resourcesPath && process.platform === 'linux'
        ? { icon: path.join(resourcesPath, 'icon.png') }
        : {}),
      // The window is shown with the reason, never left invisible (`show: false` until ready).
      onLoadFailure: (reason) => {
        log(`[main] the window's page did not load: ${reason}`);
        showBox({
          type: 'error',
          title: PRODUCT_NAME,
          message: 'MSC Desk could not show its screens.',
          detail:
            `The page did not load (${reason}). Restart MSC Desk; if it happens again, reinstall it or ` +
            `call support. The details are in main.log in ${logsDir}.`,
          buttons: ['OK'],
        });
      },
    });
    opened.on('closed', () => {
      if (window === opened) window = undefined;
    });
    window = opened;
  };
  openWindow();
  app.on('activate', () => window ?? openWindow()); // macOS: the dock icon reopens the window
  const stopUpdateChecks = scheduleUpdateChecks(updates, options.updateChecks);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the core close its database before the app goes (WAL checkpoint, no half-written file).
  let coreClosed = false;
  app.on('before-quit', (event) => {
    stopUpdateChecks();
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
    updates,
    get window() {
      return window;
    },
  };
}

/** What Help → Check for Updates says once the check is done. */
export function updateStatusText(status: UpdateStatus): string {
  switch (status.state) {
    case 'not-installed':
      return 'Updates are for installed copies; this one runs from a project folder.';
    case 'not-configured':
      return 'This PC is not connected to an office server yet (Settings → Sync), so it cannot look for updates.';
    case 'up-to-date':
    case 'idle':
    case 'checking':
      return `${PRODUCT_NAME} is up to date.`;
    case 'downloading':
      return `Version ${status.version} is downloading (${Math.round(status.percent)} %). It installs when ${PRODUCT_NAME} closes.`;
    case 'downloaded':
      return status.postponedUntil
        ? `Version ${status.version} is ready; an admin postponed installing it until ${status.postponedUntil}.`
        : `Version ${status.version} is ready and installs when ${PRODUCT_NAME} closes.`;
    case 'needs-admin':
      return status.install === 'deb'
        ? `Version ${status.version} is available. MSC Desk was installed as a system package, so installing it needs an administrator: ask IT to install the new version. Nothing was downloaded.`
        : `Version ${status.version} is available. MSC Desk was installed for all users of this PC, so installing it needs an administrator: ask IT to install the new version. Nothing was downloaded.`;
    case 'error':
      if (status.reason === 'unreachable')
        return 'The office server could not be reached. MSC Desk will try again later.';
      if (status.reason === 'unsigned')
        return "The office server offers a version that is not signed with MSC Desk's release key, so it was refused. Tell IT; the details are in the logs folder.";
      return 'Looking for updates failed; the details are in the logs folder (Help → Open Logs Folder).';
  }
}
