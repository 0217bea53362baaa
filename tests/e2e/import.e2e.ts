import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test } from './fixtures';

/** A small sheet as a desk would have it: Serbian headers, no category column, one column of its own. */
async function writeSheet(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Klijenti');
  sheet.addRow(['Prezime', 'Ime', 'JMBG', 'Telefon', 'Mesto', 'Broj predmeta']);
  sheet.addRow(['Petrović', 'Marko', '0101900350008', '064 111 2222', 'Niš', 'P-17']);
  sheet.addRow(['Стојановић', 'Весна', '', '065 333 4444', 'Kraljevo', 'P-18']);
  sheet.addRow(['Krasniqi', 'Arben', '', '', 'Novi Pazar', 'P-19']);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msc-xlsx-')), 'klijenti.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

test('a small XLSX is checked, mapped and imported', async ({ page, host, saveScreenshot }) => {
  void host;
  const file = await writeSheet();
  await page.getByRole('navigation').getByRole('link', { name: 'Uvoz i izvoz' }).click();
  await page.getByLabel('Fajl (.csv ili .xlsx)').setInputFiles(file);

  // The sheet has no category column: the check asks for one before it can say anything else.
  await expect(
    page.getByText('Tabela nema kolonu za kategoriju: izaberite kategoriju za ove klijente.'),
  ).toBeVisible();
  await saveScreenshot('import-needs-category');
  await page.getByLabel('Kategorija za redove bez kategorije').selectOption('returnee_germany');

  const columns = page.getByRole('table', { name: 'Kolone' });
  await expect(columns.getByRole('row', { name: /Prezime/ })).toContainText('prepoznata');
  await expect(columns.getByRole('row', { name: /Broj predmeta/ })).toContainText('nepoznata');
  await expect(page.getByTestId('import-summary')).toHaveText('Redova: 3 · prihvaćeno: 3 · odbijeno: 0');
  await expect(page.getByText('Pročitano kao XLSX (list „Klijenti“); nazivi kolona u redu 1')).toBeVisible();
  await saveScreenshot('import-dry-run');

  await page.getByLabel('Polje za kolonu „Broj predmeta“').selectOption('ignore');
  await expect(columns.getByRole('row', { name: /Broj predmeta/ })).toContainText('preskočena');
  const commit = page.getByRole('button', { name: 'Uvezi 3 klijenta' });
  await expect(commit).toBeEnabled();
  await saveScreenshot('import-ready');

  await commit.click();
  await expect(page.getByText('Uvezena su 3 klijenta.')).toBeVisible();
  await saveScreenshot('import-done');

  await page.getByRole('link', { name: 'Otvori spisak klijenata' }).click();
  await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByRole('row', { name: /Stojanović Vesna/ })).toContainText('Стојановић Весна');
});
