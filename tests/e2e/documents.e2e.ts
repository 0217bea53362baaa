import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { pageCodeFor, pageCodeKeys } from '../../src/core/documents/page-code';
import { resolveDatabaseKey } from '../../src/core/security/keys';
import { phonePhoto, pngWithText, realPdf } from '../documents/fixtures';
import { asJpeg, printedPage, rasterise, scanned } from '../documents/scan-fixtures';
import { expect, test } from './fixtures';

/**
 * The documents card on the client profile: attach a scan through the file chooser, see its
 * thumbnail, open it full size, remove it; a file of another type is refused with a message.
 */
test('a counsellor attaches a scan, sees it, opens it full size and removes it', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  const client = await core.call('clients.create', {
    client: { surname: 'Đorđević', givenName: 'Ljubica', category: 'returnee_germany' },
  });
  await core.call('documents.attach', {
    clientId: client.id,
    kind: 'signed_form',
    date: '2025-03-01',
    fileName: 'izjava-vlasnika.pdf',
    contentBase64: (await realPdf('Izjava vlasnika stana')).toString('base64'),
  });
  await core.call('documents.attach', {
    clientId: client.id,
    kind: 'birth_extract',
    date: '2025-02-11',
    note: 'Izvod za upis prebivališta',
    fileName: 'izvod.png',
    contentBase64: pngWithText({ width: 420, height: 594 }).toString('base64'),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-documents-'));
  const photo = path.join(dir, 'pasos.jpg');
  fs.writeFileSync(photo, phonePhoto({ width: 800, height: 560, orientation: 1 }));
  const notAnImage = path.join(dir, 'scan.jpg');
  fs.writeFileSync(notAnImage, 'GIF89a not a jpeg at all');

  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const card = page.getByRole('region', { name: 'Dokumenta i skenovi', exact: true });
  await expect(card.getByRole('listitem')).toHaveCount(2);

  await card.getByRole('button', { name: 'Priloži datoteku' }).click();
  const form = card.getByRole('form', { name: 'Prilaganje dokumenta' });
  await form.getByLabel('Datoteka (PDF, JPEG ili PNG)').setInputFiles(notAnImage);
  await form.getByRole('button', { name: 'Priloži', exact: true }).click();
  await expect(form).toContainText('Ovo nije PDF, JPEG ni PNG datoteka');

  await form.getByLabel('Datoteka (PDF, JPEG ili PNG)').setInputFiles(photo);
  await form.getByLabel('Vrsta').selectOption({ label: 'Pasoš' });
  await form.getByLabel('Napomena').fill('Kopija pasoša');
  await form.getByRole('button', { name: 'Priloži', exact: true }).click();
  await expect(form).toHaveCount(0);
  await expect(card.getByRole('listitem')).toHaveCount(3);
  const passport = card.getByRole('listitem').filter({ hasText: 'Pasoš' });
  await expect(passport).toContainText('Lokacija (GPS) uklonjena iz fotografije');
  await expect(passport.locator('img')).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await saveScreenshot('documents-card');

  await passport.getByRole('button', { name: /Otvori Pasoš/ }).click();
  const viewer = page.getByRole('dialog');
  await expect(viewer.locator('img')).toBeVisible();
  expect(await viewer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
  await saveScreenshot('documents-viewer');
  await viewer.getByRole('button', { name: 'Zatvori' }).click();

  await passport.getByRole('button', { name: 'Ukloni' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ukloni' }).click();
  await expect(card.getByRole('listitem')).toHaveCount(2);
  const { items } = await core.call('documents.list', { clientId: client.id, includeDeleted: true });
  expect(items.filter((d) => d.deletedAt !== null).map((d) => d.kind)).toEqual(['passport']);
});

test('a signed page scanned back shows on its client as returned from the packet', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  const client = await core.call('clients.create', {
    client: { surname: 'Marković', givenName: 'Jovan', category: 'returnee_germany' },
  });
  const procedure = await core.call('procedures.open', {
    clientId: client.id,
    kind: 'residence_registration',
  });
  // A real packet, printed with blanks for what the record lacks; its pages get their code from
  // the packets area — here the page is drawn with the code that area will print.
  const rendered = await core.call('packets.render', {
    clientId: client.id,
    options: { procedure: 'residence', allowBlank: true },
  });
  if (rendered.status !== 'rendered') throw new Error('the packet was not printed');
  const packet = rendered.packet;
  const ownerConsent = packet.documents.findIndex((d) => d.id === 'owner-consent') + 1;
  expect(ownerConsent).toBeGreaterThan(0);
  const db = openDatabase(path.join(core.dataDir, DATABASE_FILE), {
    key: resolveDatabaseKey(core.dataDir, true).key,
    ...syncOnOpen,
  });
  let code: string;
  try {
    code = pageCodeFor(pageCodeKeys(db), { packetId: packet.id, document: ownerConsent, page: 4 });
  } finally {
    db.close();
  }
  const scan = asJpeg(scanned(rasterise(await printedPage(code), 150), { degrees: 1, noise: 15 }));
  const { pages } = await core.call('scans.import', {
    fileName: 'sken.jpg',
    contentBase64: scan.toString('base64'),
  });
  expect(pages[0]).toMatchObject({ status: 'matched', clientId: client.id });

  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const card = page.getByRole('region', { name: 'Dokumenta i skenovi', exact: true });
  const returned = card.getByRole('listitem').filter({ hasText: 'Vraćeno iz paketa' });
  await expect(returned).toContainText('Potpisan obrazac');
  await expect(returned).toContainText('str. 4');
  const steps = (await core.call('procedures.get', { id: procedure.id })).steps;
  expect(steps.find((s) => s.key === 'owner_consent')?.done).toBe(true);
  await expect(returned.locator('img')).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await saveScreenshot('documents-matched-scan');
});
