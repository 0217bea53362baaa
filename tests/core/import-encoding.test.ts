import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../src/core/import/encoding';
import { csvBytes, importFile, validJmbg } from '../fixtures/spreadsheets';
import { useTempCore } from './helpers';

const openCore = useTempCore();
/** Text in an 8-bit code page, by inverting the decoder (no encoder for these ships with Node). */
function encode8bit(text: string, encoding: 'windows-1250' | 'windows-1251'): Buffer {
  const decoder = new TextDecoder(encoding);
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from([...text].map((ch) => byteOf.get(ch) ?? 0x3f));
}

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures', name));

describe('CSV encodings', () => {
  it('reads a Windows-1251 (Cyrillic) export as Cyrillic, shows the names, and imports them right', async () => {
    const core = openCore();
    const bytes = fixture('clients-windows-1251.csv');
    const report = await importFile(core, 'stari.csv', bytes);
    expect(report.source).toMatchObject({ encoding: 'windows-1251' });
    expect(report.encodingCheck.certain).toBe(true);
    expect(report.sample).toEqual(['Петровић Јелена', 'Ђорђевић Љубица', 'Џаковић Ћирко', 'Шаћири Жељко']);
    expect(report.rejected).toEqual([]);
    const done = await importFile(core, 'stari.csv', bytes, { dryRun: false });
    expect(done.createdCount).toBe(4);
    const found = await core.call('clients.search', { query: 'Petrović' });
    expect(found.items[0]).toMatchObject({ surname: 'Петровић', givenName: 'Јелена' });
  });

  it('still reads the Windows-1250 (Latin) export as Latin', async () => {
    const report = await importFile(openCore(), 'x.csv', fixture('clients-windows-1250.csv'), {
      defaultCategory: 'local_vulnerable',
    });
    expect(report.source).toMatchObject({ encoding: 'windows-1250' });
    expect(report.encodingCheck.certain).toBe(true);
    expect(report.sample[0]).toBe('Šaćiri Đurđica');
  });

  it.each([
    ['utf-8', Buffer.from('Prezime;Ime\r\nPetrović;Ана\r\n', 'utf8'), 'utf-8'],
    [
      'utf-16le with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Prezime;Ime\r\nЂорђе;Ана\r\n', 'utf16le')]),
      'utf-16le',
    ],
    ['utf-16le without BOM', Buffer.from('Prezime;Ime\r\nЂорђе;Ана\r\n', 'utf16le'), 'utf-16le'],
  ])('detects %s', (_name, bytes, encoding) => {
    expect(detectEncoding(bytes)).toMatchObject({ encoding, certain: true });
  });

  it('is unsure when the words fit both code pages as well, shows both readings, and refuses to commit until one is chosen', async () => {
    const core = openCore();
    // "Marč" reads as a name only in 1250, "Петар" only in 1251: the bytes cannot decide.
    const bytes = Buffer.concat([
      Buffer.from('Prezime;Ime\r\nMar\xe8;Ana\r\n', 'latin1'),
      encode8bit('Петар;Ana\r\n', 'windows-1251'),
    ]);
    const report = await importFile(core, 'kratko.csv', bytes, { defaultCategory: 'local_vulnerable' });
    expect(report.encodingCheck.certain).toBe(false);
    const samples = Object.fromEntries(report.encodingCheck.choices.map((c) => [c.encoding, c.sample]));
    expect(samples).toEqual({
      'windows-1250': ['Marč Ana', 'Ďĺňŕđ Ana'],
      'windows-1251': ['Marи Ana', 'Петар Ana'],
    });
    await expect(
      importFile(core, 'kratko.csv', bytes, { defaultCategory: 'local_vulnerable', dryRun: false }),
    ).rejects.toMatchObject({ code: 'VALIDATION', fields: { encoding: 'Choose the encoding' } });
    expect((await core.call('system.info', {})).clientCount).toBe(0);
    const chosen = await importFile(core, 'kratko.csv', bytes, {
      defaultCategory: 'local_vulnerable',
      dryRun: false,
      encoding: 'windows-1251',
    });
    expect(chosen.createdCount).toBe(2);
    expect((await core.call('clients.search', { query: 'Петар' })).items[0]?.surname).toBe('Петар');
  });

  it('never imports Cyrillic read through the wrong code page silently', async () => {
    // The case: "Петровић" in 1251 read as 1250 is "Ďĺňđîâčž".
    const bytes = encode8bit('Презиме;Име\r\nПетровић;Ана\r\n', 'windows-1251');
    const report = await importFile(openCore(), 'p.csv', bytes, { defaultCategory: 'local_vulnerable' });
    expect(report.source.encoding).toBe('windows-1251');
    expect(report.sample).toEqual(['Петровић Ана']);
  });
});

describe('import the good rows, skip the rejected ones', () => {
  const JMBG = validJmbg(1, 5, 1990, 123);
  const BAD_JMBG = `${JMBG.slice(0, 12)}${(Number(JMBG.at(-1)) + 1) % 10}`;
  const rows = [
    ['Prezime', 'Ime', 'JMBG', 'Kategorija'],
    ['Petrović', 'Jelena', JMBG, 'Povratnik iz Nemačke'],
    ['', 'Bez prezimena', '', 'Povratnik iz Nemačke'],
    ['Jovanović', 'Ana', '', 'nepoznato'],
    ['Nikolić', 'Marko', BAD_JMBG, 'Ranjivo lokalno stanovništvo'],
  ];

  it('commits the accepted rows in one go, lists the skipped ones and gives them back as a CSV that re-imports', async () => {
    const core = openCore();
    const file = csvBytes(rows);
    await expect(importFile(core, 'k.csv', file, { dryRun: false })).rejects.toMatchObject({
      code: 'IMPORT_REJECTED',
      detail: { acceptedCount: 1, rejectedCount: 3 },
    });
    expect((await core.call('system.info', {})).clientCount).toBe(0);

    const report = await importFile(core, 'k.csv', file, { dryRun: false, skipInvalid: true });
    expect(report).toMatchObject({ committed: true, createdCount: 1, skippedCount: 3 });
    expect(report.rejected.map((r) => r.row)).toEqual([3, 4, 5]);
    expect((await core.call('system.info', {})).clientCount).toBe(1);
    const audit = await core.call('audit.list', { action: 'import' });
    expect(audit.items[0]?.detail).toMatchObject({ created: 1, skipped: 3, committed: true });

    // The rejected rows come back as a CSV with the file's columns and a "Problemi" column...
    const csv = report.rejectedCsv!;
    expect(csv.startsWith('\uFEFFPrezime;Ime;JMBG;Kategorija;Problemi\r\n')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(csv).toContain(`"=""${BAD_JMBG}"""`); // ="…": Excel keeps the digits as typed
    // ...which, fixed, imports again (the problems column is skipped as unknown).
    const fixed = csv.replace('\r\n;Bez prezimena;', '\r\nMarković;Bez prezimena;');
    const again = await importFile(core, 'k-odbijeni.csv', Buffer.from(fixed, 'utf8'));
    expect(again.columns.find((c) => c.header === 'Problemi')?.how).toBe('unknown');
    expect(again.rowCount).toBe(3);
  });
});
