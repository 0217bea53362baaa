import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startupFailure } from '../../src/main/core-service';
import { CORE_GAVE_UP, MAX_QUICK_FAILURES } from '../../src/main/core-relay';
import { reportStartupFailure, type StartupFailureDeps } from '../../src/main/startup-failure';
import { type BrowserWindow, app, dialog, resetStandIn, safeStorage, standIn } from './electron-stand-in';
import { tempDir } from './fixtures';
import { startApp, tryStartApp, type Started } from './harness';

vi.mock('electron', () => import('./electron-stand-in'));

let started: Started | undefined;

beforeEach(() => resetStandIn());
afterEach(async () => {
  vi.restoreAllMocks();
  await started?.desktop.relay.stop();
  started = undefined;
});

/** The stand-in app's paths and dialogs, as src/main/index.ts wires them. */
function failureDeps(logs: string, userData: string): StartupFailureDeps {
  return {
    logsDir: () => logs,
    userDataDir: () => userData,
    whenReady: () => app.whenReady(),
    showError: (box) => dialog.showMessageBox({ type: 'error', ...box }),
    exit: (code) => app.exit(code),
    tmpDir: tempDir(),
  };
}

describe('a start-up failure', () => {
  it('is written to main.log with its stack and shown in a dialog after ready, naming the file', async () => {
    const root = tempDir();
    // As from the key sealing when an antivirus holds the file.
    vi.spyOn(safeStorage, 'encryptString').mockImplementation(() => {
      throw Object.assign(new Error("EPERM: operation not permitted, open 'database-key.sealed.writing'"), {
        code: 'EPERM',
        path: path.join(root, 'data', 'database-key.sealed.writing'),
      });
    });
    const failure = await tryStartApp({ dataDir: path.join(root, 'data') }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);

    const logs = path.join(root, 'logs');
    standIn.calls.length = 0;
    await reportStartupFailure(failure, failureDeps(logs, path.join(root, 'user-data')));
    const mainLog = fs.readFileSync(path.join(logs, 'main.log'), 'utf8');
    expect(mainLog).toContain('[main] could not start: Error: EPERM: operation not permitted');
    expect(mainLog).toMatch(/at .*database-key/); // the stack, for support
    expect(standIn.calls).toEqual(['app.whenReady']); // the dialog came after ready
    expect(standIn.messageBoxes).toEqual([
      expect.objectContaining({
        type: 'error',
        title: 'MSC Desk could not start',
        message: expect.stringContaining('could not write a file it needs'),
        detail: expect.stringMatching(/antivirus[\s\S]*The details are in .*main\.log\./),
      }),
    ]);
    expect(app.exitCode).toBe(1);
  });

  it('goes to a file beside the profile when the logs folder itself cannot be written', async () => {
    const root = tempDir();
    const notAFolder = path.join(root, 'logs');
    fs.writeFileSync(notAFolder, 'a file where the logs folder should be');
    const userData = path.join(root, 'user-data');
    await reportStartupFailure(
      new Error('Cannot find module electron-log'),
      failureDeps(notAFolder, userData),
    );
    const fallback = path.join(userData, 'startup-failure.log');
    expect(fs.readFileSync(fallback, 'utf8')).toContain(
      'could not start: Error: Cannot find module electron-log',
    );
    expect(standIn.messageBoxes[0]).toMatchObject({ detail: expect.stringContaining(fallback) });
  });
});

describe('the real entry (src/main/index.ts)', () => {
  it('reports a part of main that fails to load: main.log and a dialog, then exit code 1', async () => {
    vi.resetModules();
    const logs = tempDir();
    Object.assign(app, { logs, userData: tempDir() });
    vi.doMock('../../src/main/desktop-app', () => {
      throw new Error("Cannot find package 'electron-log' imported from out/main/index.js");
    });
    try {
      await import('../../src/main/index');
      await vi.waitFor(() => expect(app.exitCode).toBe(1));
      expect(fs.readFileSync(path.join(logs, 'main.log'), 'utf8')).toContain('[main] could not start:');
      expect(fs.readFileSync(path.join(logs, 'main.log'), 'utf8')).toContain(
        "Cannot find package 'electron-log'",
      );
      expect(standIn.messageBoxes).toEqual([
        expect.objectContaining({
          title: 'MSC Desk could not start',
          detail: expect.stringContaining('main.log'),
        }),
      ]);
    } finally {
      vi.doUnmock('../../src/main/desktop-app');
      vi.resetModules();
    }
  });
});

describe('the core process', () => {
  it('has its early output (before core.log is open) copied into core.log', async () => {
    started = await startApp();
    const child = standIn.forked[0]!;
    expect(child.options).toMatchObject({ stdio: 'pipe' });
    child.stderr!.write(
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'exceljs'\n    at packageResolve (node:internal",
    );
    child.stdout!.write('half a line');
    child.stdout!.write(' and its end\n');
    child.exit(1);
    const coreLog = path.join(started.root, 'logs', 'core.log');
    await vi.waitFor(() => {
      const text = fs.readFileSync(coreLog, 'utf8');
      expect(text).toContain("[core stderr] Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'exceljs'");
      expect(text).toContain('[core stderr]     at packageResolve (node:internal');
      expect(text).toContain('[core stdout] half a line and its end');
    });
  });

  it('is not restarted forever: after a few quick failures main stops and says so', async () => {
    started = await startApp();
    for (let n = 0; n < MAX_QUICK_FAILURES; n += 1) {
      await vi.waitFor(() => expect(standIn.forked).toHaveLength(n + 1));
      standIn.forked[n]!.exit(1);
    }
    await vi.waitFor(() => expect(standIn.messageBoxes).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(standIn.forked).toHaveLength(MAX_QUICK_FAILURES); // no sixth core
    expect(standIn.messageBoxes[0]).toMatchObject({
      type: 'error',
      message: 'The application core keeps stopping, so MSC Desk stopped restarting it.',
    });
    const window = standIn.windows[0] as BrowserWindow;
    expect(window.webContents.sentToPage).toContainEqual(['desk:event', { type: 'core-stopped' }]);
    expect(await started.desktop.relay.call('system.info', {})).toEqual({ ok: false, error: CORE_GAVE_UP });
    expect(started.log.join('\n')).toContain(`stopped ${MAX_QUICK_FAILURES} times in a row`);
  });

  it('tells an installed app to reinstall, not to run npm, when its SQLite module is for another runtime', () => {
    const wrongAbi = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.",
    );
    expect(startupFailure(wrongAbi, true).message).toMatch(/Reinstall MSC Desk/);
    expect(startupFailure(wrongAbi, true).message).not.toMatch(/npm/);
    expect(startupFailure(wrongAbi, false).message).toMatch(/npm start/);
    const win32 = new Error(
      '\\\\?\\C:\\Program Files\\MSC Desk\\resources\\better_sqlite3.node is not a valid Win32 application.',
    );
    expect(startupFailure(win32, true)).toEqual({
      code: 'INTERNAL',
      message: expect.stringContaining('built for another kind of computer'),
    });
  });
});

describe('the window', () => {
  it('is shown with the reason when its first page fails to load', async () => {
    standIn.loadFailure = { code: -6, description: 'ERR_FILE_NOT_FOUND' };
    started = await startApp();
    const window = standIn.windows[0] as BrowserWindow;
    await vi.waitFor(() => expect(standIn.messageBoxes).toHaveLength(1));
    expect(window.shown).toBe(true);
    expect(standIn.messageBoxes[0]).toMatchObject({
      type: 'error',
      message: 'MSC Desk could not show its screens.',
      detail: expect.stringContaining('ERR_FILE_NOT_FOUND'),
    });
    expect(started.log.join('\n')).toContain("the window's page did not load: ERR_FILE_NOT_FOUND -6");
  });

  it('is shown and focused by a later launch, even before its page has painted', async () => {
    started = await startApp();
    const window = standIn.windows[0] as BrowserWindow;
    expect(window.shown).toBe(false);
    app.emit('second-instance');
    expect(window.shown).toBe(true);
  });
});
