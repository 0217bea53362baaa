import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { AppError } from '../../src/shared/errors';
import { ADMIN, expect, test } from './fixtures';

/** The app's sidebar (the sign-in screen has a language bar, which is another navigation). */
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Glavna navigacija' });

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Korisničko ime').fill(username);
  await page.getByLabel('Lozinka', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Prijavi se' }).click();
}

/** Recovery keys are Crockford base32 (no I, L, O, U): 32 key bytes + 3 check bytes = 56 characters. */
const RECOVERY_KEY = /^[0-9A-HJKMNP-TV-Z]{56}$/;

test.describe('first run', () => {
  test.use({ office: 'fresh' });

  test('the first person becomes the office admin, keeps the recovery key, and the app opens', async ({
    page,
    core,
    host,
    saveScreenshot,
  }) => {
    void host;
    // The wizard's first two steps (language, office); tests/e2e/setup-wizard.e2e.ts goes through all of it.
    await expect(page.getByText('Podešavanje kancelarije · Korak 1 od 5')).toBeVisible();
    await page.getByRole('button', { name: 'Dalje' }).click();
    await page.getByLabel('Naziv kancelarije').fill('MSC Niš');
    await page.getByLabel('Grad').fill('Niš');
    // Niš is a city of five city municipalities, each with its own code (issue 12).
    await page.getByLabel('Opština', { exact: true }).selectOption('Mediana');
    await page.getByRole('button', { name: 'Dalje' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Nalog administratora' })).toBeVisible();
    await page.getByLabel('Ime i prezime').fill('Jelena Marković');
    await page.getByLabel('Korisničko ime').fill('jelena');
    await page.getByLabel('Lozinka', { exact: true }).fill('kratka');
    await page.getByLabel('Ponovite lozinku').fill('kratka');
    await page.getByRole('button', { name: 'Napravi nalog administratora' }).click();
    // Checked before anything is created, with the same schema the core uses.
    await expect(page.getByText('Najmanje 10 znakova', { exact: true })).toBeVisible();
    await expect.poll(async () => (await core.call('session.status', {})).setupNeeded).toBe(true);

    await page.getByLabel('Lozinka', { exact: true }).fill('plavo nebo nad Nišom');
    await page.getByLabel('Ponovite lozinku').fill('plavo nebo nad Nišom');
    await saveScreenshot('security-setup');
    await page.getByRole('button', { name: 'Napravi nalog administratora' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Ključ za oporavak' })).toBeVisible();
    await expect(page.getByText('posle ponovne instalacije operativnog sistema')).toBeVisible();
    const key = page.getByRole('group', { name: 'Ključ za oporavak' });
    await expect(key).toHaveText(RECOVERY_KEY);
    await expect(key.locator('span')).toHaveCount(14);
    await expect(page.getByRole('button', { name: 'Štampaj' })).toBeVisible();
    const next = page.getByRole('button', { name: 'Nastavi' });
    await expect(next).toBeDisabled();
    await saveScreenshot('security-recovery-key');

    await page.getByLabel('Ključ je zapisan i čuva se van ovog računara').check();
    await next.click();
    // The server and backup steps may be skipped.
    await page.getByRole('button', { name: 'Preskoči', exact: true }).click();
    await page.getByRole('button', { name: 'Preskoči i završi' }).click();
    // The app opens on its start screen, the day's dashboard.
    await expect(page.getByRole('heading', { level: 1, name: 'Početna' })).toBeVisible();
    await expect(sidebar(page)).toContainText('Jelena Marković');
    await expect(sidebar(page)).toContainText('Administrator');
    await saveScreenshot('security-after-setup');

    // The key was shown once, and that is in the trail under the new admin's name.
    const shown = await core.call('audit.list', { action: 'recovery_key', limit: 10 });
    expect(shown.items.map((entry) => entry.actor)).toEqual(['jelena']);
  });
});

test('signing out and in again: a wrong password is refused, the right one opens the app', async ({
  page,
  host,
  saveScreenshot,
}) => {
  void host;
  await expect(sidebar(page)).toContainText(ADMIN.displayName);
  await sidebar(page).getByRole('button', { name: 'Odjavi se' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prijava' })).toBeVisible();

  await signIn(page, ADMIN.username, 'nije-ta-lozinka');
  await expect(page.getByRole('alert')).toHaveText('Pogrešno korisničko ime ili lozinka.');
  // The name stays, the password box is emptied for the next try.
  await expect(page.getByLabel('Korisničko ime')).toHaveValue(ADMIN.username);
  await expect(page.getByLabel('Lozinka', { exact: true })).toHaveValue('');
  await saveScreenshot('security-sign-in-wrong-password');

  await page.getByLabel('Lozinka', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Prijavi se' }).click();
  await expect(page.getByRole('searchbox')).toBeVisible();
  await expect(sidebar(page)).toContainText(ADMIN.displayName);

  // Leaving the desk: Lock, then the password brings the same page back.
  await sidebar(page).getByRole('button', { name: 'Zaključaj' }).click();
  const lock = page.getByRole('dialog', { name: 'Sesija je zaključana' });
  await expect(lock).toBeVisible();
  await lock.getByLabel('Lozinka').fill(ADMIN.password);
  await lock.getByRole('button', { name: 'Otključaj' }).click();
  await expect(lock).toBeHidden();
  await expect(page.getByRole('searchbox')).toBeVisible();
});

/** Opens the new-client form and types a client without saving. */
async function typeNewClient(page: Page): Promise<void> {
  await sidebar(page).getByRole('link', { name: 'Novi klijent' }).click();
  await page.getByLabel('Prezime', { exact: true }).fill('Đorđević');
  await page.getByLabel('Ime', { exact: true }).fill('Ljubica');
  await page.getByLabel('Kategorija').selectOption({ label: 'Povratnik iz Nemačke' });
  await page.getByLabel('Napomene').fill('Donosi izvod iz matične knjige u ponedeljak');
}

async function expectTypedClientKept(page: Page): Promise<void> {
  await expect(page.getByLabel('Prezime', { exact: true })).toHaveValue('Đorđević');
  await expect(page.getByLabel('Ime', { exact: true })).toHaveValue('Ljubica');
  await expect(page.getByLabel('Napomene')).toHaveValue('Donosi izvod iz matične knjige u ponedeljak');
}

test('after the idle minutes, Save shows the lock; unlocking keeps the typed form, which then saves', async ({
  page,
  clock,
  host,
  saveScreenshot,
}) => {
  void host;
  await typeNewClient(page);
  clock.advance(11 * 60_000); // the default idle lock is 10 minutes

  await page.getByRole('button', { name: 'Sačuvaj' }).click();
  const lock = page.getByRole('dialog', { name: 'Sesija je zaključana' });
  await expect(lock).toBeVisible();
  await expect(lock).toContainText(`Prijavljeni ste kao ${ADMIN.displayName} (${ADMIN.username})`);
  await saveScreenshot('security-idle-locked');

  await lock.getByLabel('Lozinka').fill('pogrešna lozinka');
  await lock.getByRole('button', { name: 'Otključaj' }).click();
  await expect(lock.getByRole('alert')).toHaveText('Pogrešna lozinka');
  await lock.getByLabel('Lozinka').fill(ADMIN.password);
  await lock.getByRole('button', { name: 'Otključaj' }).click();
  await expect(lock).toBeHidden();

  await expectTypedClientKept(page);
  await page.getByRole('button', { name: 'Sačuvaj' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Đorđević Ljubica');
});

test('the lock appears by itself after the idle minutes, over the form being typed', async ({
  page,
  clock,
  host,
  saveScreenshot,
}) => {
  void host;
  // The page's timers run on Playwright's clock, so the 30-second status poll can be reached at once.
  await page.clock.install();
  await page.reload();
  await typeNewClient(page);

  clock.advance(11 * 60_000);
  await page.clock.fastForward(31_000);
  const lock = page.getByRole('dialog', { name: 'Sesija je zaključana' });
  await expect(lock).toBeVisible();
  await saveScreenshot('security-idle-locked-by-poll');

  await lock.getByLabel('Lozinka').fill(ADMIN.password);
  await lock.getByLabel('Lozinka').press('Enter');
  await expect(lock).toBeHidden();
  await expectTypedClientKept(page);
  await page.getByRole('button', { name: 'Sačuvaj' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Đorđević Ljubica');
});

test('the admin adds a counsellor, who sees no admin screens and is told politely at #/users', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  await sidebar(page).getByRole('link', { name: 'Nalozi zaposlenih' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nalozi zaposlenih' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Novi nalog' });
  await form.getByLabel('Ime i prezime').fill('Marko Savić');
  await form.getByLabel('Korisničko ime').fill('marko');
  await form.getByLabel('Uloga').selectOption({ label: 'Savetnik' });
  await form.getByLabel('Početna lozinka').fill('markova-lozinka-7');
  await form.getByRole('button', { name: 'Dodaj nalog' }).click();
  await expect(page.getByRole('status')).toContainText('Nalog marko je dodat.');
  const marko = page.getByRole('row', { name: /Marko Savić/ });
  await expect(marko).toContainText('Savetnik');
  await expect(marko).toContainText('Aktivan');

  // The only admin cannot demote themselves: the core refuses and the page says why.
  await page.getByRole('button', { name: `Izmeni nalog ${ADMIN.username}` }).click();
  const dialog = page.getByRole('dialog', { name: `Izmena naloga ${ADMIN.username}` });
  await dialog.getByLabel('Uloga').selectOption({ label: 'Savetnik' });
  await dialog.getByRole('button', { name: 'Sačuvaj' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'Ovo je jedini aktivni administrator. Prvo dodelite ulogu administratora drugom nalogu.',
  );
  await saveScreenshot('security-users-only-admin');
  await dialog.getByRole('button', { name: 'Otkaži' }).click();
  await saveScreenshot('security-users');

  await sidebar(page).getByRole('button', { name: 'Odjavi se' }).click();
  await signIn(page, 'marko', 'markova-lozinka-7');
  await expect(sidebar(page)).toContainText('Marko Savić');
  await expect(sidebar(page)).toContainText('Savetnik');
  const links = sidebar(page).getByRole('link');
  await expect(links).toHaveText([
    'Početna',
    'Klijenti',
    'Novi klijent',
    'Termini',
    'Partneri',
    'Izveštaji',
    'Skenirani papiri',
    'Podešavanja',
    'Moj nalog',
  ]);
  await saveScreenshot('security-counsellor-sidebar');

  await page.evaluate(() => {
    window.location.hash = '#/users';
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Ova stranica vam nije dostupna' })).toBeVisible();
  await expect(page.getByText('Vaša uloga (Savetnik) ne obuhvata ovu stranicu.')).toBeVisible();
  await saveScreenshot('security-counsellor-not-allowed');

  // Not only hidden: the core itself refuses the counsellor (the test's calls share the session).
  const refused = await core.call('users.list', {}).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(AppError);
  expect((refused as AppError).code).toBe('FORBIDDEN');
});

test('the audit trail lists the client created here, links to it, and the chain verifies', async ({
  page,
  host,
  saveScreenshot,
}) => {
  void host;
  await sidebar(page).getByRole('link', { name: 'Novi klijent' }).click();
  await page.getByLabel('Prezime', { exact: true }).fill('Stojanović');
  await page.getByLabel('Ime', { exact: true }).fill('Vesna');
  await page.getByLabel('Kategorija').selectOption({ label: 'Povratnik iz Nemačke' });
  await page.getByRole('button', { name: 'Sačuvaj' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Stojanović Vesna');
  const clientId = decodeURIComponent(/#\/clients\/([^/?]+)$/.exec(page.url())?.[1] ?? '');
  expect(clientId).not.toBe('');

  await sidebar(page).getByRole('link', { name: 'Dnevnik aktivnosti' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dnevnik aktivnosti' })).toBeVisible();
  const created = page.getByRole('row').filter({ hasText: 'Klijenti — upis' });
  await expect(created).toHaveCount(1);
  await expect(created).toContainText('Upis');
  await expect(created).toContainText(ADMIN.username);
  await expect(created.getByRole('link', { name: clientId })).toBeVisible();

  // Everything about this client: created, then viewed when the profile opened.
  await page.getByLabel('ID zapisa').fill(clientId);
  await page.getByRole('button', { name: 'Prikaži' }).click();
  await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(2);
  // The call in words, not its contract name.
  await expect(page.getByRole('row').filter({ hasText: 'Klijenti — otvoren zapis' })).toContainText(
    'Pregled',
  );

  await page.getByRole('button', { name: 'Proveri lanac' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Lanac je neoštećen: provere(n|na|no) (je|su) \d+ unos/);
  await saveScreenshot('security-audit-trail');

  await created.getByRole('link', { name: clientId }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Stojanović Vesna');
});

test('backups: back up now, to a folder, and verify; the idle minutes are set in Settings', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  await sidebar(page).getByRole('link', { name: 'Rezervne kopije' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rezervne kopije' })).toBeVisible();
  // The core made the day's backup when it opened.
  await expect(page.getByRole('row').filter({ hasText: 'Dnevna' })).toHaveCount(1);

  await page.getByRole('button', { name: 'Napravi kopiju sada' }).click();
  await expect(page.getByRole('status').first()).toContainText('Kopija je napravljena');
  const manual = page.getByRole('row').filter({ hasText: 'Ručna' });
  await expect(manual).toHaveCount(1);
  await manual.getByRole('button', { name: /^Proveri / }).click();
  await expect(manual).toContainText(/U redu · 0 klijenata · šema \d+/);

  const stick = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-usb-'));
  await page.getByLabel('Folder', { exact: true }).fill(stick);
  await page.getByRole('button', { name: 'Kopiraj u folder…' }).click();
  await expect(page.locator('.banner-ok')).toContainText(stick);
  expect(fs.readdirSync(stick)).toEqual([expect.stringMatching(/^msc-desk-.*-manual\.sqlite$/)]);
  await page
    .locator('.banner-ok')
    .getByRole('button', { name: /^Proveri / })
    .click();
  await expect(page.locator('.banner-ok')).toContainText(/U redu · 0 klijenata/);
  await expect(page.getByText('npm run cli -- restore FILE --data DIR')).toBeVisible();
  await saveScreenshot('security-backups');
  fs.rmSync(stick, { recursive: true, force: true });

  await sidebar(page).getByRole('link', { name: 'Podešavanja' }).click();
  const idleLock = page.getByRole('region', { name: 'Automatsko zaključavanje' });
  await idleLock.getByLabel('Zaključaj posle minuta bez korišćenja').fill('5');
  await idleLock.getByRole('button', { name: 'Sačuvaj' }).click();
  await expect(idleLock.getByRole('status')).toHaveText(
    'Sačuvano: sesija se zaključava posle 5 minuta bez korišćenja.',
  );
  expect(await core.call('settings.security', {})).toEqual({ idleLockMinutes: 5 });
  await saveScreenshot('security-settings-idle-lock');
});

test('a person changes their own password and signs in with the new one', async ({ page, host }) => {
  void host;
  await sidebar(page).getByRole('link', { name: 'Moj nalog' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Moj nalog' })).toBeVisible();
  await page.getByLabel('Sadašnja lozinka').fill('nije-ta-lozinka');
  await page.getByLabel('Nova lozinka').fill('nova lozinka za admina');
  await page.getByLabel('Ponovite lozinku').fill('nova lozinka za admina');
  await page.getByRole('button', { name: 'Promeni lozinku' }).click();
  await expect(page.getByText('Pogrešna lozinka', { exact: true })).toBeVisible();

  await page.getByLabel('Sadašnja lozinka').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Promeni lozinku' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Lozinka je promenjena. Od sledeće prijave koristite novu.',
  );

  await sidebar(page).getByRole('button', { name: 'Odjavi se' }).click();
  await signIn(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole('alert')).toHaveText('Pogrešno korisničko ime ili lozinka.');
  await page.getByLabel('Lozinka', { exact: true }).fill('nova lozinka za admina');
  await page.getByRole('button', { name: 'Prijavi se' }).click();
  await expect(page.getByRole('searchbox')).toBeVisible();
});
