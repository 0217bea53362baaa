import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Every write refreshes every open view of that record (ui/invalidation.ts): what is fixed in the
 * packet check, or recorded from a referral, shows on the rest of the profile at once, without a
 * reload of the page.
 */

/** A mark on the page's window: still there afterwards means the page was not reloaded. */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { screensMark: number }).screensMark = 1));
  return () => page.evaluate(() => (window as unknown as { screensMark?: number }).screensMark ?? 0);
}

test('a fix saved in the packet check shows on the profile without a reload', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  const client = await core.call('clients.create', {
    client: {
      surname: 'Jovanović',
      givenName: 'Ana',
      parentName: 'Petar',
      jmbg: '0101990715000',
      birthCountry: 'Srbija',
      category: 'returnee_germany',
      address: { place: 'Beograd', municipality: 'Voždovac', street: 'Ustanička', number: '5' },
    },
  });
  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const person = page.getByRole('region', { name: 'Lični podaci', exact: true });
  const birthPlace = person.locator('dt:text-is("Mesto rođenja") + dd');
  await expect(birthPlace).toHaveText('—');
  const mark = await markPage(page);

  await page.getByRole('button', { name: /Štampaj paket/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Štampanje paketa dokumenata' });
  await dialog.getByRole('button', { name: 'Proveri podatke' }).click();
  const row = dialog.getByRole('listitem').filter({ hasText: 'Mesto rođenja' });
  await row.getByLabel('Ispravka u evidenciji klijenta').fill('Niš');
  await row.getByRole('button', { name: 'Sačuvaj u evidenciju' }).click();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'Mesto rođenja' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Otkaži' }).click();

  await expect(birthPlace).toHaveText('Niš');
  expect(await mark()).toBe(1);
  await saveScreenshot('screens-live-profile-after-fix');
});

test('consent recorded from a referral shows on the consent card without a reload', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  const client = await core.call('clients.create', {
    client: { surname: 'Đorđević', givenName: 'Ljubica', category: 'returnee_germany' },
  });
  const [partner] = (await core.call('partners.list', { city: 'Niš', kind: 'csr' })).items;
  const referral = await core.call('referrals.create', {
    clientId: client.id,
    partnerId: partner!.id,
    reason: 'Jednokratna novčana pomoć',
  });
  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const consents = page.getByRole('region', { name: 'Saglasnosti', exact: true });
  await expect(consents).toContainText('0 važećih');
  const mark = await markPage(page);

  const item = page
    .getByRole('region', { name: 'Upućivanja', exact: true })
    .getByRole('article', { name: referral.referenceCode });
  await item.getByRole('button', { name: 'Evidentiraj saglasnost' }).click();
  await item.getByLabel('Kako je klijent dao saglasnost?').selectOption({ label: 'potpisana izjava' });
  await item.getByRole('button', { name: 'Zabeleži saglasnost' }).click();

  await expect(consents).toContainText('1 važeća');
  await expect(consents.getByRole('listitem')).toContainText(partner!.name);
  expect(await mark()).toBe(1);

  // A new referral follows the same register: to this partner, the consent on record covers it;
  // to another, it cannot be sent until consent is given and how.
  const referrals = page.getByRole('region', { name: 'Upućivanja', exact: true });
  await referrals.getByText('Novo upućivanje').click();
  await referrals.getByLabel('Grad').selectOption('Niš');
  await referrals.getByLabel('Partner', { exact: true }).selectOption(partner!.id);
  await expect(referrals).toContainText('Saglasnost za deljenje podataka sa ovim partnerom važi');
  const [other] = (await core.call('partners.list', { city: 'Niš' })).items.filter(
    (p) => p.id !== partner!.id,
  );
  await referrals.getByLabel('Partner', { exact: true }).selectOption(other!.id);
  await referrals.getByLabel('Razlog upućivanja').fill('Savetovanje');
  await expect(referrals.getByRole('button', { name: 'Uputi' })).toBeDisabled();
  await expect(referrals.getByRole('status')).toContainText('Upućivanje traži saglasnost klijenta');
  await saveScreenshot('screens-referral-consent-needed');
  await referrals.getByLabel('Klijent je saglasan da se podaci sa uputa podele sa partnerom').check();
  await expect(referrals.getByRole('button', { name: 'Uputi' })).toBeDisabled();
  await referrals.getByLabel('Saglasnost', { exact: true }).selectOption({ label: 'usmeno' });
  await referrals.getByRole('button', { name: 'Uputi' }).click();
  await expect(referrals.getByRole('article')).toHaveCount(2);
  await expect(consents).toContainText('2 važeće');
});

test("a refused field shows the app's own message, and times are typed on the 24-hour clock", async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  const client = await core.call('clients.create', {
    client: { surname: 'Babić', givenName: 'Bojan', category: 'local_vulnerable' },
  });
  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const card = page.getByRole('region', { name: 'Termini klijenta', exact: true });
  const book = card.getByRole('button', { name: 'Zakaži' });

  // The browser's bubble ("Please fill out this field.") never shows: the app's message does.
  await book.click();
  const message = page.getByRole('alert');
  await expect(message).toHaveText('Popunite ovo polje.');
  await expect(card.getByLabel('Datum')).toBeFocused();
  const tomorrow = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const dotted = `${pad(tomorrow.getDate())}.${pad(tomorrow.getMonth() + 1)}.${tomorrow.getFullYear()}`;
  await card.getByLabel('Datum').fill(dotted);
  await expect(message).toHaveCount(0);

  const time = card.getByLabel('Vreme');
  await expect(time).toHaveAttribute('placeholder', 'ss:mm');
  await time.fill('25:00');
  await book.click();
  await expect(message).toHaveText('Vreme se piše kao 09:30 (sati od 0 do 23, minuti od 00 do 59).');
  await saveScreenshot('screens-validation-message');
  expect((await core.call('appointments.list', { clientId: client.id })).items).toHaveLength(0);

  await time.fill('930');
  await time.blur();
  await expect(time).toHaveValue('09:30');
  await book.click();
  await expect
    .poll(async () =>
      (await core.call('appointments.list', { clientId: client.id })).items.map((a) => a.time),
    )
    .toEqual(['09:30']);
});

test('Settings has its own table of contents that brings each section into view', async ({
  page,
  core,
  host,
}) => {
  await page.goto(`${host.url.split('#')[0]}#/settings`);
  const toc = page.getByRole('navigation', { name: 'Odeljci podešavanja' });
  await expect(toc.getByRole('button', { name: 'Jezik' })).toHaveAttribute('aria-current', 'location');
  await toc.getByRole('button', { name: 'Sistem i verzije' }).click();
  await expect(page.getByText(core.dataDir, { exact: true })).toBeInViewport();
  await expect(toc.getByRole('button', { name: 'Sistem i verzije' })).toHaveAttribute(
    'aria-current',
    'location',
  );
  await expect(toc).toBeInViewport();
});

test('Settings marks the section scrolled to under its contents, not the one above it', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  await page.goto(`${host.url.split('#')[0]}#/settings`);
  const toc = page.getByRole('navigation', { name: 'Odeljci podešavanja' });
  await expect(page.getByText(core.dataDir, { exact: true })).toBeAttached(); // every card has loaded
  for (const [id, name] of [
    ['sync', 'Sinhronizacija'],
    ['security', 'Bezbednost'],
    ['office', 'Kancelarija'],
  ] as const) {
    // Scrolled there as by the wheel (no click in the contents): the heading sits just under the
    // contents, with the last pixels of the section above hidden beneath them.
    await page.locator(`#settings-${id}`).evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await expect(toc.getByRole('button', { name })).toHaveAttribute('aria-current', 'location');
    await expect(toc.locator('[aria-current]')).toHaveCount(1);
    if (id === 'security') await saveScreenshot('settings-toc-scrolled-security');
  }
});
