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

  await item.getByRole('button', { name: 'Evidentiraj saglasnost' }).click();
  await expect(item).toContainText('Saglasnost:');
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
