import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import type { Municipality } from '../../src/shared/packets';
import { automaticBackupFolder } from '../../src/renderer/src/setup/backup-folder';
import {
  checkOfficeDraft,
  citiesOf,
  emptyOfficeDraft,
  municipalitiesFor,
  officeProblemsOf,
  placeName,
  withCity,
} from '../../src/renderer/src/setup/office-form';

function municipality(
  name: string,
  nameCyrl: string,
  city: string | null,
  code: string | null,
): Municipality {
  return {
    id: name,
    name,
    nameCyrl,
    city,
    code,
    effectiveFrom: '2000-01-01',
    source: 'test',
    verify: true,
    seeded: true,
    current: true,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

const CODES = [
  municipality('Voždovac', 'Вождовац', 'Beograd', '019'),
  municipality('Zemun', 'Земун', 'Beograd', null),
  municipality('Bor', 'Бор', null, null),
  municipality('Niš', 'Ниш', null, null),
  municipality('Medijana', 'Медијана', 'Niš', null),
];

describe('the office form of the first-run wizard and Settings', () => {
  it('offers each city once: a city municipality under its city, a town as itself', () => {
    expect(citiesOf(CODES)).toEqual(['Beograd', 'Bor', 'Niš']);
  });

  it("offers a city's municipalities whichever script the city is typed in, and all for another town", () => {
    expect(municipalitiesFor(CODES, 'Ниш').map((m) => m.name)).toEqual(['Niš', 'Medijana']);
    expect(municipalitiesFor(CODES, 'beograd').map((m) => m.name)).toEqual(['Voždovac', 'Zemun']);
    expect(municipalitiesFor(CODES, 'Kikinda')).toHaveLength(CODES.length);
  });

  it('chooses the only municipality of a town and drops one of another city', () => {
    const inBeograd = {
      ...emptyOfficeDraft(),
      city: 'Beograd',
      municipality: 'Zemun',
      municipalityCode: '123',
    };
    expect(withCity(inBeograd, 'Bor', CODES)).toMatchObject({ municipality: 'Bor', municipalityCode: '' });
    expect(withCity(inBeograd, 'Beograd ', CODES)).toMatchObject({
      municipality: 'Zemun',
      municipalityCode: '123',
    });
    expect(withCity(inBeograd, 'Niš', CODES)).toMatchObject({ municipality: '' });
  });

  it('names places in the UI script', () => {
    expect(placeName('Medijana', 'cyrl', CODES[4])).toBe('Медијана');
    expect(placeName('Beograd', 'cyrl')).toBe('Београд');
    expect(placeName('Beograd', 'latn')).toBe('Beograd');
  });

  it('checks the draft with the core schema and says what to fix, field by field', () => {
    const checked = checkOfficeDraft({ ...emptyOfficeDraft(), city: 'Bor', municipalityCode: '12' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.name?.key).toBe('errors:field.required');
    expect(checked.problems.municipality?.key).toBe('errors:field.choose');
    expect(checked.problems.municipalityCode?.key).toBe('setup:office.codeFormat');

    const good = checkOfficeDraft({
      ...emptyOfficeDraft(),
      name: 'MSC Bor',
      city: 'Bor',
      municipality: 'Bor',
    });
    expect(good).toEqual({
      ok: true,
      input: {
        name: 'MSC Bor',
        city: 'Bor',
        municipality: 'Bor',
        municipalityCode: '',
        packetScript: 'cyrl',
      },
    });
  });

  it("puts the core's refusal of an office next to its field", () => {
    const error = new AppError('VALIDATION', 'refused', {
      fields: { 'office.municipality': 'Not in the municipality list', username: 'Taken' },
    });
    expect(officeProblemsOf(error)).toEqual({
      municipality: { key: 'setup:office.notInList', raw: 'Not in the municipality list' },
    });
  });

  it('suggests the automatic backups folder with the data folder separator', () => {
    expect(automaticBackupFolder('C:\\Users\\desk\\AppData\\Roaming\\MSC Desk')).toBe(
      'C:\\Users\\desk\\AppData\\Roaming\\MSC Desk\\backups',
    );
    expect(automaticBackupFolder('/home/desk/.config/MSC Desk/')).toBe('/home/desk/.config/MSC Desk/backups');
  });
});
