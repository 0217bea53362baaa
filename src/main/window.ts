/**
 * The main window and the rules every page of the app lives under: sandboxed, isolated, no Node,
 * no navigation away from the app, no new windows, no webviews. Links to https sites open in the
 * system browser.
 */
import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { PRODUCT_NAME } from '../core/host';
import { isAppUrl } from './app-protocol';

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preload: string;
  /** `app://desk/index.html`, or the dev server's URL under `electron-vite dev`. */
  url: string;
  /** Linux takes the window's icon from here (Windows from the .exe); see electron-builder.yml. */
  icon?: string;
  /** The page itself failed to load; the window has been shown (it would stay hidden otherwise). */
  onLoadFailure?: (reason: string) => void;
}

/** Fits a 1366×768 office screen with the Windows taskbar showing. */
export function mainWindowOptions(preload: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    title: PRODUCT_NAME,
    ...(icon ? { icon } : {}),
    width: 1280,
    height: 720,
    minWidth: 960,
    minHeight: 560,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options.preload, options.icon));
  window.once('ready-to-show', () => window.show());
  // `show: false` waits for the first paint; a page that never loads never paints, so a failure
  // shows the window (with the app's background) and says why, instead of an app with no window.
  let failed = false;
  const fail = (reason: string) => {
    if (failed || window.isDestroyed()) return;
    failed = true;
    if (!window.isVisible()) window.show();
    options.onLoadFailure?.(reason);
  };
  window.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    // -3 is ERR_ABORTED: a navigation replaced by another, not a failure.
    if (isMainFrame && code !== -3) fail(`${description || 'error'} ${code} loading ${url}`);
  });
  window
    .loadURL(options.url)
    .catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  return window;
}

function openInBrowserIfHttps(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol === 'https:') void shell.openExternal(parsed.href);
}

/** Applied to every web contents the app creates (`app.on('web-contents-created')`). */
export function lockDownContents(contents: WebContents, devServerUrl?: string): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, devServerUrl)) return;
    event.preventDefault();
    openInBrowserIfHttps(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, devServerUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowserIfHttps(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
