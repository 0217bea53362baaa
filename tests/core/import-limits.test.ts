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

/** A zip of stored (uncompressed) parts, as small tools write them; the reader checks no CRC. */
function storedZip(parts: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('reading .xlsx files other programs write', () => {
  it('reads prefixed markup, inline and shared strings, entities, errors and 1904 dates', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const file = storedZip({
      'xl/workbook.xml': `<x:workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Spisak &amp; adrese" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels':
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>',
      'xl/strings.xml': `<x:sst ${ns}><x:si><x:t>Prezime</x:t></x:si><x:si><x:r><x:t>Đorđe</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">vić</x:t></x:r><x:rPh><x:t>ジョ</x:t></x:rPh></x:si></x:sst>`,
      'xl/styles.xml': `<x:styleSheet ${ns}><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></x:numFmts><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="164"><x:alignment/></x:xf></x:cellXfs></x:styleSheet>`,
      'xl/worksheets/data.xml': `<x:worksheet ${ns}><x:sheetData>
        <x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Ime</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Datum povratka</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Napomena</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Kategorija</x:t></x:is></x:c></x:row>
        <x:row><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Ana &amp; Maja&#x0106;</x:t></x:is></x:c><x:c s="1"><x:v>43904</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>prvi_x0020_red</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Regularna migracija</x:t></x:is></x:c></x:row>
        <x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>Lazić</x:t></x:is></x:c><x:c r="B5" t="inlineStr"><x:is><x:t>Milan</x:t></x:is></x:c><x:c r="D5" t="e"><x:v>#N/A</x:v></x:c><x:c r="E5" t="inlineStr"><x:is><x:t>Regularna migracija</x:t></x:is></x:c></x:row>
      </x:sheetData></x:worksheet>`,
    });
    const core = openCore();
    const report = await importFile(core, 'drugi.xlsx', file, { dryRun: false });
    expect(report.source).toMatchObject({ format: 'xlsx', sheet: 'Spisak & adrese', headerRow: 1 });
    expect(report.rejected).toEqual([]);
    expect(report.sample).toEqual(['Đorđević Ana & MajaĆ', 'Lazić Milan']);
    const { items } = await core.call('clients.search', { query: '', limit: 10 });
    const clients = await Promise.all(items.map((item) => core.call('clients.get', { id: item.id })));
    const djordjevic = clients.find((c) => c.surname === 'Đorđević');
    // 43904 days after 1 January 1904 (the Mac date system) is 15 March 2024.
    expect(djordjevic).toMatchObject({
      givenName: 'Ana & MajaĆ',
      returnDate: '2024-03-15',
      notes: 'prvi red',
    });
    expect(clients.find((c) => c.surname === 'Lazić')).toMatchObject({ givenName: 'Milan', notes: '#N/A' });
  });
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

  it('an .xlsx part that inflates to more than the zip directory declares is refused, not trusted', async () => {
    const file = await xlsxBytes([HEADER, ['Petrović', 'Ana', 'Regularna migracija']]);
    // The worksheet claims 100 bytes (a bomb's directory may lie small); the reader counts what it inflates.
    const lying = Buffer.from(file);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    for (
      let at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      at >= 0;
      at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    )
      if (lying.subarray(at + 46, at + 46 + name.length).equals(name)) lying.writeUInt32LE(100, at + 24);
    expect(declaredUnpackedBytes(lying)).toBeLessThan(declaredUnpackedBytes(file)!);
    await expect(importFile(openCore(), 'lying.xlsx', lying)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/^This \.xlsx file could not be read/),
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
