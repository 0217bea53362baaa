import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asJpeg, printedPage, rasterise, scanned, scannerPdf } from '../documents/scan-fixtures';
import { pdfPageImage } from '../packets/pdf-tools';
import { expect, test } from './fixtures';

/**
 * The paper round trip with a real packet: its printed owner statement (page code in the corner,
 * drawn by the packets area), scanned turned and noisy, is added on "Scanned papers" and filed on
 * its client; the client's packet then says which signed pages are back and which are missing,
 * and a scanner's PDF in the documents card shows its first page as a thumbnail.
 */

/** Where this spec's screenshots go besides test-results (MSC_SHOTS_DIR), looked at by a person. */
const SHOTS = process.env.MSC_SHOTS_DIR;

test('a real packet page scanned in lands on its client; the packet shows what is missing; a PDF has a thumbnail', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const shot = async (name: string) => {
    await saveScreenshot(name);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const client = await core.call('clients.create', {
    client: { surname: 'Marković', givenName: 'Jovan', category: 'returnee_germany' },
  });
  const procedure = await core.call('procedures.open', {
    clientId: client.id,
    kind: 'residence_registration',
  });
  const rendered = await core.call('packets.render', {
    clientId: client.id,
    options: { procedure: 'residence', allowBlank: true },
  });
  if (rendered.status !== 'rendered') throw new Error('the packet was not printed');
  const pdf = Buffer.from(rendered.pdfBase64, 'base64');
  const { documents } = await core.call('scans.status', { packetId: rendered.packet.id });
  const consent = documents!.find((d) => d.title.startsWith('Изјава власника'))!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-e2e-round-'));
  const signed = path.join(dir, 'potpisano.jpg');
  const image = pdfPageImage(pdf, consent.pages[0]!, 150);
  fs.writeFileSync(
    signed,
    asJpeg(
      scanned({ width: image.width, height: image.height, data: new Uint8Array(image.data) }, { noise: 15 }),
    ),
  );

  await page.goto(`${host.url.split('#')[0]}#/`);
  await page.getByRole('link', { name: 'Skenirani papiri' }).click();
  await page.getByLabel('Izaberite skenirane datoteke (PDF, JPEG ili PNG)').setInputFiles([signed]);
  const results = page.getByRole('list', { name: 'Šta je urađeno sa svakom stranom' });
  const filed = results.getByRole('listitem').filter({ hasText: 'potpisano.jpg' });
  await expect(filed).toContainText('Zavedeno', { timeout: 90_000 });
  await expect(filed.getByRole('link', { name: 'Marković Jovan' })).toBeVisible();
  await expect(filed).toContainText(`strana paketa ${consent.pages[0]}`);
  await shot('scan-in-matched-real-packet');
  const steps = (await core.call('procedures.get', { id: procedure.id })).steps;
  expect(steps.find((s) => s.key === 'owner_consent')?.done).toBe(true);

  // A scanned CSR decision, as a scanner's PDF, attached to the client.
  const form = rasterise(await printedPage('not a page code', 'Rešenje centra za socijalni rad'), 100);
  await core.call('documents.attach', {
    clientId: client.id,
    kind: 'other',
    note: 'Rešenje CSR',
    fileName: 'resenje.pdf',
    contentBase64: scannerPdf([{ jpeg: asJpeg(form), width: form.width, height: form.height }]).toString(
      'base64',
    ),
  });

  await filed.getByRole('link', { name: 'Marković Jovan' }).click();
  const card = page.getByRole('region', { name: 'Dokumenta i skenovi', exact: true });
  const pdfTile = card.getByRole('listitem').filter({ hasText: 'Rešenje CSR' });
  await expect(pdfTile.locator('img')).toBeVisible();
  await expect(pdfTile).toContainText('PDF');
  await card.scrollIntoViewIfNeeded();
  await shot('documents-card-pdf-thumbnail');

  // The packet in the profile: one form page back, the others named as missing.
  const history = page.getByRole('table').filter({ hasText: 'Vraćene potpisane strane' });
  await history.scrollIntoViewIfNeeded();
  const total = documents!.reduce((sum, d) => sum + d.pages.length, 0);
  await expect(history).toContainText(`Vraćeno 1 od ${total} strana obrazaca`);
  await expect(history).toContainText('nedostaje strana');
  await shot('packet-returns');
});
