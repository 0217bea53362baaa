import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../src/shared/contract';
import { MAX_LOG_LINE } from '../../src/shared/desktop';
import { StandInFrame, resetStandIn, standIn } from './electron-stand-in';
import { runRealCore, startApp, type Started } from './harness';

vi.mock('electron', () => import('./electron-stand-in'));

let started: Started | undefined;
beforeEach(() => resetStandIn());
afterEach(async () => {
  await started?.desktop.relay.stop();
  started = undefined;
});

const ourPage = () => ({
  sender: standIn.windows[0]?.webContents,
  senderFrame: standIn.windows[0]?.webContents.mainFrame,
});
const anIframe = () => ({
  sender: standIn.windows[0]?.webContents,
  senderFrame: new StandInFrame('app://desk/index.html', standIn.windows[0]!.webContents.mainFrame),
});

function request(event: unknown, body: unknown): Promise<Envelope> {
  const handler = standIn.ipcHandlers.get('desk:request') as (e: unknown, r: unknown) => Promise<Envelope>;
  return handler(event, body);
}

function sendLog(event: unknown, level: unknown, message: unknown): void {
  (standIn.ipcListeners.get('desk:log') as (e: unknown, l: unknown, m: unknown) => void)(
    event,
    level,
    message,
  );
}

describe('desktop requests from the page', () => {
  it('answer About with app, schema, template and runtime versions and the logs folder', async () => {
    standIn.onFork = runRealCore;
    started = await startApp();
    const answer = await request(ourPage(), { action: 'about' });
    expect(answer).toMatchObject({
      ok: true,
      value: {
        appVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
        schemaVersion: expect.any(Number),
        node: process.versions.node,
        logsFolder: path.join(started.root, 'logs'),
      },
    });
    const { templates } = (answer as { value: { templates: { id: string }[] } }).value;
    expect(templates.map((t) => t.id)).toEqual(expect.arrayContaining(['residence', 'health', 'phrases']));
  });

  it('open the logs folder', async () => {
    started = await startApp();
    expect(await request(ourPage(), { action: 'logs.open' })).toEqual({
      ok: true,
      value: { folder: path.join(started.root, 'logs') },
    });
    expect(standIn.openedFolders).toEqual([path.join(started.root, 'logs')]);
  });

  it('say updates are for installed copies when run from a checkout', async () => {
    started = await startApp();
    expect(await request(ourPage(), { action: 'updates.check' })).toEqual({
      ok: true,
      value: { state: 'not-installed' },
    });
    expect(await request(ourPage(), { action: 'updates.restartToInstall' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
  });

  it('refuse unknown actions and extra fields, and do nothing for them', async () => {
    started = await startApp();
    for (const body of [
      { action: 'shell.run', command: 'rm -rf /' },
      { action: 'logs.open', folder: '/etc' },
      'about',
      null,
    ]) {
      expect(await request(ourPage(), body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(standIn.openedFolders).toEqual([]);
  });

  it('refuse a frame that is not our main frame', async () => {
    started = await startApp();
    expect(await request(anIframe(), { action: 'logs.open' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(standIn.openedFolders).toEqual([]);
  });
});

describe("the page's log lines", () => {
  it('go to renderer.log on one line each, cut when very long; bad ones and other frames are ignored', async () => {
    started = await startApp();
    sendLog(ourPage(), 'error', 'TypeError: x is undefined\n    at ClientForm (app.js:1:2)');
    sendLog(ourPage(), 'warn', 'y'.repeat(MAX_LOG_LINE + 500));
    sendLog(ourPage(), 'debug', 'not a level we take');
    sendLog(ourPage(), 'info', { not: 'a string' });
    sendLog(anIframe(), 'error', 'from an iframe');
    const lines = fs
      .readFileSync(path.join(started.root, 'logs', 'renderer.log'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/\[error\] +TypeError: x is undefined ⏎ {5}at ClientForm \(app\.js:1:2\)$/);
    expect(lines[1]).toMatch(new RegExp(`\\[warn\\] +y{${MAX_LOG_LINE}}…$`));
  });
});
