import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { pageCodeFor, pageCodeKeys } from '../../src/core/documents/page-code';
import { resolveDatabaseKey } from '../../src/core/security/keys';
import { phonePhoto } from '../documents/fixtures';
import { asJpeg, printedPage, rasterise, scanned } from '../documents/scan-fixtures';
import { expect, test } from './fixtures';

/**
 * The "Scanned papers" page: a counsellor adds the day's scans; the page with a readable code is
 * filed on its client (the list says where), the others wait in the inbox, one is assigned by
 * hand to the client found by search, one is discarded.
 */
test('scans in from the app: a matched page says where it went, the others are assigned by hand or discarded', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  // Rendering the scans and reading three full pages takes a while on a loaded machine.
  test.setTimeout(180_000);
  const marko = await core.call('clients.create', {
    client: { surname: 'Marković', givenName: 'Jovan', category: 'returnee_germany' },
  });
  const stana = await core.call('clients.create', {
    client: { surname: 'Stanković', givenName: 'Milica', category: 'returnee_germany' },
  });
  await core.call('procedures.open', { clientId: marko.id, kind: 'residence_registration' });
  const rendered = await core.call('packets.render', {
    clientId: marko.id,
    options: { procedure: 'residence', allowBlank: true },
  });
  if (rendered.status !== 'rendered') throw new Error('the packet was not printed');
  const packet = rendered.packet;
  const ownerConsent = packet.documents.findIndex((d) => d.id === 'owner-consent') + 1;
  const db = openDatabase(path.join(core.dataDir, DATABASE_FILE), {
    key: resolveDatabaseKey(core.dataDir, true).key,
    ...syncOnOpen,
  });
  let code: string;
  try {
    code = pageCodeFor(pageCodeKeys(db), { packetId: packet.id, document: ownerConsent, page: 2 });
  } finally {
    db.close();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-inbox-'));
  const signed = path.join(dir, 'potpisano.jpg');
  fs.writeFileSync(
    signed,
    asJpeg(scanned(rasterise(await printedPage(code), 150), { degrees: 1, noise: 15 })),
  );
  // A birth extract the client brought, scanned with the rest: its QR is not one of our page codes.
  const extract = path.join(dir, 'izvod.jpg');
  fs.writeFileSync(
    extract,
    asJpeg(scanned(rasterise(await printedPage('not a page code', 'Izvod iz MKR'), 150), { noise: 15 })),
  );
  const photo = path.join(dir, 'slucajno.jpg');
  fs.writeFileSync(photo, phonePhoto({ width: 600, height: 800, seed: 4 }));

  await page.goto(`${host.url.split('#')[0]}#/`);
  await page.getByRole('link', { name: 'Skenirani papiri' }).click();
  await expect(page.getByRole('heading', { name: 'Skenirani papiri', level: 1 })).toBeVisible();
  await page
    .getByLabel('Izaberite skenirane datoteke (PDF, JPEG ili PNG)')
    .setInputFiles([signed, extract, photo]);

  const results = page.getByRole('list', { name: 'Šta je urađeno sa svakom stranom' });
  await expect(results.getByRole('listitem')).toHaveCount(3, { timeout: 90_000 });
  const filed = results.getByRole('listitem').filter({ hasText: 'potpisano.jpg' });
  await expect(filed).toContainText('Zavedeno');
  await expect(filed.getByRole('link', { name: 'Marković Jovan' })).toBeVisible();
  await expect(filed).toContainText('strana paketa 2');
  await expect(results.getByRole('listitem').filter({ hasText: 'izvod.jpg' })).toContainText(
    'QR kod koji nije kod strane MSC Desk-a',
  );

  const inbox = page.getByRole('list', { name: 'Čeka dodelu' });
  await expect(inbox.getByRole('listitem')).toHaveCount(2);
  await expect(inbox.locator('img')).toHaveCount(2);
  await saveScreenshot('documents-inbox');

  // Nothing was attached by guess: Stanković has no documents yet.
  expect((await core.call('documents.list', { clientId: stana.id })).items).toEqual([]);

  const waitingExtract = inbox.getByRole('listitem').filter({ hasText: 'izvod.jpg' });
  await waitingExtract.getByRole('button', { name: 'Dodeli klijentu…' }).click();
  const form = waitingExtract.getByRole('form', { name: 'Dodela strane klijentu' });
  await form.getByRole('button', { name: 'Dodeli', exact: true }).click();
  await expect(form).toContainText('Izaberite klijenta kome strana pripada.');
  await form.getByLabel('Klijent').fill('Stank');
  await form
    .getByRole('list', { name: 'Pronađeni klijenti' })
    .getByRole('button', { name: /Stanković Milica/ })
    .click();
  await expect(form).toContainText('Stanković Milica');
  await expect(form).not.toContainText('Izaberite klijenta kome strana pripada.');
  await form.getByLabel('Vrsta dokumenta').selectOption({ label: 'Izvod iz matične knjige rođenih' });
  await saveScreenshot('documents-inbox-assign');
  await form.getByRole('button', { name: 'Dodeli', exact: true }).click();
  await expect(inbox.getByRole('listitem')).toHaveCount(1);

  const { items } = await core.call('documents.list', { clientId: stana.id });
  expect(items.map((d) => d.kind)).toEqual(['birth_extract']);

  const stray = inbox.getByRole('listitem').filter({ hasText: 'slucajno.jpg' });
  await stray.getByRole('button', { name: 'Odbaci' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Odbaci' }).click();
  await expect(inbox.getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText('Nijedna strana ne čeka.')).toBeVisible();
  const all = await core.call('scans.inbox', { includeResolved: true });
  expect(all.items.map((p) => [p.fileName, p.status]).sort()).toEqual([
    ['izvod.jpg', 'assigned'],
    ['slucajno.jpg', 'discarded'],
  ]);

  // The matched page shows on its client as returned from the packet.
  await filed.getByRole('link', { name: 'Marković Jovan' }).click();
  const card = page.getByRole('region', { name: 'Dokumenta i skenovi', exact: true });
  await expect(card.getByRole('listitem').filter({ hasText: 'Vraćeno iz paketa' })).toHaveCount(1);
});
