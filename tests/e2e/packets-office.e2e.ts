import { expect, test } from './fixtures';

test('packets: the client form asks which of Niš’s municipalities, and the office enters its police offices', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  // Settings → Office: the police administration's account and the police station for Pantelej.
  await page.goto(`${host.url.split('#')[0]}#/settings`);
  const card = page.getByRole('region', { name: /Kancelarija/ });
  await card.getByLabel('Njen račun za troškove izrade lične karte').fill('840-21849-57');
  await expect(card.getByText(/The control digits do not match|kontrolni/i)).toBeVisible();
  await card.getByLabel('Njen račun za troškove izrade lične karte').fill('840-21849-56');
  await card.getByRole('radio', { name: /eUprava/ }).check();
  await card.getByRole('button', { name: 'Dodaj opštinu' }).click();
  await card.getByLabel('Opština', { exact: true }).last().fill('Pantelej');
  await card.getByLabel('Policijska stanica').fill('PS Pantelej');
  await card.getByRole('button', { name: 'Sačuvaj' }).last().click();
  await expect(card.getByText('Sačuvano.')).toBeVisible();
  await saveScreenshot('packets-settings-office');
  expect(await core.call('packets.officeSettings', {})).toMatchObject({
    mupFees: 'euprava',
    policeAdministrationAccount: '840000000002184956',
    places: [{ municipality: 'Pantelej', policeStation: 'PS Pantelej' }],
  });

  // A new client in Niš: the form offers Niš's five city municipalities.
  await page.getByRole('navigation').getByRole('link', { name: 'Novi klijent' }).click();
  await page.getByLabel('Prezime', { exact: true }).fill('Đorđević');
  await page.getByLabel('Ime', { exact: true }).fill('Ljubica');
  await page.getByLabel('Kategorija').selectOption({ label: 'Povratnik iz Nemačke' });
  await page.getByLabel('Mesto', { exact: true }).fill('Niš');
  const choice = page.getByLabel('Gradska opština');
  await expect(choice.locator('option')).toHaveCount(6);
  await choice.selectOption('Pantelej');
  await expect(page.getByLabel('Opština', { exact: true })).toHaveValue('Pantelej');
  await expect(page.getByText('Uplatnice koriste šifru opštine Pantelej: 125.')).toBeVisible();
  await page.getByLabel('Jezik uputstva').selectOption('de');
  await saveScreenshot('packets-client-municipality');
  await page.getByLabel('Telefon').press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Đorđević Ljubica');
  const [client] = (await core.call('clients.search', { query: 'Đorđević' })).items;
  const saved = await core.call('clients.get', { id: client!.id });
  expect(saved).toMatchObject({ readingLanguage: 'de', address: { place: 'Niš', municipality: 'Pantelej' } });

  // Printing: the ID card's registry requests are an option, off; the instruction language is the record's.
  await page.keyboard.press('Alt+P');
  const dialog = page.getByRole('dialog', { name: 'Štampanje paketa dokumenata' });
  await dialog.getByRole('radio', { name: 'Lična karta' }).check();
  const requests = dialog.getByRole('checkbox', { name: /Odštampaj zahteve matičnoj službi/ });
  await expect(requests).not.toBeChecked();
  await expect(dialog.getByLabel('Jezik uputstva')).toHaveValue('');
  await saveScreenshot('packets-print-options');
});
