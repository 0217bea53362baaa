import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/app-protocol';
import { type BrowserWindow, StandInEvent, app, resetStandIn, standIn } from './electron-stand-in';
import { APP_JS, INDEX_HTML, runRealCore, startApp, type Started } from './harness';

vi.mock('electron', () => import('./electron-stand-in'));

let started: Started | undefined;

beforeEach(() => resetStandIn());
afterEach(async () => {
  await started?.desktop.relay.stop();
  started = undefined;
});

function theWindow(): BrowserWindow {
  expect(standIn.windows).toHaveLength(1);
  return standIn.windows[0] as BrowserWindow;
}

describe('the main window', () => {
  it('is isolated, sandboxed, without Node, with web security and the built CommonJS preload', async () => {
    started = await startApp();
    const { webPreferences } = theWindow().options as { webPreferences: Record<string, unknown> };
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    });
    expect(webPreferences.preload).toBe(path.join(started.root, 'out', 'preload', 'index.cjs'));
  });

  it('is titled MSC Desk, fits a 1366×768 screen and shows only when ready', async () => {
    started = await startApp();
    const window = theWindow();
    expect(window.options).toMatchObject({ title: 'MSC Desk', show: false });
    expect(window.options.width).toBeLessThanOrEqual(1366);
    expect(window.options.height).toBeLessThanOrEqual(728); // 768 less a Windows taskbar
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('loads the app from app://desk/, or from the dev server under electron-vite dev', async () => {
    started = await startApp();
    expect(theWindow().loadedUrl).toBe('app://desk/index.html');
    await started.desktop.relay.stop();

    resetStandIn();
    started = await startApp({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(theWindow().loadedUrl).toBe('http://localhost:5173');
  });

  it('never loads the dev server URL in a packaged app', async () => {
    app.isPackaged = true;
    started = await startApp({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(theWindow().loadedUrl).toBe('app://desk/index.html');
  });
});

describe('an installed app', () => {
  it('gives the core the packet resources beside the asar and, on Linux, the window its icon', async () => {
    const resourcesPath = '/opt/MSC Desk/resources';
    Object.assign(process, { resourcesPath });
    try {
      app.isPackaged = true;
      started = await startApp();
      const args = standIn.forked[0]?.args ?? [];
      expect(args.slice(args.indexOf('--resources'), args.indexOf('--resources') + 2)).toEqual([
        '--resources',
        path.join(resourcesPath, 'desk-resources'),
      ]);
      const icon = (theWindow().options as { icon?: string }).icon;
      expect(icon).toBe(process.platform === 'linux' ? path.join(resourcesPath, 'icon.png') : undefined);
    } finally {
      delete (process as { resourcesPath?: string }).resourcesPath;
    }
  });
});

describe('what a page may do', () => {
  it('cannot navigate away from the app; an https link opens in the system browser instead', async () => {
    started = await startApp();
    const contents = theWindow().webContents;
    expect(contents.navigate('https://example.org/phishing')).toBe(false);
    expect(contents.navigate('http://example.org/')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.navigate('app://other/index.html')).toBe(false);
    expect(standIn.openedExternally).toEqual(['https://example.org/phishing']);
    expect(contents.navigate('app://desk/index.html')).toBe(true);
  });

  it('cannot open windows; only https links go to the system browser', async () => {
    started = await startApp();
    const open = theWindow().webContents.windowOpenHandler;
    expect(open?.({ url: 'https://mup.gov.rs/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'http://insecure.example/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'app://desk/index.html' })).toEqual({ action: 'deny' });
    expect(standIn.openedExternally).toEqual(['https://mup.gov.rs/']);
  });

  it('cannot attach a webview', async () => {
    started = await startApp();
    expect(theWindow().webContents.attachWebview()).toBe(false);
  });

  it('is refused every permission except writing to the clipboard from our own page', async () => {
    started = await startApp();
    const request = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((resolve) =>
        standIn.permissionRequestHandler?.({}, permission, resolve, { requestingUrl }),
      );
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(await request(permission, 'app://desk/index.html')).toBe(false);
    }
    expect(await request('clipboard-sanitized-write', 'app://desk/index.html')).toBe(true);
    expect(await request('clipboard-sanitized-write', 'https://example.org/')).toBe(false);
    expect(standIn.permissionCheckHandler?.({}, 'media', 'app://desk')).toBe(false);
  });
});

describe('the app:// scheme', () => {
  it('is registered as privileged before the app is ready, and handled after', async () => {
    started = await startApp();
    expect(standIn.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    const order = standIn.calls;
    expect(order.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(
      order.indexOf('app.whenReady'),
    );
    expect(order.indexOf('app.whenReady')).toBeLessThan(order.indexOf('protocol.handle'));
  });

  it('serves the built renderer from out/renderer with the CSP', async () => {
    started = await startApp();
    const handle = standIn.protocolHandlers.get('app');
    const page = await handle?.(new Request('app://desk/index.html'));
    expect(await page?.text()).toBe(INDEX_HTML);
    expect(page?.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await (await handle?.(new Request('app://desk/assets/app.js')))?.text()).toBe(APP_JS);
  });
});

describe('one instance', () => {
  it('quits a second instance before it opens anything', async () => {
    app.hasSingleInstanceLock = false;
    const { startDesktopApp } = await import('../../src/main/desktop-app');
    expect(await startDesktopApp({ mainDir: '/nowhere/out/main', env: {} })).toBeUndefined();
    expect(app.quitCount).toBe(1);
    expect(standIn.windows).toHaveLength(0);
    expect(standIn.forked).toHaveLength(0);
  });
});

describe('the menu', () => {
  type Item = { label?: string; role?: string; submenu?: Item[] };
  const roles = (items: Item[] | undefined) => (items ?? []).map((item) => item.role ?? item.label);
  const menu = (label: string) =>
    (standIn.menuTemplate as Item[]).find((item) => item.label === label)?.submenu;

  const item = (label: string) =>
    menu('Help')?.find((entry) => entry.label === label) as unknown as { click: () => void };

  it('has Quit, the copy-and-paste roles, and Help with updates, the logs folder and About', async () => {
    started = await startApp();
    expect(roles(menu('File'))).toContain('quit');
    expect(roles(menu('Edit'))).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    );
    expect(roles(menu('Help'))).toEqual([
      'Check for Updates',
      'Open Logs Folder',
      undefined,
      'About MSC Desk',
    ]);
  });

  it('opens the logs folder, where main.log already is', async () => {
    started = await startApp();
    item('Open Logs Folder').click();
    const logsDir = path.join(started.root, 'logs');
    expect(standIn.openedFolders).toEqual([logsDir]);
    expect(fs.readFileSync(path.join(logsDir, 'main.log'), 'utf8')).toMatch(
      /\[main\] MSC Desk 0\.1\.0 starting/,
    );
  });

  it('says from a checkout that updates are for installed copies', async () => {
    started = await startApp();
    item('Check for Updates').click();
    await vi.waitFor(() => expect(standIn.messageBoxes).toHaveLength(1));
    expect(standIn.messageBoxes[0]).toMatchObject({ message: expect.stringMatching(/installed copies/) });
  });

  it('offers reload and developer tools only outside a packaged app', async () => {
    started = await startApp();
    expect(roles(menu('View'))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    await started.desktop.relay.stop();

    resetStandIn();
    app.isPackaged = true;
    started = await startApp();
    expect(roles(menu('View'))).not.toContain('reload');
    expect(roles(menu('View'))).not.toContain('toggleDevTools');
  });

  it('shows the app, schema, runtime and packet template versions in About', async () => {
    standIn.onFork = runRealCore;
    started = await startApp();
    item('About MSC Desk').click();
    await vi.waitFor(() => expect(standIn.messageBoxes).toHaveLength(1));
    expect(standIn.messageBoxes[0]).toMatchObject({ title: 'About MSC Desk' });
    const { detail } = standIn.messageBoxes[0] as { detail: string };
    expect(detail).toMatch(/^MSC Desk \d+\.\d+\.\d+\n/);
    expect(detail).toMatch(/Database schema (\d+) \(this version's: \1\)/);
    expect(detail).toContain(`Node.js ${process.versions.node}`);
    expect(detail).toMatch(/ {2}residence v\d+\n/);
    expect(detail).toMatch(/ {2}residence-application v\d+\n/);
    expect(detail).toContain(`Logs: ${path.join(started.root, 'logs')}`);
  });
});

describe('quitting', () => {
  it('lets the core close its database before the app goes', async () => {
    started = await startApp();
    const child = standIn.forked[0];
    const quit = new StandInEvent();
    app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    expect(child?.sent).toContainEqual({ shutdown: true });
    expect(app.quitCount).toBe(0);
    await vi.waitFor(() => expect(app.quitCount).toBe(1));
    // The second before-quit (from that app.quit()) goes through.
    const again = new StandInEvent();
    app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
    expect(child?.exited).toBe(true);
  });
});
