import fs from 'node:fs';
import { expect, test } from './fixtures';

/**
 * A hotspot day through the app: log a service, open and move a procedure, refer the client with
 * consent and print the slip, book an appointment, see it all on the dashboard, export the report.
 * Routes (wired in routes.tsx): `#/` dashboard, `#/clients/:id` with the casework panel,
 * `#/appointments`, `#/partners`, `#/reports`.
 */

const todayIso = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};
const isoWeekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
/** A day `days` from `date`, as `YYYY-MM-DD`. */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** `2026-02-01` as desk staff type and read it: `01.02.2026`. */
const dotted = (date: string) => date.split('-').reverse().join('.');

test('a counsellor serves a client on the hotspot day and the month shows it', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  const today = todayIso();
  const [office] = (await core.call('offices.list', {})).items;
  await core.call('offices.save', {
    id: office!.id,
    office: { name: 'MSC Niš', city: 'Niš', hotspotWeekday: isoWeekday(today) },
  });
  const client = await core.call('clients.create', {
    client: {
      surname: 'Đorđević',
      givenName: 'Ljubica',
      birthDate: '1985-06-02',
      category: 'returnee_germany',
      phone: '064 123 4567',
    },
  });

  await page.goto(`${host.url.split('#')[0]}#/clients/${client.id}`);
  const panel = page.getByRole('region', { name: 'Rad sa klijentom', exact: true });
  await expect(panel).toBeVisible();

  // One click logs a common service, with an undo.
  const services = panel.getByRole('region', { name: 'Usluge', exact: true });
  await services.getByRole('button', { name: '+ Savetovanje', exact: true }).click();
  await expect(services.getByRole('status')).toContainText('Evidentirano: Savetovanje');
  await expect(services.getByRole('table')).toContainText('Savetovanje');

  // A procedure opens, then moves to gathering documents.
  const procedures = panel.getByRole('region', { name: 'Postupci', exact: true });
  await procedures.getByLabel('Vrsta postupka').selectOption({ label: 'Lična karta' });
  await procedures.getByRole('button', { name: 'Otvori postupak' }).click();
  const idCard = procedures.getByRole('article', { name: 'Lična karta' });
  await expect(idCard).toContainText('Otvoren');
  await idCard.getByRole('checkbox', { name: /Izvod iz matične knjige rođenih/ }).check();
  // The day of a move reads as on Serbian documents; a day still to come is refused beside it.
  const movedOn = idCard.getByLabel('Dana', { exact: true });
  await expect(movedOn).toHaveValue(dotted(today));
  await movedOn.fill(dotted(addDays(today, 1)));
  await idCard.getByRole('button', { name: 'Prikupljanje dokumenata' }).click();
  await expect(idCard.locator('.field-message--error')).toHaveText(
    `Datum ne može biti posle ${dotted(today)}`,
  );
  await expect(idCard.locator('.badge').first()).toHaveText('Otvoren');
  await movedOn.fill(dotted(today));
  await idCard.getByRole('button', { name: 'Prikupljanje dokumenata' }).click();
  await expect(idCard.locator('.badge').first()).toHaveText('Prikupljanje dokumenata');

  // A referral with the client's consent, and its slip.
  const referrals = panel.getByRole('region', { name: 'Upućivanja', exact: true });
  await referrals.getByText('Novo upućivanje').click();
  await referrals.getByLabel('Grad').selectOption('Niš');
  await referrals
    .getByLabel('Partner', { exact: true })
    .selectOption({ label: 'Centar za socijalni rad Niš (Centar za socijalni rad)' });
  await referrals.getByLabel('Razlog upućivanja').fill('Jednokratna novčana pomoć');
  // Sharing needs consent, and how it was given, before the referral can be sent.
  await expect(referrals.getByRole('button', { name: 'Uputi' })).toBeDisabled();
  await referrals.getByLabel('Klijent je saglasan da se podaci sa uputa podele sa partnerom').check();
  await referrals.getByLabel('Saglasnost', { exact: true }).selectOption({ label: 'potpisana izjava' });
  await referrals.getByRole('button', { name: 'Uputi' }).click();
  const referral = referrals.getByRole('article');
  await expect(referral).toContainText('Centar za socijalni rad Niš');
  await expect(referral).toContainText(/U-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  await saveScreenshot('casework-panel');
  await referral.getByRole('button', { name: 'Uput za štampu' }).click();
  const slip = page.getByRole('dialog');
  await expect(slip.getByRole('heading')).toContainText(/Uput U-/);
  await expect(slip.locator('iframe')).toBeVisible();
  await saveScreenshot('casework-referral-slip');
  await slip.getByRole('button', { name: 'Zatvori' }).click();

  // An appointment today, its day typed as on Serbian documents. A day that does not exist, or one
  // already past, is refused by the form before anything is booked.
  const appointments = panel.getByRole('region', { name: 'Termini klijenta', exact: true });
  const day = appointments.getByLabel('Datum');
  const refusal = () => day.evaluate((input: HTMLInputElement) => input.validationMessage);
  await expect(day).toHaveAttribute('placeholder', 'dd.mm.gggg');
  await day.fill('31.02.2026');
  await appointments.getByRole('button', { name: 'Zakaži' }).click();
  expect(await refusal()).toBe('Taj datum ne postoji');
  await day.fill(dotted(addDays(today, -1)));
  await appointments.getByRole('button', { name: 'Zakaži' }).click();
  expect(await refusal()).toBe(`Datum ne može biti pre ${dotted(today)}`);
  expect((await core.call('appointments.list', { clientId: client.id })).items).toHaveLength(0);
  // The office's next hotspot day (today) fills the field as dd.mm.yyyy; `1.2.2026` is read too.
  await appointments.getByRole('button', { name: dotted(today), exact: true }).click();
  await expect(day).toHaveValue(dotted(today));
  const [y, m, d] = today.split('-').map(Number);
  await day.fill(`${d}.${m}.${y}`);
  await day.blur();
  await expect(day).toHaveValue(dotted(today));
  await appointments.getByLabel('Vreme').fill('10:30');
  await appointments.getByLabel('Svrha').fill('Lična karta');
  await saveScreenshot('casework-appointment-date');
  await appointments.getByRole('button', { name: 'Zakaži' }).click();
  await expect(appointments.getByRole('list')).toContainText('Zakazan');
  await expect(appointments.getByRole('list')).toContainText(dotted(today));
  expect((await core.call('appointments.list', { clientId: client.id })).items[0]?.date).toBe(today);

  // The dashboard: today's list (already attended: a service was logged today), the month's counts.
  await page.goto(`${host.url.split('#')[0]}#/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Početna' })).toBeVisible();
  await expect(page.getByText('Hotspot dan')).toBeVisible();
  const todayCard = page.getByRole('region', { name: 'Današnji termini', exact: true });
  await expect(todayCard.getByRole('row', { name: /Đorđević Ljubica/ })).toContainText('10:30');
  const month = page.getByRole('region', { name: 'Ovaj mesec', exact: true });
  await expect(month.locator('.cw-tile', { hasText: 'Usluge' }).locator('dd')).toHaveText('1');
  await expect(month.locator('.cw-tile', { hasText: 'Otvoreni postupci' }).locator('dd')).toHaveText('1');
  await expect(month.locator('.cw-tile', { hasText: 'Upućivanja' }).locator('dd')).toHaveText('1');
  await saveScreenshot('casework-dashboard');

  // The month's report, as a table and chart, then as files.
  await page.goto(`${host.url.split('#')[0]}#/reports`);
  const from = page.getByLabel('Od', { exact: true });
  const to = page.getByLabel('Do', { exact: true });
  await expect(from).toHaveValue(dotted(`${today.slice(0, 8)}01`));
  const byKind = page.getByRole('region', { name: 'Usluge po vrsti', exact: true });
  await expect(byKind.getByRole('row', { name: /Savetovanje/ }).first()).toContainText('1');
  await expect(byKind.getByRole('img')).toBeVisible();
  await saveScreenshot('casework-report');
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Preuzmi Excel (XLSX)' }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/^report-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Preuzmi CSV' }).click(),
  ]);
  const csvText = fs.readFileSync((await csv.path())!, 'utf8');
  expect(csvText).toContain('services_by_kind,counselling,Savetovanje,consultations,1');

  // A period typed by hand: one that ends before it starts is refused, a single day is shown.
  await from.fill(dotted(today));
  await to.fill(dotted(addDays(today, -1)));
  await page.getByRole('button', { name: 'Prikaži' }).click();
  expect(await to.evaluate((input: HTMLInputElement) => input.validationMessage)).toBe(
    `Datum ne može biti pre ${dotted(today)}`,
  );
  await to.fill(dotted(today));
  await page.getByRole('button', { name: 'Prikaži' }).click();
  await expect(page.getByText(`Period ${dotted(today)} – ${dotted(today)}`)).toBeVisible();
  await expect(byKind.getByRole('row', { name: /Savetovanje/ }).first()).toContainText('1');
  await saveScreenshot('casework-report-period');
});

test('a no-show is marked on the appointments page and the hotspot weekday is set there', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  const today = todayIso();
  const client = await core.call('clients.create', {
    client: { surname: 'Babić', givenName: 'Bojan', category: 'local_vulnerable' },
  });
  await core.call('appointments.book', { clientId: client.id, date: today, time: '09:00' });

  await page.goto(`${host.url.split('#')[0]}#/appointments`);
  const row = page.getByRole('row', { name: /Babić Bojan/ });
  await expect(row).toContainText('Zakazan');
  await row.getByRole('button', { name: 'Nije došao' }).click();
  await expect(row).toContainText('Nije došao');

  const offices = page.getByRole('region', { name: 'Kancelarije', exact: true });
  await offices.getByLabel('Hotspot dan u nedelji').first().selectOption({ label: 'utorak' });
  await offices.getByRole('button', { name: 'Sačuvaj' }).first().click();
  await expect(offices.getByRole('status').first()).toHaveText('Sačuvano.');
  expect((await core.call('offices.list', {})).items[0]?.hotspotWeekday).toBe(2);
  await saveScreenshot('casework-appointments');
});

test('the partners directory shows the example entries and lets the office correct one', async ({
  page,
  host,
}) => {
  void host;
  await page.goto(`${host.url.split('#')[0]}#/partners`);
  await page.getByLabel('Grad').selectOption('Bor');
  const table = page.getByRole('table');
  await expect(
    table.getByRole('row', { name: /Centar za socijalni rad Bor/ }).getByText('primer', { exact: true }),
  ).toBeVisible();
  await table
    .getByRole('row', { name: /Centar za socijalni rad Bor/ })
    .getByRole('button', { name: 'Izmeni' })
    .click();
  await page.getByLabel('Adresa').fill('Moše Pijade 15');
  await page.getByLabel('Primer unosa — još nije proveren').uncheck();
  await page.getByRole('button', { name: 'Sačuvaj' }).click();
  const row = table.getByRole('row', { name: /Centar za socijalni rad Bor/ });
  await expect(row).toContainText('Moše Pijade 15');
  await expect(row.getByText('primer', { exact: true })).toHaveCount(0);
});
