import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

/**
 * Issue 11 (import items) and issue 13 point 7: problems in the UI's language, "import the good
 * rows, skip the listed ones" with the skipped rows downloadable as a CSV, and a Windows-1251
 * file's names shown as read before anything is written.
 */

/** Text in Windows-1251, by inverting the browser-standard decoder. */
function windows1251(text: string): Buffer {
  const decoder = new TextDecoder('windows-1251');
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from([...text].map((ch) => byteOf.get(ch) ?? 0x3f));
}

function writeCsv(name: string, bytes: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msc-csv-')), name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('rejected rows are listed in Serbian; the good rows import and the skipped ones download as CSV', async ({
  page,
  host,
  saveScreenshot,
}) => {
  void host;
  const file = writeCsv(
    'stari-spisak.csv',
    windows1251(
      [
        'Презиме;Име;Пол;Категорија',
        'Петровић;Јелена;Ж;Ранјиво локално становништво',
        ';Без презимена;М;Ранјиво локално становништво',
        'Ђорђевић;Љубица;непознат;Повратник из Немачке',
        'Џаковић;Ћирко;М;Повратник из друге земље',
      ].join('\r\n') + '\r\n',
    ),
  );
  await page.getByRole('navigation').getByRole('link', { name: 'Uvoz i izvoz' }).click();
  await page.getByLabel('Fajl (.csv ili .xlsx)').setInputFiles(file);

  await expect(page.getByTestId('import-summary')).toHaveText('Redova: 4 · prihvaćeno: 2 · odbijeno: 2');
  await expect(page.getByText(/Pročitano kao Windows-1251 \(ćirilica\)/)).toBeVisible();
  await expect(page.getByTestId('import-sample')).toContainText(
    'Петровић Јелена, Без презимена, Ђорђевић Љубица, Џаковић Ћирко',
  );
  const rejected = page.getByRole('table', { name: /odbijen/i });
  await expect(rejected.getByRole('row', { name: /^3/ })).toContainText('Презиме: prazno');
  await expect(rejected.getByRole('row', { name: /^4/ })).toContainText(
    'Пол: „непознат“ nije razumljivo; koristite M ili Ž',
  );
  await expect(rejected).not.toContainText(/is empty|not understood/);
  await expect(page.getByRole('button', { name: 'Uvezi 2 klijenta' })).toBeDisabled();
  await saveScreenshot('import-skip-dry-run');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Preuzmi odbijene redove (CSV)' }).first().click();
  const csv = fs.readFileSync((await (await download).path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFПрезиме;Име;Пол;Категорија;Problemi');
  expect(csv).toContain('Ђорђевић;Љубица;непознат');

  await page.getByRole('button', { name: 'Uvezi 2 ispravna reda, preskoči 2 navedenih' }).click();
  await expect(page.getByText('Uvezena su 2 klijenta. Preskočena su 2 reda.')).toBeVisible();
  await saveScreenshot('import-skip-done');
  await page.getByRole('link', { name: 'Otvori spisak klijenata' }).click();
  await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(2);
});
