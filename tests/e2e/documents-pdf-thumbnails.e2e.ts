import type { Locator, Page } from '@playwright/test';
import { renderPdf } from '../../src/core/casework/pdf';
import { realPdf } from '../documents/fixtures';
import type { Core } from '../../src/core';
import { expect, test } from './fixtures';

/**
 * PDFs a program drew (a packet MSC Desk printed, a pdfmake file) have no page picture for the
 * core to shrink: the documents card draws their first page with pdf.js, loaded only then, in a
 * worker of the app's own origin, under the app's CSP, fetching nothing. A damaged PDF keeps the
 * plain "PDF · N pages" tile, with no message.
 */

/** How many of the image's pixels carry ink (text, lines; small text is grey at this size): a blank page has none. */
function darkPixels(image: Locator): Promise<{ width: number; height: number; dark: number }> {
  return image.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 200) dark++;
    return { width: canvas.width, height: canvas.height, dark };
  });
}

/** The pdf.js timings the card recorded (performance measures), in milliseconds. */
function timings(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(() => {
    const found: Record<string, number[]> = {};
    for (const entry of performance.getEntriesByType('measure'))
      if (entry.name.startsWith('pdf-thumbnail')) (found[entry.name] ??= []).push(Math.round(entry.duration));
    for (const entry of performance.getEntriesByType('resource'))
      if (/pdf-render|pdf\.worker/.test(entry.name))
        found[entry.name.replace(/^.*\//, '')] = [Math.round(entry.startTime), Math.round(entry.duration)];
    return found;
  });
}

/**
 * A client with four PDFs, none with a page picture: a printed packet, a pdfmake file, a damaged
 * one and one whose first page is empty.
 */
async function clientWithPdfs(core: Core): Promise<{ id: string }> {
  const client = await core.call('clients.create', {
    client: { surname: 'Petrović', givenName: 'Milena', category: 'returnee_germany' },
  });
  await core.call('procedures.open', { clientId: client.id, kind: 'residence_registration' });
  const rendered = await core.call('packets.render', {
    clientId: client.id,
    options: { procedure: 'residence', allowBlank: true },
  });
  if (rendered.status !== 'rendered') throw new Error('the packet was not printed');
  await core.call('documents.attach', {
    clientId: client.id,
    kind: 'signed_form',
    date: '2025-03-03',
    note: 'Paket za prijavu prebivališta',
    fileName: 'paket.pdf',
    contentBase64: rendered.pdfBase64,
  });
  const pdfmake = await realPdf('Izjava vlasnika stana');
  await core.call('documents.attach', {
    clientId: client.id,
    kind: 'other',
    date: '2025-03-01',
    fileName: 'izjava.pdf',
    contentBase64: pdfmake.toString('base64'),
  });
  // Whole enough for the core (a header, a page, an end) but with no document in it for pdf.js.
  const damaged = Buffer.concat([
    pdfmake.subarray(0, 16),
    Buffer.from('\n1 0 obj\n<< /Type /Page /Contents 9 0 R >>\nendobj\ngarbage\n%%EOF\n', 'latin1'),
  ]);
  await core.call('documents.attach', {
    clientId: client.id,
    kind: 'birth_extract',
    date: '2025-02-11',
    fileName: 'ostecen.pdf',
    contentBase64: damaged.toString('base64'),
  });
  // A first page with nothing on it draws as a white sheet, which says less than the plain tile.
  const blankFirst = await renderPdf({
    content: [{ text: ' ' }, { text: 'Druga strana', pageBreak: 'before' }],
  });
  await core.call('documents.attach', {
    clientId: client.id,
    kind: 'id_card',
    date: '2025-02-01',
    fileName: 'prazna.pdf',
    contentBase64: blankFirst.toString('base64'),
  });
  const listed = await core.call('documents.list', { clientId: client.id, withThumbnails: true });
  // None of the four has a page picture: the core gives no thumbnail, the card draws them.
  expect(Object.keys(listed.thumbnails ?? {})).toEqual([]);

  return client;
}

test('a printed packet and a pdfmake PDF show their first page; a damaged or blank one keeps its plain tile', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  const origin = new URL(host.url).origin;
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const cspProblems: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspProblems.push(message.text());
  });

  const client = await clientWithPdfs(core);

  const url = `${host.url.split('#')[0]}#/clients/${client.id}`;
  await page.goto(url);
  const card = page.getByRole('region', { name: 'Dokumenta i skenovi', exact: true });
  await expect(card.getByRole('listitem')).toHaveCount(4);
  await card.scrollIntoViewIfNeeded();

  const packetTile = card.getByRole('listitem').filter({ hasText: 'Paket za prijavu' });
  const pdfmakeTile = card.getByRole('listitem').filter({ hasText: 'Ostalo' });
  const damagedTile = card.getByRole('listitem').filter({ hasText: 'Izvod iz matične knjige' });
  // The packet's first page is a full form; the pdfmake file's, one line of text (~65 inked pixels).
  for (const [tile, ink] of [
    [packetTile, 1000],
    [pdfmakeTile, 30],
  ] as const) {
    await expect(tile.locator('[data-pdf="drawn"] img')).toBeVisible({ timeout: 15_000 });
    const pixels = await darkPixels(tile.locator('img'));
    console.log('drawn thumbnail:', JSON.stringify(pixels));
    expect(pixels.height).toBe(280);
    expect(pixels.width).toBeGreaterThan(150); // A4 upright: ~198 × 280
    expect(pixels.dark).toBeGreaterThan(ink);
  }
  await expect(pdfmakeTile.locator('.doc-pdf-badge')).toHaveText('PDF · 2 strane');
  await expect(damagedTile.locator('[data-pdf="plain"]')).toBeVisible({ timeout: 15_000 });
  await expect(damagedTile.locator('img')).toHaveCount(0);
  await expect(damagedTile.locator('.doc-pdf-icon')).toContainText('PDF');
  const blankTile = card.getByRole('listitem').filter({ hasText: 'Lična karta' });
  await expect(blankTile.locator('[data-pdf="plain"]')).toBeVisible({ timeout: 15_000 });
  await expect(blankTile.locator('.doc-pdf-icon')).toContainText('2 strane');
  await expect(card.locator('.banner-error')).toHaveCount(0);
  console.log('pdf.js thumbnail timings (ms):', JSON.stringify(await timings(page)));
  await saveScreenshot('documents-pdf-thumbnails-latin');

  // Nothing but the app's own origin was asked for; pdf.js's worker was one of its files.
  expect(requests.filter((r) => !r.startsWith(origin) && !r.startsWith('data:'))).toEqual([]);
  expect(requests.some((r) => /\/assets\/pdf\.worker[^/]*\.mjs$/.test(r))).toBe(true);
  expect(cspProblems).toEqual([]);

  // Full size, pdf.js draws every page (the desktop window has no PDF plugin for a frame); a PDF
  // it cannot read goes to the browser's own viewer, which may still manage.
  await packetTile.getByRole('button', { name: /Otvori Potpisan obrazac/ }).click();
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByRole('img')).toHaveCount(5, { timeout: 15_000 });
  const first = viewer.getByRole('img', { name: 'Potpisan obrazac · 03.03.2025, strana 1 od 5' });
  await expect(first).toBeVisible();
  await saveScreenshot('documents-pdf-viewer');
  const sheet = await darkPixels(first);
  console.log('drawn page:', JSON.stringify(sheet));
  expect(sheet.dark).toBeGreaterThan(10_000);
  await viewer.getByRole('button', { name: 'Zatvori' }).click();
  await damagedTile.getByRole('button', { name: /Otvori Izvod/ }).click();
  await expect(page.getByRole('dialog').locator('iframe')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('dialog').getByRole('button', { name: 'Zatvori' }).click();

  expect(cspProblems).toEqual([]);
});

test('the drawn thumbnails in Cyrillic and English', async ({ page, core, host, saveScreenshot }) => {
  const client = await clientWithPdfs(core);
  const url = `${host.url.split('#')[0]}#/clients/${client.id}`;
  for (const [language, title, heading, name] of [
    ['Српски (ћирилица)', 'Документа и скенови', 'Подешавања', 'cyrillic'],
    ['English', 'Documents and scans', 'Settings', 'english'],
  ] as const) {
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /Podešavanja|Подешавања/ })
      .click();
    await page.getByRole('radio', { name: language }).check();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.goto(url);
    const translated = page.getByRole('region', { name: title, exact: true });
    await expect(translated.getByRole('listitem')).toHaveCount(4);
    await translated.scrollIntoViewIfNeeded();
    await expect(translated.locator('[data-pdf="drawn"] img')).toHaveCount(2, { timeout: 15_000 });
    await expect(translated.locator('[data-pdf="plain"]')).toHaveCount(2);
    await saveScreenshot(`documents-pdf-thumbnails-${name}`);
  }
});
