import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** 0101900350008 is valid (01.01.1900, male, region 35); the same with a wrong control digit is not. */
const VALID_JMBG = '0101900350008';
const WRONG_CONTROL_DIGIT = '0101900350009';

async function startNewClient(page: Page, surname: string, givenName: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Novi klijent' }).click();
  await page.getByLabel('Prezime', { exact: true }).fill(surname);
  await page.getByLabel('Ime', { exact: true }).fill(givenName);
  await page.getByLabel('Kategorija').selectOption('returnee_germany');
}

test('an invalid JMBG is warned about, refused without a reason, then corrected and saved', async ({
  page,
  host,
  saveScreenshot,
}) => {
  void host;
  await startNewClient(page, 'Jovanović', 'Petar');
  const jmbg = page.getByLabel('JMBG', { exact: true });

  await jmbg.fill(WRONG_CONTROL_DIGIT);
  const warning = page.getByTestId('jmbg-warning');
  await expect(warning).toContainText('Kontrolna cifra treba da bude 8, a ne 9');
  await expect(page.getByLabel('Razlog da se JMBG zadrži kako je upisan')).toBeVisible();
  // An invalid JMBG fills nothing in.
  await expect(page.getByLabel('Datum rođenja')).toHaveValue('');
  await saveScreenshot('jmbg-invalid-warning');

  // Saving without a reason: the core refuses, and says so beside the field.
  await jmbg.press('Enter');
  await expect(page.getByText('Neispravan JMBG se ne čuva bez razloga.', { exact: true })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'JMBG nije ispravan' })).toBeVisible();
  await expect(page.getByLabel('Razlog da se JMBG zadrži kako je upisan')).toBeFocused();
  await saveScreenshot('jmbg-refused-without-reason');

  await jmbg.fill(VALID_JMBG);
  await expect(page.getByTestId('jmbg-note')).toContainText(
    'Iz JMBG-a: rođen 01.01.1900, pol muški · područje: Hrvatska',
  );
  await expect(page.getByTestId('jmbg-warning')).toHaveCount(0);
  // A valid JMBG needs no reason, and the core's refusal no longer applies.
  await expect(page.getByLabel('Razlog da se JMBG zadrži kako je upisan')).toHaveCount(0);
  await expect(page.getByText('JMBG nije ispravan.', { exact: false })).toHaveCount(0);
  await expect(page.getByLabel('Datum rođenja')).toHaveValue('01.01.1900');
  await expect(page.getByLabel('Pol', { exact: true })).toHaveValue('M');
  await saveScreenshot('jmbg-valid-note');

  await page.getByRole('button', { name: 'Sačuvaj' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Jovanović Petar');
  const jmbgRow = page.locator('dd').filter({ hasText: VALID_JMBG });
  await expect(jmbgRow).toContainText('ispravan');
  await expect(page.locator('dd').filter({ hasText: '01.01.1900' })).toBeVisible();
});

test('an invalid JMBG kept with a reason is saved and shown as kept', async ({
  page,
  host,
  saveScreenshot,
}) => {
  void host;
  await startNewClient(page, 'Nikolić', 'Ana');
  await page.getByLabel('JMBG', { exact: true }).fill(WRONG_CONTROL_DIGIT);
  await page.getByLabel('Razlog da se JMBG zadrži kako je upisan').fill('Tako piše u ličnoj karti');
  await page.getByLabel('Razlog da se JMBG zadrži kako je upisan').press('Enter');

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Nikolić Ana');
  const jmbgRow = page.locator('dd').filter({ hasText: WRONG_CONTROL_DIGIT });
  await expect(jmbgRow).toContainText('zadržan kako je upisan');
  await expect(jmbgRow).toContainText('Razlog: Tako piše u ličnoj karti');
  await saveScreenshot('jmbg-kept-with-reason-profile');
});

test('a JMBG another client has leads to that record', async ({ page, core, host, saveScreenshot }) => {
  void host;
  const existing = await core.call('clients.create', {
    client: { surname: 'Marković', givenName: 'Jelena', jmbg: VALID_JMBG, category: 'local_vulnerable' },
  });
  await startNewClient(page, 'Marković', 'Jelena');
  await page.getByLabel('JMBG', { exact: true }).fill(VALID_JMBG);
  await page.getByRole('button', { name: 'Sačuvaj' }).click();

  await expect(page.getByText('Drugi klijent već ima ovaj JMBG.')).toBeVisible();
  await expect(page.getByText('Drugi klijent ima ovaj JMBG', { exact: true })).toBeVisible();
  await saveScreenshot('jmbg-duplicate');

  // The form has unsaved input, so leaving asks first.
  await page.getByRole('button', { name: 'Otvori postojeći zapis' }).click();
  await expect(page.getByRole('dialog', { name: 'Odbaciti izmene?' })).toBeVisible();
  await saveScreenshot('form-discard-dialog');
  await page.getByRole('button', { name: 'Odbaci izmene' }).click();
  await expect(page).toHaveURL(new RegExp(`#/clients/${existing.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Marković Jelena');
});
