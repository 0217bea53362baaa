import { expect, searchBox, test } from './fixtures';

test('/ and Ctrl+K bring the focus to the search box from anywhere', async ({
  page,
  host,
  saveScreenshot,
}) => {
  void host;
  await page.getByRole('navigation').getByRole('link', { name: 'Podešavanja' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Podešavanja' })).toBeVisible();

  await page.keyboard.press('/');
  await expect(page).toHaveURL(/#\/clients$/);
  await expect(searchBox(page)).toBeFocused();
  await expect(searchBox(page)).toHaveValue('');
  await expect(page.getByText('Još nema upisanih klijenata.')).toBeVisible();
  await saveScreenshot('search-focused-by-slash');

  // Away from the box (on a link), Ctrl+K brings it back.
  await page.getByRole('navigation').getByRole('link', { name: 'Uvoz i izvoz' }).focus();
  await page.keyboard.press('Control+k');
  await expect(searchBox(page)).toBeFocused();

  // In a text field, / is just a character.
  await page.getByRole('navigation').getByRole('link', { name: 'Novi klijent' }).click();
  await page.getByLabel('Ulica').fill('Bulevar 1');
  await page.getByLabel('Ulica').press('/');
  await expect(page.getByLabel('Ulica')).toHaveValue('Bulevar 1/');
});

test('arrow keys pick a result and Enter opens it', async ({ page, core, host, saveScreenshot }) => {
  for (const [surname, givenName] of [
    ['Ilić', 'Milan'],
    ['Ilić', 'Marija'],
    ['Ilić', 'Stefan'],
  ] as const) {
    await core.call('clients.create', { client: { surname, givenName, category: 'returnee_other' } });
  }
  // The start screen is the dashboard; the list is one click away.
  await page.goto(`${host.url.split('#')[0]}#/clients`);
  await searchBox(page).fill('ilic');
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(page.getByText('Prikazana 3 od 3')).toBeVisible();

  const names = await rows.locator('.client-name').allTextContents();
  await searchBox(page).press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await saveScreenshot('client-list-keyboard');
  await searchBox(page).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(names[1] ?? 'missing');
});

test('the list shows 25 clients at a time and more on request', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  for (let i = 1; i <= 30; i += 1) {
    await core.call('clients.create', {
      client: {
        surname: 'Stanković',
        givenName: `Klijent ${String(i).padStart(2, '0')}`,
        category: 'local_vulnerable',
      },
    });
  }
  // The start screen is the dashboard; the list is one click away.
  await page.goto(`${host.url.split('#')[0]}#/clients`);
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(25);
  // The unfiltered list says how many there are in all.
  await expect(page.getByText('Prikazano 25 od 30')).toBeVisible();

  await page.getByRole('button', { name: 'Prikaži još' }).click();
  await expect(rows).toHaveCount(30);
  await expect(page.getByText('Prikazano 30 od 30')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Prikaži još' })).toHaveCount(0);

  // A search longer than a page says how many match in all, counted by the core.
  for (const givenName of ['Ana', 'Mira', 'Vera'])
    await core.call('clients.create', {
      client: { surname: 'Ilić', givenName, category: 'local_vulnerable' },
    });
  await searchBox(page).fill('stankovic');
  await expect(rows).toHaveCount(25);
  await expect(page.getByText('Prikazano 25 od 30')).toBeVisible();
  await page.locator('.list-footer').scrollIntoViewIfNeeded();
  await saveScreenshot('client-list-total-sr-Latn');
  await searchBox(page).fill('stankovic klijent 2');
  await expect(page.getByText('Prikazano 10 od 10')).toBeVisible(); // 20–29
  await searchBox(page).fill('stankovic klijent 21');
  await expect(page.getByText('Prikazan 1 od 1')).toBeVisible();
  await searchBox(page).fill('ilic');
  await expect(page.getByText('Prikazana 3 od 3')).toBeVisible();
  await searchBox(page).fill('');
  await expect(page.getByText('Prikazano 25 od 33')).toBeVisible();

  // In the other two languages, with their plural forms.
  for (const [language, many, few, one] of [
    ['sr-Cyrl', 'Приказано 25 од 30', 'Приказана 3 од 3', 'Приказан 1 од 1'],
    ['en', 'Showing 25 of 30', 'Showing 3 of 3', 'Showing 1 of 1'],
  ] as const) {
    await page.evaluate((lang) => localStorage.setItem('msc-desk.language', lang), language);
    await page.reload();
    await searchBox(page).fill('stankovic');
    await expect(page.getByText(many)).toBeVisible();
    await page.locator('.list-footer').scrollIntoViewIfNeeded();
    await saveScreenshot(`client-list-total-${language}`);
    await searchBox(page).fill('ilic');
    await expect(page.getByText(few)).toBeVisible();
    await searchBox(page).fill('stankovic klijent 21');
    await expect(page.getByText(one)).toBeVisible();
  }
});
