import fs from 'node:fs';
import type { Download } from '@playwright/test';
import { AppError } from '../../src/shared/errors';
import { expect, test } from './fixtures';

/**
 * A person's data rights on their profile (usePrivacyActions, in the header's "More actions" menu):
 * everything held about them downloaded as JSON and PDF, then an admin erases them — the dialog
 * wants a reason and the surname typed out, and the person is gone from the registry afterwards.
 */
test('exports everything about a person, and an admin erases them', async ({ page, host, core }) => {
  const client = await core.call('clients.create', {
    client: {
      surname: 'Vukašinović',
      givenName: 'Zorislava',
      jmbg: '0101990715000',
      phone: '064 987 1122',
      notes: 'Plaši se povratka',
      category: 'returnee_germany',
      preferredScript: 'cyrl',
    },
  });
  await core.call('services.log', { clientId: client.id, kind: 'counselling', note: 'Prvi razgovor' });

  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Vukašinović');

  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  // Rare and destructive actions sit in the header's "More actions" menu.
  const more = page.getByRole('button', { name: 'Više radnji' });
  await more.click();
  await page.getByRole('menuitem', { name: 'Izvezi sve podatke (JSON + PDF)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sačuvane su dve datoteke' })).toContainText(
    '1 zapis o radu sa osobom je izvezen',
  );
  await expect.poll(() => downloads.length).toBe(2);
  const byExtension = new Map(downloads.map((d) => [d.suggestedFilename().split('.').pop(), d]));
  const json = JSON.parse(fs.readFileSync((await byExtension.get('json')!.path())!, 'utf8'));
  expect(json.client).toMatchObject({ id: client.id, surname: 'Vukašinović', jmbg: '0101990715000' });
  expect(json.services).toEqual([expect.objectContaining({ note: 'Prvi razgovor' })]);
  const pdf = fs.readFileSync((await byExtension.get('pdf')!.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(byExtension.get('pdf')!.suggestedFilename()).not.toContain('Vukašinović');

  await more.press('ArrowDown');
  await page.getByRole('menuitem', { name: 'Izbriši ovu osobu…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Brisanje osobe' });
  await expect(dialog).toContainText('Ovo se ne može poništiti');
  await dialog.getByLabel('Razlog brisanja').fill('Pisani zahtev osobe');
  await dialog.getByLabel(/Upišite prezime .* kao potvrdu/).fill('Vukašin');
  await dialog.getByRole('button', { name: 'Trajno izbriši' }).click();
  await expect(dialog).toContainText('Ovo nije prezime prikazane osobe');
  // Either script is accepted.
  await dialog.getByLabel(/Upišite prezime .* kao potvrdu/).fill('Вукашиновић');
  await dialog.getByRole('button', { name: 'Trajno izbriši' }).click();
  await expect(dialog).toBeHidden();

  expect((await core.call('clients.search', { query: 'Vukašinović' })).items).toEqual([]);
  const gone = await core.call('clients.get', { id: client.id }).catch((error: unknown) => error);
  expect(gone).toBeInstanceOf(AppError);
  expect((gone as AppError).code).toBe('NOT_FOUND');
});
