import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { createCore, type Core } from '../../src/core';
import { startWebHost, type WebHost } from '../../src/web/server';

/**
 * Each test gets its own data folder, core and web host on a free port, and a page already open
 * at the host's URL (with its token). Both are closed afterwards; the folder is removed.
 */
interface DeskFixtures {
  core: Core;
  host: WebHost;
  /** Saves `test-results/screenshots/<name>.png` for a person to look at. */
  saveScreenshot: (name: string) => Promise<void>;
}

const RENDERER_DIR = path.resolve('out/renderer');

// Key files the core may make go to a temp folder, never to the user's real key folder.
process.env.MSC_DESK_KEY_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-keys-'));
const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

export const test = base.extend<DeskFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  core: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-'));
    const core = createCore({ dataDir, log: () => {} });
    await use(core);
    core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },

  host: async ({ core, page }, use) => {
    const host = await startWebHost({ core, rendererDir: RENDERER_DIR, port: 0 });
    await page.goto(host.url);
    await use(host);
    await page.close();
    await host.close();
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
