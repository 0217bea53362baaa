import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { checkJmbg } from '../../src/shared/jmbg';
import { allClients, csvBytes, importFile, validJmbg, xlsxBytes } from '../fixtures/spreadsheets';
import { useTempCore } from './helpers';

const newCore = useTempCore();

const JMBG_1990 = validJmbg(1, 5, 1990, 123); // 0105990…, male: its leading zero is what Excel drops
const JMBG_1985 = validJmbg(15, 8, 1985, 612); // female

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('clients.import: recognising the headers offices use', () => {
  it('reads Serbian Latin headers, with and without diacritics, without any mapping', async () => {
    const core = newCore();
    const file = csvBytes([
      [
        'Prezime',
        'Ime',
        'Ime oca',
        'Pol',
        'Datum rodjenja',
        'Mesto rođenja',
        'JMBG',
        'Telefon',
        'Adresa',
        'Mesto',
        'Opstina',
        'Kategorija',
      ],
      [
        'Petrović',
        'Marko',
        'Dragan',
        'M',
        '01.05.1990.',
        'Niš',
        JMBG_1990,
        '064 123 4567',
        'Cara Dušana 12',
        'Niš',
        'Medijana',
        'povratnik iz Nemačke',
      ],
    ]);
    const report = await importFile(core, 'klijenti.csv', file, { dryRun: false });

    expect(report.columns.map((c) => [c.header, c.field, c.how])).toEqual([
      ['Prezime', 'surname', 'recognised'],
      ['Ime', 'givenName', 'recognised'],
      ['Ime oca', 'parentName', 'recognised'],
      ['Pol', 'sex', 'recognised'],
      ['Datum rodjenja', 'birthDate', 'recognised'],
      ['Mesto rođenja', 'birthPlace', 'recognised'],
      ['JMBG', 'jmbg', 'recognised'],
      ['Telefon', 'phone', 'recognised'],
      ['Adresa', 'address.street', 'recognised'],
      ['Mesto', 'address.place', 'recognised'],
      ['Opstina', 'address.municipality', 'recognised'],
      ['Kategorija', 'category', 'recognised'],
    ]);
    expect(report).toMatchObject({ rowCount: 1, acceptedCount: 1, committed: true, createdCount: 1 });
    const [client] = await allClients(core);
    expect(client).toMatchObject({
      surname: 'Petrović',
      givenName: 'Marko',
      parentName: 'Dragan',
      sex: 'M',
      birthDate: '1990-05-01',
      birthPlace: 'Niš',
      jmbg: JMBG_1990,
      jmbgValid: true,
      phone: '064 123 4567',
      address: { street: 'Cara Dušana', number: '12', place: 'Niš', municipality: 'Medijana' },
      category: 'returnee_germany',
    });
  });

  it('reads Cyrillic headers and keeps Cyrillic names as typed', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Презиме', 'Име', 'ЈМБГ', 'Телефон', 'Место', 'Категорија', 'Писмо'],
      [
        'Ђорђевић',
        'Љубица',
        JMBG_1985,
        '065 111 222',
        'Крушевац',
        'ранјиво локално становништво',
        'ћирилица',
      ],
    ]);
    const report = await importFile(core, 'spisak.csv', file, { dryRun: false });
    expect(report.columns.map((c) => c.field)).toEqual([
      'surname',
      'givenName',
      'jmbg',
      'phone',
      'address.place',
      'category',
      'preferredScript',
    ]);
    const [client] = await allClients(core);
    expect(client).toMatchObject({
      surname: 'Ђорђевић',
      givenName: 'Љубица',
      nameScript: 'cyrl',
      names: { latn: { surname: 'Đorđević', givenName: 'Ljubica' } },
      sex: 'F',
      birthDate: '1985-08-15',
      category: 'local_vulnerable',
      preferredScript: 'cyrl',
    });
  });

  it('reads English headers, a "Full name" column given names first, and tab-separated text', async () => {
    const core = newCore();
    const file = csvBytes(
      [
        ['Full name', 'Gender', 'Date of birth', 'Phone', 'City', 'Category', 'Readmission', 'Returned from'],
        [
          'Ana Marija Berisha',
          'female',
          '1999-03-07',
          '+381 63 555 010',
          'Bor',
          'returnee_other',
          'yes',
          'Sweden',
        ],
      ],
      { delimiter: '\t', bom: false },
    );
    const report = await importFile(core, 'list.csv', file, { dryRun: false });
    expect(report.source).toEqual({
      format: 'csv',
      encoding: 'utf-8',
      delimiter: '\t',
      sheet: null,
      headerRow: 1,
    });
    const [client] = await allClients(core);
    expect(client).toMatchObject({
      surname: 'Berisha',
      givenName: 'Ana Marija',
      sex: 'F',
      birthDate: '1999-03-07',
      phone: '+381 63 555 010',
      address: { place: 'Bor' },
      category: 'returnee_other',
      readmission: true,
      returnCountry: 'Sweden',
    });
  });

  it('splits a "Prezime i ime" column surname first', async () => {
    const core = newCore();
    const file = csvBytes(
      [
        ['Prezime i ime', 'Kategorija'],
        ['Ramadani Fatima', 'regularna migracija'],
      ],
      { delimiter: ',' },
    );
    await importFile(core, 'a.csv', file, { dryRun: false });
    expect(await allClients(core)).toMatchObject([
      { surname: 'Ramadani', givenName: 'Fatima', category: 'regular_migration' },
    ]);
  });

  it('finds the header below a title row and numbers rows as the sheet does', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Spisak klijenata MSC Niš, 2023', '', ''],
      ['', '', ''],
      ['R. br.', 'Prezime', 'Ime'],
      ['1', 'Osmani', 'Selvije'],
      ['2', '', 'Elvis'],
    ]);
    const report = await importFile(core, 'a.csv', file, { defaultCategory: 'returnee_germany' });
    expect(report.source.headerRow).toBe(3);
    expect(report.columns[0]).toMatchObject({ header: 'R. br.', field: null, how: 'ignored' });
    expect(report.rejected).toEqual([{ row: 5, problems: ['Prezime is empty'] }]);
  });

  it('says which columns it found when there is no name column, and imports nothing', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Familija', 'Broj predmeta', 'JMBG'],
      ['Petrović', 'P-1', ''],
    ]);
    const error = await rejection(importFile(core, 'a.csv', file, { defaultCategory: 'returnee_germany' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('a surname and a given name column');
    expect(error.message).toContain('Columns found: "Familija", "Broj predmeta", "JMBG"');
    expect(error.detail).toEqual({ columns: ['Familija', 'Broj predmeta', 'JMBG'] });
  });

  it('asks for a category when the sheet has none, and uses the chosen default', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Prezime', 'Ime'],
      ['Nikolić', 'Jelena'],
    ]);
    const error = await rejection(importFile(core, 'a.csv', file));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({ defaultCategory: 'Choose a category' });

    const report = await importFile(core, 'a.csv', file, {
      defaultCategory: 'local_vulnerable',
      dryRun: false,
    });
    expect(report.createdCount).toBe(1);
    expect(await allClients(core)).toMatchObject([{ category: 'local_vulnerable' }]);
  });
});

describe('clients.import: files as offices have them', () => {
  it('decodes an old Windows-1250 export with č ć š ž đ intact', async () => {
    const core = newCore();
    const bytes = readFileSync(path.join(import.meta.dirname, '../fixtures/clients-windows-1250.csv'));
    const report = await importFile(core, 'stara-evidencija.csv', bytes, {
      defaultCategory: 'returnee_other',
      dryRun: false,
    });
    expect(report.source).toMatchObject({ encoding: 'windows-1250', delimiter: ';' });
    expect(report.rejected).toEqual([]);
    const clients = await allClients(core);
    expect(clients.map((c) => [c.surname, c.givenName, c.parentName])).toEqual([
      ['Mustafić', 'Ćazim', null],
      ['Šaćiri', 'Đurđica', 'Bajram'],
      ['Živković', 'Čedomir', 'Ljubiša'],
    ]);
    expect(clients[1]).toMatchObject({
      address: { place: 'Niš', street: 'Čair', number: '7' },
      notes: 'Stara evidencija (Excel 2003)',
    });
    expect(clients[2]).toMatchObject({ address: { street: 'Žička', number: '3a' }, jmbg: '0101900350008' });
  });

  it('reads an XLSX: JMBG and phone stored as numbers, date cells, rich text and formulas', async () => {
    const core = newCore();
    const bytes = await xlsxBytes([
      ['Prezime', 'Ime', 'JMBG', 'Telefon', 'Datum povratka', 'Napomena', 'Kategorija'],
      // Excel keeps a JMBG typed into a number cell as a number: 0105990… loses its first digit.
      [
        'Bajramović',
        'Senad',
        Number(JMBG_1990),
        641234567,
        new Date(Date.UTC(2023, 2, 14)),
        { richText: [{ text: 'Vraćen ' }, { text: 'avionom', font: { bold: true } }] },
        'Povratnik iz Nemačke',
      ],
      [
        'Demirović',
        { formula: 'UPPER("fatima")', result: 'FATIMA' },
        JMBG_1985,
        '',
        45000,
        null,
        { formula: 'A1', result: 'returnee_other' },
      ],
    ]);
    const report = await importFile(core, 'klijenti.xlsx', bytes, { dryRun: false });
    expect(report.source).toEqual({
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheet: 'Klijenti',
      headerRow: 1,
    });
    expect(report.rejected).toEqual([]);
    const [bajramovic, demirovic] = await allClients(core);
    expect(bajramovic).toMatchObject({
      jmbg: JMBG_1990,
      jmbgValid: true,
      phone: '0641234567',
      returnDate: '2023-03-14',
      notes: 'Vraćen avionom',
    });
    // 45000 is an Excel day number: 15 March 2023.
    expect(demirovic).toMatchObject({
      givenName: 'FATIMA',
      jmbg: JMBG_1985,
      returnDate: '2023-03-15',
      category: 'returnee_other',
    });
  });

  it('reports a 12-digit JMBG that a leading zero would not make valid, instead of guessing', async () => {
    const core = newCore();
    const short = '123456789012'; // 0123456789012 would have month 23
    expect(checkJmbg(`0${short}`).valid).toBe(false);
    const bytes = await xlsxBytes([
      ['Prezime', 'Ime', 'JMBG'],
      ['Kurteši', 'Bekim', Number(short)],
    ]);
    const report = await importFile(core, 'a.xlsx', bytes, { defaultCategory: 'returnee_germany' });
    expect(report.rejected).toEqual([{ row: 2, problems: ['JMBG: A JMBG has 13 digits'] }]);
  });

  it('skips blank rows without counting them as rejected', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Prezime', 'Ime'],
      ['Ilić', 'Ana'],
      ['', ''],
      [' ', '-'],
      ['Lazić', 'Milan'],
    ]);
    const report = await importFile(core, 'a.csv', file, { defaultCategory: 'returnee_germany' });
    expect(report).toMatchObject({ rowCount: 2, acceptedCount: 2, rejected: [] });
  });
});

describe('clients.import: values in the many ways people write them', () => {
  it('understands sex, dates, yes/no, residence status and script words', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Prezime', 'Ime', 'Pol', 'Datum rođenja', 'Readmisija', 'Status prebivališta', 'Pismo', 'Kategorija'],
      ['A', 'Jedan', 'ž', '1.2.1990', 'da', 'nije prijavljeno', 'latinica', 'ranjiva grupa'],
      ['B', 'Dva', 'муški', '1990-02-01', 'ne', 'Prijavljeno na adresi CSR', 'cyrl', 'povratnik'],
      ['C', 'Tri', 'Z', '13/02/1990', 'x', 'prijavljen', 'ћирилица', 'регуларна миграција'],
      ['D', 'Četiri', 'F', '01.02.1990.', '0', 'registered', 'latin', 'Returnee from Germany'],
    ]);
    await importFile(core, 'a.csv', file, { dryRun: false });
    const clients = await allClients(core);
    expect(
      clients.map((c) => [
        c.sex,
        c.birthDate,
        c.readmission,
        c.residenceStatus,
        c.preferredScript,
        c.category,
      ]),
    ).toEqual([
      ['F', '1990-02-01', true, 'not_registered', 'latn', 'local_vulnerable'],
      ['M', '1990-02-01', false, 'registered_csr', 'cyrl', 'returnee_other'],
      ['F', '1990-02-13', true, 'registered', 'cyrl', 'regular_migration'],
      ['F', '1990-02-01', false, 'registered', 'latn', 'returnee_germany'],
    ]);
  });

  it('rejects values it cannot read, naming the column and what would do', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Prezime', 'Ime', 'Pol', 'Datum rođenja', 'Kategorija'],
      ['Marković', 'Zoran', 'nepoznat', '05/06/1990', 'ostalo'],
      ['Ristić', 'Vesna', 'Ž', '31.02.1990.', 'povratnik'],
    ]);
    const report = await importFile(core, 'a.csv', file);
    expect(report.rejected).toEqual([
      {
        row: 2,
        problems: [
          'Pol: "nepoznat" is not understood; use M or Ž',
          'Datum rođenja: "05/06/1990" could be read two ways; write it as DD.MM.YYYY (e.g. 05.06.1990.)',
          expect.stringMatching(/^Kategorija: "ostalo" is not understood; use "Povratnik iz Nemačke", /),
        ],
      },
      { row: 3, problems: ['Datum rođenja: "31.02.1990." is not a real date'] },
    ]);
  });

  it('keeps a second phone column in the notes rather than dropping it', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Prezime', 'Ime', 'Telefon', 'Mobilni', 'Napomena'],
      ['Alijević', 'Merima', '011 222 333', '064 999 888', 'Dolazi utorkom'],
    ]);
    await importFile(core, 'a.csv', file, { defaultCategory: 'returnee_germany', dryRun: false });
    expect(await allClients(core)).toMatchObject([
      { phone: '011 222 333', notes: 'Dolazi utorkom\nMobilni: 064 999 888' },
    ]);
  });
});

describe('clients.import: dry run and all-or-nothing commit', () => {
  const sheet = [
    ['Prezime', 'Ime', 'JMBG'],
    ['Jovanović', 'Dragan', JMBG_1990],
    ['Petrović', 'Jelena', `${JMBG_1985.slice(0, 12)}${(Number(JMBG_1985.at(-1)) + 1) % 10}`],
    ['Stanković', 'Milica', ''],
  ];

  it('reports each rejected row with its spreadsheet row number and the reason', async () => {
    const core = newCore();
    const report = await importFile(core, 'a.csv', csvBytes(sheet), { defaultCategory: 'returnee_germany' });
    expect(report).toMatchObject({ rowCount: 3, acceptedCount: 2, committed: false, createdCount: 0 });
    expect(report.rejected).toEqual([
      {
        row: 3,
        problems: [
          `JMBG control digit should be ${JMBG_1985.at(-1)}, not ${sheet[2]![2]!.at(-1)}; check for a mistyped digit`,
        ],
      },
    ]);
    expect((await core.call('system.info', {})).clientCount).toBe(0);
  });

  it('writes nothing when any row is rejected, and says which', async () => {
    const core = newCore();
    const error = await rejection(
      importFile(core, 'a.csv', csvBytes(sheet), { defaultCategory: 'returnee_germany', dryRun: false }),
    );
    expect(error.code).toBe('IMPORT_REJECTED');
    expect(error.message).toBe(
      '1 of 3 rows were rejected, so nothing was imported. Correct them (or remove them from the file) and import again.',
    );
    expect(error.detail).toMatchObject({ rejectedCount: 1, rowCount: 3, rejected: [{ row: 3 }] });
    expect((await core.call('system.info', {})).clientCount).toBe(0);
  });

  it('keeps an invalid JMBG when the row gives a reason, and commits every row', async () => {
    const core = newCore();
    const withReason = [
      [...sheet[0]!, 'Razlog za JMBG'],
      ...sheet.slice(1).map((row, i) => [...row, i === 1 ? 'Tako piše u pasošu' : '']),
    ];
    const report = await importFile(core, 'a.csv', csvBytes(withReason), {
      defaultCategory: 'returnee_germany',
      dryRun: false,
    });
    expect(report).toMatchObject({
      rowCount: 3,
      acceptedCount: 3,
      rejected: [],
      committed: true,
      createdCount: 3,
    });
    const clients = await allClients(core);
    expect(clients.map((c) => [c.surname, c.jmbgValid, c.jmbgOverrideReason])).toEqual([
      ['Jovanović', true, null],
      ['Petrović', false, 'Tako piše u pasošu'],
      ['Stanković', null, null],
    ]);
    expect((await core.call('clients.search', { query: 'jovanovic drag' })).items).toHaveLength(1);
  });

  it('rejects a JMBG that appears twice in the file, naming the first row', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Prezime', 'Ime', 'JMBG'],
      ['Osmani', 'Elvis', JMBG_1990],
      ['Osmani', 'Elvis', JMBG_1990],
    ]);
    const report = await importFile(core, 'a.csv', file, { defaultCategory: 'returnee_germany' });
    expect(report.rejected).toEqual([{ row: 3, problems: [`JMBG ${JMBG_1990} is also on row 2`] }]);
  });

  it('rejects a JMBG the office already has, naming that client', async () => {
    const core = newCore();
    await core.call('clients.create', {
      client: { surname: 'Ahmetović', givenName: 'Sabina', jmbg: JMBG_1985, category: 'returnee_germany' },
    });
    const file = csvBytes([
      ['Prezime', 'Ime', 'JMBG'],
      ['Ahmetovic', 'Sabina', JMBG_1985],
    ]);
    const report = await importFile(core, 'a.csv', file, { defaultCategory: 'returnee_germany' });
    expect(report.rejected).toEqual([
      { row: 2, problems: [`Ahmetović Sabina already has JMBG ${JMBG_1985}; open that record instead.`] },
    ]);
  });
});

describe('clients.import: mapping columns by hand', () => {
  it('fills fields from columns mapped by hand, skips ignored ones and lets a mapping override recognition', async () => {
    const core = newCore();
    const file = csvBytes([
      ['Familija', 'Ime osobe', 'Mesto', 'Broj predmeta', 'Boja očiju'],
      ['Salihović', 'Nermina', 'Sjenica', 'P-42', 'smeđe'],
    ]);
    const report = await importFile(core, 'a.csv', file, {
      mapping: {
        Familija: 'surname',
        'ime osobe': 'givenName',
        Mesto: 'birthPlace',
        'Broj predmeta': 'ignore',
      },
      defaultCategory: 'returnee_germany',
      dryRun: false,
    });
    expect(report.columns.map((c) => [c.header, c.field, c.how])).toEqual([
      ['Familija', 'surname', 'mapped'],
      ['Ime osobe', 'givenName', 'mapped'],
      ['Mesto', 'birthPlace', 'mapped'],
      ['Broj predmeta', null, 'ignored'],
      ['Boja očiju', null, 'unknown'],
    ]);
    expect(await allClients(core)).toMatchObject([
      {
        surname: 'Salihović',
        givenName: 'Nermina',
        birthPlace: 'Sjenica',
        address: { place: null },
        notes: null,
      },
    ]);
  });

  it('refuses a mapping for a column the file does not have', async () => {
    const core = newCore();
    const error = await rejection(
      importFile(
        core,
        'a.csv',
        csvBytes([
          ['Prezime', 'Ime'],
          ['A', 'B'],
        ]),
        { mapping: { Telefon2: 'phone' }, defaultCategory: 'returnee_germany' },
      ),
    );
    expect(error.message).toBe(
      'The mapping names a column "Telefon2" that is not in the file. Columns found: "Prezime", "Ime".',
    );
  });
});
