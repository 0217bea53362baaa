import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createCore, type Core } from '../../src/core';
import { startServer, type StartedServer } from '../../src/server/admin';
import { addOffice, createEnrolmentCode } from '../../src/server/devices';
import { startWebHost, type WebHost } from '../../src/web/server';
import { ADMIN } from './fixtures';

/**
 * Two office PCs (two web hosts, each with its own data folder and core) and one sync server:
 * an edit on one reaches the other through the Sync button, and a same-field conflict is shown
 * side by side and settled in the UI.
 */

interface Desk {
  core: Core;
  host: WebHost;
  page: Page;
  dir: string;
}

process.env.MSC_DESK_KEY_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-keys-'));

async function openDesk(browser: Browser, server: StartedServer, officeId: string): Promise<Desk> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-sync-'));
  const core = createCore({ dataDir: dir, log: () => {}, access: { kind: 'interactive' } });
  await core.call('session.setup', { ...ADMIN });
  const { code } = await createEnrolmentCode(server.storage, officeId, { now: new Date() });
  await core.call('sync.enroll', { serverUrl: server.url, code });
  const host = await startWebHost({
    core,
    rendererDir: path.resolve(process.env.MSC_OUT_DIR ?? 'out', 'renderer'),
    port: 0,
  });
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(host.url);
  return { core, host, page, dir };
}

async function closeDesk(desk: Desk): Promise<void> {
  await desk.page.context().close();
  const closed = desk.host.close();
  desk.host.server.server.closeAllConnections();
  await closed;
  desk.core.close();
  fs.rmSync(desk.dir, { recursive: true, force: true });
}

/** Settings → "Sinhronizuj sada", and wait until it reports it is done. */
async function syncNow(desk: Desk): Promise<void> {
  const origin = desk.host.url.split('#')[0];
  await desk.page.goto(`${origin}#/settings`);
  await desk.page.getByRole('button', { name: 'Sinhronizuj sada' }).click();
  await expect(desk.page.getByText(/^Gotovo: poslato \d+, primljeno \d+\./)).toBeVisible({ timeout: 15_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}

test('an edit on one office PC reaches the other, and a conflict is settled side by side', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const server = await startServer({ port: 0, log: () => {} });
  const desks: Desk[] = [];
  try {
    const office = await addOffice(server.storage, 'MSC Niš', { now: new Date() });
    const first = await openDesk(browser, server, office.id);
    desks.push(first);
    const second = await openDesk(browser, server, office.id);
    desks.push(second);

    // Recorded on the first PC, synced there, then fetched by the second.
    const client = await first.core.call('clients.create', {
      client: {
        surname: 'Bajramović',
        givenName: 'Senad',
        category: 'returnee_germany',
        phone: '064 111 2222',
      },
    });
    await syncNow(first);
    await syncNow(second);
    await shot(second.page, 'sync-after-first-sync');
    const origin = second.host.url.split('#')[0];
    await second.page.goto(`${origin}#/clients`);
    await second.page.getByRole('searchbox').fill('бајрам');
    await expect(second.page.getByRole('table').locator('tbody tr')).toHaveCount(1);
    await expect(second.page.getByRole('table')).toContainText('064 111 2222');

    // Both PCs change the same phone number before syncing: a conflict, never silent.
    const base = { surname: 'Bajramović', givenName: 'Senad', category: 'returnee_germany' } as const;
    await first.core.call('clients.update', { id: client.id, client: { ...base, phone: '064 333 4444' } });
    await second.core.call('clients.update', { id: client.id, client: { ...base, phone: '065 555 6666' } });
    await syncNow(first);
    await syncNow(second);
    await expect(second.page.getByTestId('sync-conflicts')).toContainText('1 sukob za rešavanje');
    await second.page.getByTestId('sync-conflicts').getByRole('link').click();
    await expect(
      second.page.getByRole('heading', { level: 1, name: 'Sukobi pri sinhronizaciji' }),
    ).toBeVisible();
    await expect(second.page.getByTestId('conflict-local')).toContainText('065 555 6666');
    await expect(second.page.getByTestId('conflict-remote')).toContainText('064 333 4444');
    await shot(second.page, 'sync-conflict-side-by-side');

    // The counsellor keeps the number they typed here; the choice is itself a synced change.
    await second.page.getByTestId('conflict-local').getByRole('button', { name: 'Zadrži ovo' }).click();
    await expect(second.page.getByText('Nema sukoba za rešavanje.')).toBeVisible();
    await syncNow(second);
    await syncNow(first);
    expect((await first.core.call('clients.get', { id: client.id })).phone).toBe('065 555 6666');
    expect((await second.core.call('clients.get', { id: client.id })).phone).toBe('065 555 6666');
    await shot(first.page, 'sync-settled-on-first');
  } finally {
    for (const desk of desks) await closeDesk(desk);
    await server.stop();
  }
});
