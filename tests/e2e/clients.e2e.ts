import { expect, searchBox, test } from './fixtures';

test('a client typed in Latin is found by a Cyrillic query', async ({ page, core, host, saveScreenshot }) => {
  void host;
  // Someone else in the registry, who must not match.
  await core.call('clients.create', {
    client: { surname: 'Petrović', givenName: 'Marko', category: 'local_vulnerable' },
  });
  await page.getByRole('navigation').getByRole('link', { name: 'Novi klijent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Novi klijent' })).toBeVisible();

  await page.getByLabel('Prezime', { exact: true }).fill('Đorđević');
  await page.getByLabel('Ime', { exact: true }).fill('Ljubica');
  await page.getByLabel('Ime jednog roditelja').fill('Miodrag');
  // The other-script spelling appears under each name as it is typed.
  await expect(page.getByText('Ćirilica: Ђорђевић')).toBeVisible();
  await expect(page.getByText('Ćirilica: Љубица')).toBeVisible();

  await page.getByLabel('Kategorija').selectOption({ label: 'Povratnik iz Nemačke' });
  await page.getByLabel('Mesto', { exact: true }).fill('Niš');
  await page.getByLabel('Telefon').fill('064 123 4567');
  await saveScreenshot('client-form-latin');

  // Enter in a field saves and opens the new record.
  await page.getByLabel('Telefon').press('Enter');
  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toContainText('Đorđević Ljubica');
  await expect(title).toContainText('Ђорђевић Љубица');
  await expect(page.getByRole('row', { name: /Ime jednog roditelja/ })).toContainText('Миодраг');
  await saveScreenshot('client-profile');

  await page.getByRole('navigation').getByRole('link', { name: 'Klijenti' }).click();
  await searchBox(page).fill('Ђорђ');
  const results = page.getByRole('table');
  await expect(results).toContainText('Rezultati za „Ђорђ“');
  await expect(results.getByRole('row', { name: /Đorđević Ljubica/ })).toBeVisible();
  await expect(results.getByRole('row', { name: /Đorđević Ljubica/ })).toContainText('064 123 4567');
  await expect(results).not.toContainText('Petrović');
  await saveScreenshot('client-search-cyrillic');

  // Enter opens the best match.
  await searchBox(page).press('Enter');
  await expect(title).toContainText('Đorđević Ljubica');
});

test('a derived Cyrillic spelling can be corrected, and documents show their expiry', async ({
  page,
  host,
  saveScreenshot,
}) => {
  void host;
  await page.getByRole('navigation').getByRole('link', { name: 'Novi klijent' }).click();
  await page.getByLabel('Prezime', { exact: true }).fill('Injac');
  await page.getByLabel('Ime', { exact: true }).fill('Marko');
  // "nj" here is n + j, not the letter њ: the derived spelling is wrong and the counsellor corrects it.
  await expect(page.getByText('Ćirilica: Ињац')).toBeVisible();
  await page.getByRole('button', { name: 'Ispravi ćirilicu' }).click();
  const corrected = page.getByLabel('Prezime (ćirilica)');
  await expect(corrected).toHaveValue('Ињац');
  await corrected.fill('Инјац');
  await expect(page.getByText('Ćirilica: Инјац · ispravljeno')).toBeVisible();
  await page.getByLabel('Kategorija').selectOption('local_vulnerable');

  await page.getByRole('button', { name: 'Dodaj dokument' }).click();
  await expect(page.getByLabel('Dokument 1: Dokument')).toBeFocused();
  await page.getByLabel('Dokument 1: Dokument').selectOption('id_card');
  await page.getByLabel('Dokument 1: Broj').fill('0012345');
  await page.getByLabel('Dokument 1: Izdat').fill('01.02.2015');
  await page.getByLabel('Dokument 1: Važi do').fill('01.02.2025');
  await expect(page.getByText('istekao')).toBeVisible();
  await page.getByLabel('Napomene').fill('Treba prevodilac');
  await page.getByLabel('Dokument 1: Broj').scrollIntoViewIfNeeded();
  await saveScreenshot('client-form-correction-documents');

  // Ctrl+Enter saves from the notes, where Enter is a new line.
  await page.getByLabel('Napomene').press('Control+Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Injac Marko');
  await expect(page.getByRole('row', { name: /Prezime/ })).toContainText('Инјац · ispravljeno');
  const documents = page.getByRole('table').filter({ hasText: 'Važi do' });
  await expect(documents.getByRole('row', { name: /Lična karta/ })).toContainText('01.02.2025istekao');
  await saveScreenshot('client-profile-documents');

  // The corrected spelling is what a Cyrillic search finds.
  await page.getByRole('navigation').getByRole('link', { name: 'Klijenti' }).click();
  await page.getByRole('searchbox').fill('Инјац');
  await expect(page.getByRole('row', { name: /Injac Marko/ })).toContainText('Инјац Марко');
});
