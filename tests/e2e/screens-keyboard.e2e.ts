import type { Locator, Page } from '@playwright/test';
import { checkFeeDraft, feeDraftFrom } from '../../src/renderer/src/packets/fee-form';
import { todayIso } from '../../src/renderer/src/ui/dates';
import { expect, test } from './fixtures';

/**
 * Without the mouse: a new client typed in, saved, and the residence packet printed, counting
 * every key pressed (each typed character is one). Nothing lands before the field the person is
 * heading to (the "correct the Cyrillic" button comes after the person's block), every step puts
 * the focus on the next action, and Enter does it.
 */

/** The shortcut drawn beside a control's label (its `::after`), as a person sees it. */
function shownShortcut(control: Locator) {
  return control.evaluate((element) => getComputedStyle(element, '::after').content.replace(/^"|"$/g, ''));
}

/** Which step of the packet dialog is showing. */
function currentStep(dialog: Locator) {
  return dialog.getByRole('list', { name: 'Koraci' }).locator('[aria-current="step"]');
}

/** Every key the test presses, counted. */
function keyboard(page: Page) {
  let count = 0;
  let typed = 0;
  const focusedLabel = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      if (!element) return '';
      const label =
        element.labels?.[0]?.textContent ?? element.getAttribute('aria-label') ?? element.textContent;
      return (label ?? '').replace(/\s*\*$/, '').trim();
    });
  return {
    get count() {
      return count;
    },
    get typed() {
      return typed;
    },
    focusedLabel,
    async press(key: string) {
      count += 1;
      await page.keyboard.press(key);
    },
    async type(text: string) {
      count += [...text].length;
      typed += [...text].length;
      await page.keyboard.type(text);
    },
    /** Tab until the field labelled `label` has the focus (each Tab counted); fails after 12. */
    async tabTo(label: string) {
      for (let i = 0; i < 12; i += 1) {
        count += 1;
        await page.keyboard.press('Tab');
        if ((await focusedLabel()) === label) return;
      }
      throw new Error(`Tab never reached "${label}"`);
    },
  };
}

/**
 * The keys this flow takes: 66 typed characters, 10 Tabs (one between each two of the 11 fields
 * typed: the birth date and sex the JMBG fills, citizenship, the script and the instruction
 * sheet's language, which have defaults, come after the address) and 4 commands: Alt+N, Alt+P
 * (save and print: it saves, opens the packet and runs its check), Enter (make the PDF: the
 * shipped fee amounts are still "to be confirmed", a warning the person sees first) and Enter
 * (print). With a clean check Alt+P goes straight to the PDF (the next test): 79. The issue's
 * target is 80.
 */
const KEY_BUDGET = 80;

test('new client → save → residence packet printed, by keyboard within the key budget', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  await expect(page.getByRole('heading', { level: 1, name: 'Početna' })).toBeVisible();
  // The shortcut is shown where the action is (drawn after its label), not only in a tooltip.
  expect(await shownShortcut(page.getByRole('navigation').getByRole('link', { name: 'Novi klijent' }))).toBe(
    'Alt+N',
  );
  const keys = keyboard(page);

  await keys.press('Alt+N');
  await expect(page.getByRole('heading', { level: 1, name: 'Novi klijent' })).toBeVisible();
  await expect(page.getByLabel('Prezime', { exact: true })).toBeFocused();
  await keys.type('Petrović');
  await keys.tabTo('Ime');
  await keys.type('Marko');
  await keys.tabTo('Ime jednog roditelja');
  await keys.type('Jovan');
  // The Cyrillic spelling is on screen by now, and its "correct" button is not in the way.
  await expect(page.getByRole('button', { name: 'Ispravi ćirilicu' })).toBeVisible();
  await keys.tabTo('JMBG');
  await keys.type('0101990710008'); // fills the birth date and sex
  await keys.tabTo('Kategorija');
  await keys.type('P'); // the first category starting with P: Povratnik iz Nemačke
  await keys.tabTo('Mesto rođenja');
  await keys.type('Niš');
  await keys.tabTo('Država rođenja');
  await keys.type('Srbija');
  await keys.tabTo('Mesto');
  await keys.type('Beograd');
  await keys.tabTo('Opština');
  await keys.type('Voždovac'); // a municipality whose model-97 code is in the facts (019)
  await keys.tabTo('Ulica');
  await keys.type('Ustanička');
  await keys.tabTo('Broj');
  await keys.type('5');
  await expect(page.getByLabel('Datum rođenja')).toHaveValue('01.01.1990');
  await expect(page.locator('.form-actions')).toContainText('Alt+P sačuvaj i štampaj paket');
  await saveScreenshot('screens-keyboard-form');
  // Save, and print a packet for the new client: one shortcut.
  await keys.press('Alt+P');

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Petrović Marko');
  expect(await shownShortcut(page.getByRole('button', { name: 'Štampaj paket' }))).toBe('Alt+P');
  const [client] = (await core.call('clients.search', { query: 'Petrović' })).items;
  expect(client).toMatchObject({ category: 'returnee_germany', birthDate: '1990-01-01' });

  // The check ran by itself; it warns (the fee amounts shipped are still to be confirmed) and
  // blocks nothing, so the focus waits on "Napravi PDF".
  const dialog = page.getByRole('dialog', { name: 'Štampanje paketa dokumenata' });
  await expect(currentStep(dialog)).toContainText('Provera podataka');
  const make = dialog.getByRole('button', { name: 'Napravi PDF' });
  await expect(make).toBeFocused();
  await saveScreenshot('screens-keyboard-preflight');
  await keys.press('Enter');
  const printNow = dialog.getByRole('button', { name: 'Štampaj', exact: true });
  await expect(printNow).toBeFocused({ timeout: 15_000 });
  await saveScreenshot('screens-keyboard-preview');
  await keys.press('Enter');

  await expect
    .poll(async () => (await core.call('packets.list', { clientId: client!.id })).items.length)
    .toBe(1);
  console.log(`keyboard flow: ${keys.count} keys, ${keys.typed} of them typed characters`);
  expect(keys.typed).toBe(66);
  expect(keys.count).toBeLessThanOrEqual(KEY_BUDGET);
  expect(keys.count - keys.typed, '10 Tabs and 4 commands').toBe(14);
});

test('Enter in a fix field of the packet check saves it to the record', async ({ page, core, host }) => {
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
  await expect(page.getByRole('button', { name: /Štampaj paket/ })).toBeFocused();
  await page.keyboard.press('Alt+P');
  const dialog = page.getByRole('dialog', { name: 'Štampanje paketa dokumenata' });
  await expect(dialog.getByRole('button', { name: 'Proveri podatke' })).toBeFocused();
  await page.keyboard.press('Enter');
  // A problem to fix: the focus goes to its field, Enter saves it, and the focus goes on.
  const fix = dialog.getByLabel('Ispravka u evidenciji klijenta').first();
  await expect(fix).toBeFocused();
  await page.keyboard.type('Niš');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await core.call('clients.get', { id: client.id })).birthPlace).toBe('Niš');
  await expect(dialog.getByRole('button', { name: 'Napravi PDF' })).toBeFocused();
});

/** Types a new client into the form (without counting keys) and saves it with Alt+P. */
async function saveAndPrint(page: Page, birthPlace: string) {
  await expect(page.getByRole('heading', { level: 1, name: 'Početna' })).toBeVisible();
  await page.keyboard.press('Alt+N');
  await expect(page.getByLabel('Prezime', { exact: true })).toBeFocused();
  await page.keyboard.type('Jovanović');
  await page.getByLabel('Ime', { exact: true }).fill('Ana');
  await page.getByLabel('Ime jednog roditelja').fill('Petar');
  await page.getByLabel('JMBG').fill('0101990715000');
  await page.getByLabel('Kategorija').selectOption('returnee_germany');
  if (birthPlace) await page.getByLabel('Mesto rođenja').fill(birthPlace);
  await page.getByLabel('Država rođenja').fill('Srbija');
  await page.getByLabel('Mesto', { exact: true }).fill('Beograd');
  await page.getByRole('textbox', { name: 'Opština' }).fill('Voždovac');
  await page.getByLabel('Ulica').fill('Ustanička');
  await page.getByLabel('Broj').fill('5');
  await page.getByLabel('Broj').press('Alt+P');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Jovanović Ana');
  return page.getByRole('dialog', { name: 'Štampanje paketa dokumenata' });
}

test('save and print goes straight to the PDF when the packet check is clean', async ({
  page,
  core,
  host,
}) => {
  void host;
  // The admin has confirmed this year's fees (no longer "to be confirmed"): nothing to warn about.
  const today = todayIso();
  for (const fee of (await core.call('fees.list', { history: false })).items.filter((f) => f.verify)) {
    const checked = checkFeeDraft({
      ...feeDraftFrom(fee, today),
      verify: false,
      source: `${fee.source}; provereno na šalteru`,
    });
    if (!checked.ok) throw new Error(`fee ${fee.key}: ${JSON.stringify(checked.problems)}`);
    await core.call('fees.save', { fee: checked.input });
  }
  const dialog = await saveAndPrint(page, 'Niš');
  await expect(dialog.getByRole('button', { name: 'Štampaj', exact: true })).toBeFocused({ timeout: 15_000 });
  await expect(currentStep(dialog)).toContainText('Pregled i štampa');
  const [client] = (await core.call('clients.search', { query: 'Jovanović' })).items;
  expect((await core.call('packets.list', { clientId: client!.id })).items).toHaveLength(1);
});

test('save and print stops at the packet check when it finds something to fix', async ({
  page,
  core,
  host,
}) => {
  void host;
  const dialog = await saveAndPrint(page, ''); // no birth place: the residence packet needs it
  await expect(currentStep(dialog)).toContainText('Provera podataka');
  await expect(dialog.getByLabel('Ispravka u evidenciji klijenta').first()).toBeFocused();
  const [client] = (await core.call('clients.search', { query: 'Jovanović' })).items;
  expect((await core.call('packets.list', { clientId: client!.id })).items).toHaveLength(0);
});
