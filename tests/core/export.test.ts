import { describe, expect, it } from 'vitest';
import type { ClientInput } from '../../src/shared/client';
import { allClients, importFile, validJmbg } from '../fixtures/spreadsheets';
import { useTempCore } from './helpers';

const newCore = useTempCore();

/** Clients that exercise every exported column and the values Excel or CSV quoting would break. */
const clients: ClientInput[] = [
  {
    surname: 'Đorđević',
    givenName: 'Ljubica',
    parentName: 'Dragan',
    jmbg: validJmbg(3, 4, 1978, 512, 73), // starts with 0: Excel would drop it
    birthPlace: 'Niš',
    birthCountry: 'Srbija',
    citizenship: 'srpsko',
    phone: '+381 64 123 4567',
    address: {
      place: 'Niš',
      municipality: 'Palilula',
      street: 'Cara Dušana',
      number: '12/3',
      entrance: '2',
      floor: '01',
      flat: '7a',
    },
    residenceStatus: 'registered_csr',
    category: 'returnee_germany',
    returnDate: '2023-03-14',
    returnCountry: 'Nemačka',
    readmission: true,
    notes: 'Dolazi sa "Praxis"-om; čeka izvod\nDruga linija',
    preferredScript: 'cyrl',
    documents: [{ kind: 'id_card', number: '0012345', expiresOn: '2031-05-01' }, { kind: 'passport' }],
  },
  {
    surname: 'Шаћири',
    givenName: 'Селвије',
    sex: 'F',
    birthDate: '1999-12-31',
    jmbg: '3112999715001', // invalid control digit, kept with a reason
    jmbgOverrideReason: 'Tako piše u rešenju',
    phone: '0641234567',
    residenceStatus: 'not_registered',
    category: 'local_vulnerable',
    readmission: false,
    notes: '=HYPERLINK("http://example.com")',
    preferredScript: 'latn',
  },
  {
    surname: 'Bajramović',
    givenName: 'Elvis',
    sex: 'M',
    phone: '011/222-333',
    address: { street: 'Romska', number: 'bb' },
    residenceStatus: 'registered',
    category: 'regular_migration',
    notes: '-5 bodova; ' + 'dugačka napomena '.repeat(20),
  },
  { surname: 'Osmani', givenName: 'Fatima', category: 'returnee_other' },
];

async function officeWithClients() {
  const core = newCore();
  for (const client of clients) await core.call('clients.create', { client });
  return core;
}

/** A record without what a move to another database must change (ids, times) or cannot carry (documents). */
function portable(client: Awaited<ReturnType<typeof allClients>>[number]) {
  const { id, createdAt, updatedAt, documents, ...rest } = client;
  void [id, createdAt, updatedAt, documents];
  return rest;
}

describe('clients.exportCsv', () => {
  it('writes a CSV Serbian Excel opens: BOM, ";" columns, CRLF lines, Serbian Latin headers', async () => {
    const core = await officeWithClients();
    const { csv, count, fileName } = await core.call('clients.exportCsv', {});
    expect(count).toBe(4);
    expect(fileName).toMatch(/^klijenti-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.startsWith('\uFEFFPrezime;Ime;Ime roditelja;Pol;Datum rođenja;')).toBe(true);
    expect(csv.split('\r\n')[0]).toContain(
      ';JMBG;Razlog za JMBG;Državljanstvo;Telefon;Mesto;Opština;Ulica;Broj;',
    );
    expect(csv.split('\r\n')[0]!.endsWith(';Pismo;Dokumenti')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('keeps Excel from turning JMBGs, phones and house numbers into numbers, dates or formulas', async () => {
    const core = await officeWithClients();
    const { csv } = await core.call('clients.exportCsv', {});
    const first = csv.split('\r\n')[1]!;
    expect(first).toContain(`;"=""${clients[0]!.jmbg}""";`);
    expect(first).toContain(';"=""+381 64 123 4567""";');
    expect(first).toContain(';"=""12/3""";');
    // A note that starts like a formula is shown as text, never run.
    expect(csv).toContain(';"=""=HYPERLINK(""""http://example.com"""")""";');
    // Too long for an Excel text formula: a leading apostrophe instead (quoted for its ";").
    expect(csv).toContain(`;"'-5 bodova; dugačka`);
  });

  it('summarises documents in one column and leaves removed clients out', async () => {
    const core = await officeWithClients();
    const { items } = await core.call('clients.search', { query: 'osmani' });
    await core.call('clients.delete', { id: items[0]!.id });
    const { csv, count } = await core.call('clients.exportCsv', {});
    expect(count).toBe(3);
    expect(csv).not.toContain('Osmani');
    expect(csv.split('\r\n')[1]!.endsWith(';"Lična karta 0012345 do 2031-05-01; Pasoš"')).toBe(true);
  });

  it('imports back into an empty office without any mapping, record for record', async () => {
    const source = await officeWithClients();
    const { csv } = await source.call('clients.exportCsv', {});

    const target = newCore();
    const report = await importFile(target, 'klijenti.csv', Buffer.from(csv, 'utf8'), { dryRun: false });
    expect(report.columns.filter((c) => c.how !== 'recognised').map((c) => [c.header, c.how])).toEqual([
      ['Dokumenti', 'ignored'],
    ]);
    expect(report).toMatchObject({ rowCount: 4, rejected: [], createdCount: 4 });

    const before = (await allClients(source)).map(portable);
    const after = (await allClients(target)).map(portable);
    expect(after).toEqual(before);
    expect(after[0]).toMatchObject({ surname: 'Bajramović' }); // the comparison is not of two empty lists
  });
});
