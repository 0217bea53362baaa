import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClientService } from '../../src/core/clients/service';
import { openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import {
  cellText,
  readDate,
  readJmbg,
  readPhone,
  splitFullName,
  splitStreetNumber,
} from '../../src/core/import/cells';
import { recogniseHeader } from '../../src/core/import/headers';
import { decodeText, detectDelimiter } from '../../src/core/import/read-csv';
import { ClientInput } from '../../src/shared/client';
import { AppError } from '../../src/shared/errors';

describe('reading one cell', () => {
  it.each([
    ['01.05.1990.', '1990-05-01'],
    ['1.5.1990', '1990-05-01'],
    ['01. 05. 1990.', '1990-05-01'],
    ['1990-05-01', '1990-05-01'],
    ['1990-05-01T00:00:00.000Z', '1990-05-01'],
    ['25/12/1990', '1990-12-25'],
    ['7/7/1990', '1990-07-07'],
  ])('reads the date %s', (text, iso) => {
    expect(readDate(text)).toEqual({ value: iso });
  });

  it('reads Excel date cells and day numbers, and refuses a bare year', () => {
    expect(readDate(new Date(Date.UTC(1990, 4, 1, 23, 59, 59, 999)))).toEqual({ value: '1990-05-02' });
    expect(readDate(32994)).toEqual({ value: '1990-05-01' });
    expect(readDate(1990)).toEqual({ problem: '1990 is not a date; write it as DD.MM.YYYY' });
    expect(readDate('1990')).toEqual({ problem: '"1990" is not a date; write it as DD.MM.YYYY' });
  });

  it('restores the leading zero of a JMBG only when that makes it valid', () => {
    expect(readJmbg(101900350008)).toEqual({ value: '0101900350008' });
    expect(readJmbg('101900350008')).toEqual({ value: '0101900350008' });
    expect(readJmbg('101900350009')).toEqual({ value: '101900350009' });
    expect(readJmbg('0101 900 350 008')).toEqual({ value: '0101900350008' });
    expect(readJmbg('="0101900350008"')).toEqual({ value: '0101900350008' });
  });

  it('refuses a JMBG Excel already shortened to scientific notation', () => {
    expect(readJmbg('1,0119E+12')).toEqual({
      problem: 'JMBG "1,0119E+12" was shortened by Excel; format the column as text and type the JMBG again',
    });
  });

  it('puts back the 0 or + a phone number lost in a number cell', () => {
    expect(readPhone(641234567)).toEqual({ value: '0641234567' });
    expect(readPhone(11222333)).toEqual({ value: '011222333' });
    expect(readPhone(381641234567)).toEqual({ value: '+381641234567' });
    expect(readPhone('064/123-456')).toEqual({ value: '064/123-456' });
  });

  it('treats dashes and slashes alone as an empty cell and undoes CSV protections', () => {
    expect(cellText(' - ')).toBe('');
    expect(cellText('/')).toBe('');
    expect(cellText("'=1+1")).toBe('=1+1');
    expect(cellText('="a ""b"""')).toBe('a "b"');
    expect(cellText(12.5)).toBe('12.5');
  });

  it.each([
    ['Cara Dušana 12', 'Cara Dušana', '12'],
    ['Cara Dušana br. 12', 'Cara Dušana', '12'],
    ['Kralja Petra I 12a', 'Kralja Petra I', '12a'],
    ['Bulevar oslobođenja 7/3', 'Bulevar oslobođenja', '7/3'],
    ['Romska bb', 'Romska', 'bb'],
    ['Цара Душана 5', 'Цара Душана', '5'],
    ['Ulica 7. jula', 'Ulica 7. jula', null],
    ['27', '27', null],
  ])('splits the address %s into street and number', (address, street, number) => {
    expect(splitStreetNumber(address)).toEqual({ street, number });
  });

  it('splits full names in the order the column says', () => {
    expect(splitFullName('Petrović  Ana Marija', 'surnameFirst')).toEqual({
      surname: 'Petrović',
      givenName: 'Ana Marija',
    });
    expect(splitFullName('Ana Marija Petrović', 'givenFirst')).toEqual({
      surname: 'Petrović',
      givenName: 'Ana Marija',
    });
    expect(splitFullName('Petrović', 'givenFirst')).toBeNull();
  });
});

describe('headers and files', () => {
  it.each([
    ['DATUM RODJENJA', 'birthDate'],
    ['Datum rodenja', 'birthDate'],
    ['Датум рођења', 'birthDate'],
    ['datum_rodjenja', 'birthDate'],
    ['Pol (M/Ž)', 'sex'],
    ['Матични број', 'jmbg'],
    ['Br. telefona', 'phone'],
    ['Mjesto', 'address.place'],
    ['Ime i prezime', 'fullName'],
    ['Dokumenti', 'ignore'],
  ])('recognises the header %s', (header, field) => {
    expect(recogniseHeader(header)?.field).toBe(field);
  });

  it('does not take "Nacionalnost" (ethnicity) or an unknown header for a field', () => {
    expect(recogniseHeader('Nacionalnost')).toBeNull();
    expect(recogniseHeader('Boja očiju')).toBeNull();
  });

  it('picks the separator outside quotes, preferring ";" on a tie', () => {
    expect(detectDelimiter('"Prezime, ime";JMBG;Mesto\r\n')).toBe(';');
    expect(detectDelimiter('Prezime,Ime,JMBG\n')).toBe(',');
    expect(detectDelimiter('\n\nPrezime\tIme\n')).toBe('\t');
    expect(detectDelimiter('Prezime\n')).toBe(',');
  });

  it('reads UTF-16 text that Excel saves as "Unicode text"', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Prezime\tIme\r\nĐorđević\tЉубица', 'utf16le'),
    ]);
    expect(decodeText(bytes)).toEqual({ text: 'Prezime\tIme\r\nĐorđević\tЉубица', encoding: 'utf-16le' });
  });
});

describe('createMany, the commit behind an import', () => {
  it('refuses two new clients with one JMBG and writes neither', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-'));
    const db = openDatabase(path.join(dir, 'clients.sqlite'), syncOnOpen);
    try {
      const service = createClientService(db);
      const twin = ClientInput.parse({
        surname: 'Osmani',
        givenName: 'Elvis',
        jmbg: '0101900350008',
        category: 'returnee_germany',
      });
      expect(() => service.createMany([twin, { ...twin }])).toThrow(AppError);
      expect(() => service.createMany([twin, { ...twin }])).toThrow(
        'Two of the new clients have JMBG 0101900350008',
      );
      expect(service.countLive()).toBe(0);
      expect(service.createMany([twin])).toHaveLength(1);
      expect(service.search('osmani', 10, 0).items.map((c) => c.jmbg)).toEqual(['0101900350008']);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
