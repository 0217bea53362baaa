import type { Core } from '../../src/core';
import { expect, test } from './fixtures';

/**
 * Consent blocks sharing: the referral slip is refused until the client's consent to share with
 * that partner is recorded, and an admin may print anyway only with a reason (kept in the audit
 * trail). Driven through the referral card on the client profile (`#/clients/:id`).
 */

async function referredClient(core: Core) {
  const client = await core.call('clients.create', {
    client: { surname: 'Đorđević', givenName: 'Ljubica', category: 'returnee_germany' },
  });
  const [partner] = (await core.call('partners.list', { city: 'Niš', kind: 'csr' })).items;
  const referral = await core.call('referrals.create', {
    clientId: client.id,
    partnerId: partner!.id,
    reason: 'Jednokratna novčana pomoć',
  });
  return { client, referral };
}

test('the referral slip is refused until the client consents to sharing', async ({ page, core, host }) => {
  const { client, referral } = await referredClient(core);
  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const referrals = page.getByRole('region', { name: 'Upućivanja', exact: true });
  const item = referrals.getByRole('article', { name: referral.referenceCode });

  await item.getByRole('button', { name: 'Uput za štampu' }).click();
  const refusal = referrals.getByRole('group', { name: 'Uput nije odštampan' });
  await expect(refusal).toContainText('Klijent nije dao saglasnost za deljenje podataka sa ovim partnerom');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await core.call('referrals.list', { clientId: client.id })).items[0]?.slipPrintedAt).toBeNull();

  // Recording it asks how the client gave it.
  await item.getByRole('button', { name: 'Evidentiraj saglasnost' }).click();
  const how = item.getByLabel('Kako je klijent dao saglasnost?');
  await expect(how).toBeFocused();
  await how.selectOption({ label: 'usmeno' });
  await item.getByRole('button', { name: 'Zabeleži saglasnost' }).click();
  await expect(item).toContainText('Saglasnost: usmeno');
  await item.getByRole('button', { name: 'Uput za štampu' }).click();
  const slip = page.getByRole('dialog');
  await expect(slip.getByRole('heading')).toContainText(referral.referenceCode);
  await expect(slip.locator('iframe')).toBeVisible();
  await expect(refusal).toHaveCount(0);
  const [consent] = (await core.call('consents.list', { clientId: client.id })).items;
  expect(consent).toMatchObject({ purpose: 'sharing', status: 'active', recordedBy: 'admin' });
});

test('an admin prints without consent only with a reason, which the audit trail keeps', async ({
  page,
  core,
  host,
}) => {
  const { client, referral } = await referredClient(core);
  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const referrals = page.getByRole('region', { name: 'Upućivanja', exact: true });
  await referrals
    .getByRole('article', { name: referral.referenceCode })
    .getByRole('button', { name: 'Uput za štampu' })
    .click();
  const refusal = referrals.getByRole('group', { name: 'Uput nije odštampan' });
  const print = refusal.getByRole('button', { name: 'Štampaj uz razlog' });
  await expect(print).toBeDisabled();
  await refusal
    .getByLabel('Razlog za štampanje bez saglasnosti')
    .fill('Hitan smeštaj, klijentkinja u bolnici');
  await print.click();
  await expect(page.getByRole('dialog').getByRole('heading')).toContainText(referral.referenceCode);

  const [entry] = (await core.call('audit.list', { action: 'print' })).items;
  expect(entry).toMatchObject({
    actor: 'admin',
    method: 'referrals.slip',
    detail: { consentOverride: true, overrideReason: 'Hitan smeštaj, klijentkinja u bolnici' },
  });
});

test('a consent is recorded with its days typed as on Serbian documents', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  const client = await core.call('clients.create', {
    client: { surname: 'Babić', givenName: 'Bojan', category: 'local_vulnerable' },
  });
  const dayIso = (offset: number) => {
    const day = new Date();
    day.setDate(day.getDate() + offset);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  };
  const dotted = (iso: string) => iso.split('-').reverse().join('.');
  const [given, expires] = [dayIso(-30), dayIso(335)];

  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const card = page.getByRole('region', { name: 'Saglasnosti', exact: true });
  await card.getByText('Zabeleži saglasnost').click();
  const givenOn = card.getByLabel('Data dana');
  const expiresOn = card.getByLabel('Važi do');
  const refusal = (field: typeof givenOn) =>
    field.evaluate((input: HTMLInputElement) => input.validationMessage);
  await expect(givenOn).toHaveValue(dotted(dayIso(0)));
  await expect(expiresOn).toHaveValue('');

  // A consent dated tomorrow, or one that would end before it was given, is not sent.
  await givenOn.fill(dotted(dayIso(1)));
  await card.getByRole('button', { name: 'Sačuvaj' }).click();
  expect(await refusal(givenOn)).toBe(`Datum ne može biti posle ${dotted(dayIso(0))}`);
  const [y, m, d] = given.split('-').map(Number);
  await givenOn.fill(`${d}.${m}.${y}.`);
  await expiresOn.fill(dotted(dayIso(-31)));
  await card.getByRole('button', { name: 'Sačuvaj' }).click();
  expect(await refusal(expiresOn)).toBe(`Datum ne može biti pre ${dotted(given)}`);
  expect((await core.call('consents.list', { clientId: client.id })).items).toHaveLength(0);

  await expiresOn.fill(dotted(expires));
  await card.getByRole('button', { name: 'Sačuvaj' }).click();
  const item = card.getByRole('listitem', { name: 'Obrada podataka u kancelariji' });
  await expect(item).toContainText(`Data ${dotted(given)}`);
  await expect(item).toContainText(`važi do ${dotted(expires)}`);
  await expect(expiresOn).toHaveValue('');
  await saveScreenshot('consent-record-dates');
  const [recorded] = (await core.call('consents.list', { clientId: client.id })).items;
  expect(recorded).toMatchObject({ givenOn: given, expiresOn: expires });

  // Left blank, the end stays open.
  await card.getByRole('button', { name: 'Sačuvaj' }).click();
  await expect(card.getByRole('listitem', { name: 'Obrada podataka u kancelariji' })).toHaveCount(2);
  const items = (await core.call('consents.list', { clientId: client.id })).items;
  expect(items.map((consent) => consent.expiresOn).sort()).toEqual([expires, null].sort());
});
