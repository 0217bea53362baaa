import { expect, test } from './fixtures';

test('the UI language switches at once and is remembered after a reload', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  await core.call('clients.create', {
    client: {
      surname: 'Đorđević',
      givenName: 'Ljubica',
      category: 'returnee_germany',
      phone: '064 123 4567',
    },
  });
  const nav = page.getByRole('navigation');

  await nav.getByRole('link', { name: 'Podešavanja' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Podešavanja' })).toBeVisible();
  // What system.info says about this installation.
  await expect(page.getByText(core.dataDir, { exact: true })).toBeVisible();
  await expect(page.getByText('1 klijent', { exact: true })).toBeVisible();
  await saveScreenshot('settings-latin');

  await page.getByRole('radio', { name: 'Српски (ћирилица)' }).check();
  await expect(page.getByRole('heading', { level: 1, name: 'Подешавања' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Клијенти' })).toBeVisible();
  await saveScreenshot('settings-cyrillic');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Подешавања' })).toBeVisible();
  // The token survived the reload: the core still answers.
  await expect(page.getByText('1 клијент', { exact: true })).toBeVisible();

  // Names are shown in the UI's script first, the typed spelling beside them.
  await nav.getByRole('link', { name: 'Клијенти' }).click();
  const row = page.getByRole('row', { name: /Ђорђевић Љубица/ });
  await expect(row.locator('.client-name')).toHaveText('Ђорђевић Љубица');
  await expect(row).toContainText('Đorđević Ljubica');
  await expect(row).toContainText('Повратник из Немачке');
  await saveScreenshot('client-list-cyrillic');

  await nav.getByRole('link', { name: 'Подешавања' }).click();
  await page.getByRole('radio', { name: 'English' }).check();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByText('1 client', { exact: true })).toBeVisible();
  await saveScreenshot('settings-english');

  await page.getByRole('navigation').getByRole('link', { name: 'New client' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New client' })).toBeVisible();
  await expect(page.getByLabel("Parent's name")).toBeVisible();
  await saveScreenshot('client-form-english');
});
