import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { createCore, type Core } from '../../src/core';
import { startWebHost, type WebHost } from '../../src/web/server';

/**
 * Each test gets its own data folder, core and web host on a free port, and a page already open
 * at the host's URL (with its token). Both are closed afterwards; the folder is removed.
 *
 * The core is interactive, as in the desktop app and the web host: people sign in and each call
 * is checked against their role. By default the office is set up before the page loads and the
 * admin below is signed in (the test's own `core.call`s run as that admin too: there is one
 * session per core); `test.use({ office: 'fresh' })` starts at first-run setup instead.
 */
export const ADMIN = {
  username: 'admin',
  displayName: 'Tijana Admin',
  password: 'lozinka-kancelarije-1',
} as const;

/** The core's clock: real time plus whatever the test moved it forward (to reach the idle lock). */
export interface TestClock {
  now: () => Date;
  advance: (milliseconds: number) => void;
}

interface DeskOptions {
  /** 'admin': set up, with ADMIN signed in (the default); 'fresh': nobody has an account yet. */
  office: 'admin' | 'fresh';
}

interface DeskFixtures {
  clock: TestClock;
  core: Core;
  host: WebHost;
  /** Saves `test-results/screenshots/<name>.png` for a person to look at. */
  saveScreenshot: (name: string) => Promise<void>;
}

// MSC_OUT_DIR: a build elsewhere than out/ (`electron-vite build --outDir DIR`), so two builds never share a folder.
const RENDERER_DIR = path.resolve(process.env.MSC_OUT_DIR ?? 'out', 'renderer');

// Key files the core may make go to a temp folder, never to the user's real key folder.
process.env.MSC_DESK_KEY_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-keys-'));
const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

export const test = base.extend<DeskFixtures & DeskOptions>({
  office: ['admin', { option: true }],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  clock: async ({}, use) => {
    let offset = 0;
    await use({
      now: () => new Date(Date.now() + offset),
      advance: (milliseconds) => {
        offset += milliseconds;
      },
    });
  },

  core: async ({ office, clock }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-'));
    const core = createCore({ dataDir, log: () => {}, access: { kind: 'interactive' }, clock: clock.now });
    if (office === 'admin') await core.call('session.setup', { ...ADMIN });
    await use(core);
    core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },

  host: async ({ core, page }, use) => {
    const host = await startWebHost({ core, rendererDir: RENDERER_DIR, port: 0 });
    await page.goto(host.url);
    await use(host);
    await page.close();
    // The browser context outlives the page and keeps its keep-alive sockets; one still busy with a
    // last request (a search, a heartbeat) when closing began would hold the server open for
    // Fastify's 72-second keep-alive, so every socket is cut once closing has begun.
    const closed = host.close();
    host.server.server.closeAllConnections();
    await closed;
  },

  saveScreenshot: async ({ page }, use) => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await use(async (name) => {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
    });
  },
});

export { expect };

/** The page's search box, found the way a person finds it: by its label. */
export function searchBox(page: Page) {
  return page.getByRole('searchbox');
}
