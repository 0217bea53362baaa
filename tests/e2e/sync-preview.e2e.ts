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
 * The Sync panel's preview (issue 17): before a sync, what it will send — counts per kind and the
 * records by name; after one, what came from elsewhere — which office PC, who, when.
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

test('the Sync panel shows what goes up before a sync, and what came from which PC after one', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const server = await startServer({ port: 0, log: () => {} });
  const desks: Desk[] = [];
  try {
    const office = await addOffice(server.storage, 'MSC Kraljevo', { now: new Date() });
    const first = await openDesk(browser, server, office.id);
    desks.push(first);
    const second = await openDesk(browser, server, office.id);
    desks.push(second);
    const client = await first.core.call('clients.create', {
      client: { surname: 'Bajramović', givenName: 'Senad', category: 'returnee_germany' },
    });
    await first.core.call('services.log', {
      clientId: client.id,
      kind: 'counselling',
      durationMinutes: 30,
      note: 'Prijava prebivališta',
    });

    const origin = first.host.url.split('#')[0];
    await first.page.goto(`${origin}#/settings`);
    const outgoing = first.page.getByTestId('sync-outgoing-kinds');
    await expect(outgoing).toContainText('Klijenti 1 zapis');
    await expect(outgoing).toContainText('Usluge 1 zapis');
    await expect(first.page.getByTestId('sync-outgoing-records')).toContainText(
      'Bajramović Senad — Klijenti, novo',
    );
    await shot(first.page, 'sync-preview-before');

    await syncNow(first);
    await expect(first.page.getByTestId('sync-outgoing-none')).toHaveText('Ništa ne čeka slanje.');
    await syncNow(second);
    const from = second.page.getByTestId('sync-received-from');
    await expect(from).toContainText(/Računar kancelarije [0-9a-f]{8} 2 zapisa \(Klijenti 1, Usluge 1\)/);
    await expect(from).toContainText('uneo/la admin');
    await expect(second.page.getByTestId('sync-received-records')).toContainText('Bajramović Senad — Usluge');
    await shot(second.page, 'sync-preview-after');
  } finally {
    for (const desk of desks) await closeDesk(desk);
    await server.stop();
  }
});
