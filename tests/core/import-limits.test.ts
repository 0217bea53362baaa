import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { declaredUnpackedBytes } from '../../src/core/import/read-xlsx';
import { IMPORT_LIMITS } from '../../src/shared/contract/imports';
import { csvBytes, importFile, xlsxBytes } from '../fixtures/spreadsheets';
import { useTempCore } from './helpers';

const openCore = useTempCore();
const HEADER = ['Prezime', 'Ime', 'Kategorija'];

/** A zip whose central directory says its first part unpacks to `bytes` (what a zip bomb says). */
function claimingUnpacked(file: Buffer, bytes: number): Buffer {
  const copy = Buffer.from(file);
  const central = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  copy.writeUInt32LE(bytes, central + 24);
  return copy;
}

describe('streaming an .xlsx', () => {
  it('keeps every letter whole across the reader’s chunks (Cyrillic and Latin diacritics, shared and inline)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-chunks-'));
    for (const useSharedStrings of [true, false]) {
      const file = path.join(dir, `cyr-${useSharedStrings}.xlsx`);
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings });
      const sheet = workbook.addWorksheet('Клијенти');
      sheet.addRow(HEADER).commit();
      for (let i = 0; i < 6000; i++)
        sheet.addRow([`Ђорђевић${i}`, `Љубица Đurđa ${'ž'.repeat(i % 7)}`, 'Regularna migracija']).commit();
      sheet.commit();
      await workbook.commit();
      const report = await importFile(openCore(), 'cyr.xlsx', readFileSync(file));
      expect(report.rejected).toEqual([]);
      expect(report.acceptedCount).toBe(6000);
      expect(report.source.sheet).toBe('Клијенти');
    }
  }, 120_000);
});

describe('spreadsheet import limits', () => {
  it('an .xlsx that unpacks past the limit is refused before anything is inflated', async () => {
    const file = await xlsxBytes([HEADER, ['Petrović', 'Ana', 'Regularna migracija']]);
    expect(declaredUnpackedBytes(file)).toBeLessThan(100_000);
    const bomb = claimingUnpacked(file, 1024 * 1024 * 1024);
    await expect(importFile(openCore(), 'bomb.xlsx', bomb)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/unpacks to 10\d\d MB, more than an import takes \(400 MB\)/),
    });
  });

  it(`an .xlsx with more than ${IMPORT_LIMITS.rows} rows is refused with a message, reading it as a stream`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-rows-'));
    const file = path.join(dir, 'many.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Klijenti');
    sheet.addRow(HEADER).commit();
    for (let i = 0; i < IMPORT_LIMITS.rows + 5; i++) sheet.addRow([`P${i}`, 'A']).commit();
    sheet.commit();
    await workbook.commit();
    const rss = process.memoryUsage().rss;
    await expect(importFile(openCore(), 'many.xlsx', readFileSync(file))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/more than 200,000 rows/),
      detail: { limit: 'rows' },
    });
    // Refused partway through reading, without the whole sheet in memory (loaded, 1M rows took 2.1 GB).
    expect(process.memoryUsage().rss - rss).toBeLessThan(1024 * 1024 * 1024);
  }, 120_000);

  it('a cell longer than the limit is named and refused, in .xlsx and .csv', async () => {
    const long = 'x'.repeat(IMPORT_LIMITS.cellChars + 1);
    const xlsx = await xlsxBytes([HEADER, ['Petrović', long, 'Regularna migracija']]);
    await expect(importFile(openCore(), 'long.xlsx', xlsx)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/^Cell B2 holds 10,001 characters; a cell may hold at most 10,000\.$/),
    });
    await expect(
      importFile(openCore(), 'long.csv', csvBytes([HEADER, ['Petrović', long, 'x']])),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^Cell B2 holds 10,001 characters/),
    });
  });

  it('a .csv with more rows than the limit is refused', async () => {
    const rows = [HEADER, ...Array.from({ length: IMPORT_LIMITS.rows + 1 }, (_, i) => [`P${i}`, 'A', 'x'])];
    await expect(importFile(openCore(), 'many.csv', csvBytes(rows))).rejects.toMatchObject({
      detail: { limit: 'rows' },
    });
  }, 60_000);
});
