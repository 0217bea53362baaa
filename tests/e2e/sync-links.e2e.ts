import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createCore } from '../../src/core';
import { startServer } from '../../src/server/admin';
import { addOffice, createEnrolmentCode } from '../../src/server/devices';
import { startWebHost } from '../../src/web/server';
import { ADMIN } from './fixtures';

/**
 * Settings → Sync for a bad line or none (issue 17): a PC just enrolled says it is behind the
 * centre until its first complete sync, and "Save changes to a file" hands over a sealed file.
 */

process.env.MSC_DESK_KEY_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-keys-'));

test('a new PC says it is behind the centre until it has synced, and saves its changes to a file', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const server = await startServer({ port: 0, log: () => {} });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-links-'));
  const core = createCore({ dataDir: dir, log: () => {}, access: { kind: 'interactive' } });
  try {
    await core.call('session.setup', { ...ADMIN });
    const office = await addOffice(server.storage, 'MSC Kraljevo', { now: new Date() });
    const { code } = await createEnrolmentCode(server.storage, office.id, { now: new Date() });
    await core.call('sync.enroll', { serverUrl: server.url, code });
    await core.call('clients.create', {
      client: { surname: 'Ilić', givenName: 'Milica', category: 'returnee_germany' },
    });
    const host = await startWebHost({
      core,
      rendererDir: path.resolve(process.env.MSC_OUT_DIR ?? 'out', 'renderer'),
      port: 0,
    });
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    try {
      await page.goto(host.url);
      await page.goto(`${host.url.split('#')[0]}#/settings`);
      await expect(page.getByTestId('sync-behind')).toContainText('zaostaje za centrom');
      fs.mkdirSync('test-results/screenshots', { recursive: true });
      await page.getByRole('button', { name: 'Sačuvaj izmene u datoteku' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/screenshots/links-sync-panel-behind.png' });

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Sačuvaj izmene u datoteku' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^msc-desk-changes-\d{4}-\d{2}-\d{2}-1\.mscsync$/);
      await expect(page.getByText(/sačuvan/)).toBeVisible();

      await page.getByRole('button', { name: 'Sinhronizuj sada' }).click();
      await expect(page.getByText(/^Gotovo: poslato \d+, primljeno \d+\./)).toBeVisible({ timeout: 15_000 });
      await expect(page.getByTestId('sync-behind')).toHaveCount(0);
      await page.screenshot({ path: 'test-results/screenshots/links-sync-panel-caught-up.png' });
    } finally {
      await page.context().close();
      const closed = host.close();
      host.server.server.closeAllConnections();
      await closed;
    }
  } finally {
    core.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
