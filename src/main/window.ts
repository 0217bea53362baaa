/**
 * The main window and the rules every page of the app lives under: sandboxed, isolated, no Node,
 * no navigation away from the app, no new windows, no webviews. Links to https sites open in the
 * system browser.
 */
import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { PRODUCT_NAME } from '../core/paths';
import { isAppUrl } from './app-protocol';

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preload: string;
  /** `app://desk/index.html`, or the dev server's URL under `electron-vite dev`. */
  url: string;
  /** Linux takes the window's icon from here (Windows from the .exe); see electron-builder.yml. */
  icon?: string;
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
  void window.loadURL(options.url);
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
