import { describe, expect, it } from 'vitest';
import { ClientInput } from '../../src/shared/client';
import { dateTextToIso, formatDate, isExpired } from '../../src/renderer/src/ui/dates';
import {
  draftFromClient,
  draftToInput,
  emptyDraft,
  otherScriptNames,
  validateDraft,
  type ClientDraft,
} from '../../src/renderer/src/clients/form-state';
import { assessJmbg, jmbgNeedsReason } from '../../src/renderer/src/clients/jmbg-assist';
import { fieldProblemsFromError, problemFromMessage } from '../../src/renderer/src/ui/problems';
import { AppError } from '../../src/shared/errors';

const draft = (patch: Partial<ClientDraft> = {}): ClientDraft => ({
  ...emptyDraft(),
  surname: 'Đorđević',
  givenName: 'Ljubica',
  category: 'returnee_germany',
  ...patch,
});

describe('dates as desk staff type them', () => {
  it('reads 1.2.1990, 01.02.1990. and 1990-02-01 as the same day', () => {
    expect(['1.2.1990', '01.02.1990.', '01/02/1990', '1990-2-1'].map(dateTextToIso)).toEqual([
      '1990-02-01',
      '1990-02-01',
      '1990-02-01',
      '1990-02-01',
    ]);
    expect(formatDate('1990-02-01')).toBe('01.02.1990');
  });

  it('passes text that is no date through, for the schema to name', () => {
    expect(dateTextToIso('next week')).toBe('next week');
  });

  it('counts a document as expired from the day after its expiry date', () => {
    const today = new Date(2025, 5, 15);
    expect(isExpired('2025-06-15', today)).toBe(false);
    expect(isExpired('2025-06-14', today)).toBe(true);
    expect(isExpired(null, today)).toBe(false);
  });
});

describe('the client form state', () => {
  it('turns typed dates and choices into what the schema takes', () => {
    const result = validateDraft(
      draft({
        birthDate: '1.1.1990',
        sex: 'F',
        readmission: 'yes',
        documents: [{ kind: 'passport', number: ' P123 ', issuedOn: '', expiresOn: '31.12.2030' }],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fields.birthDate).toBe('1990-01-01');
    expect(result.fields.sex).toBe('F');
    expect(result.fields.readmission).toBe(true);
    expect(result.fields.documents).toEqual([
      { kind: 'passport', number: 'P123', issuedOn: null, expiresOn: '2030-12-31' },
    ]);
    expect(result.fields.nameOverrides).toBeNull();
  });

  it('names each field that needs attention, by its path', () => {
    const result = validateDraft(
      draft({
        surname: '  ',
        category: '',
        birthDate: '31.02.1990',
        returnDate: 'soon',
        documents: [{ kind: 'id_card', number: '', issuedOn: '', expiresOn: '32.1.2030' }],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual({
      surname: { key: 'errors:field.required' },
      category: { key: 'errors:field.choose' },
      birthDate: { key: 'errors:field.notARealDate' },
      returnDate: { key: 'errors:field.dateFormat' },
      'documents.0.expiresOn': { key: 'errors:field.notARealDate' },
    });
  });

  it('derives the other-script spelling and keeps only real corrections', () => {
    const typed = draft({ surname: 'Injac', givenName: 'Nadja' });
    expect(otherScriptNames(typed)).toEqual({ surname: 'Ињац', givenName: 'Нађа', parentName: '' });
    const corrected = draft({
      surname: 'Injac',
      givenName: 'Nadja',
      nameOverrides: { surname: 'Инјац', givenName: null, parentName: null },
    });
    expect(otherScriptNames(corrected)?.surname).toBe('Инјац');
    expect(draftToInput(corrected).nameOverrides).toEqual({
      surname: 'Инјац',
      givenName: null,
      parentName: null,
    });
  });

  it('shows Cyrillic typed names in Latin beside them', () => {
    expect(otherScriptNames(draft({ surname: 'Љубић', givenName: 'Ђорђе' }))).toEqual({
      surname: 'Ljubić',
      givenName: 'Đorđe',
      parentName: '',
    });
  });

  it('loads a stored record back into the same form it was saved from', () => {
    const input = draft({
      parentName: 'Miodrag',
      birthDate: '01.01.1990',
      jmbg: '0101990715006',
      address: { ...emptyDraft().address, street: 'Bulevar', number: '12a' },
      documents: [{ kind: 'id_card', number: '0012345', issuedOn: '01.02.2020', expiresOn: '01.02.2030' }],
      notes: 'Treba prevodilac',
    });
    const fields = ClientInput.parse(draftToInput(input));
    const stored = {
      ...fields,
      id: '0190f1a2-0000-7000-8000-000000000000',
      nameScript: 'latn' as const,
      names: {
        latn: { surname: 'Đorđević', givenName: 'Ljubica', parentName: 'Miodrag' },
        cyrl: { surname: 'Ђорђевић', givenName: 'Љубица', parentName: 'Миодраг' },
      },
      jmbgValid: true,
      createdAt: '2025-01-01T10:00:00.000Z',
      updatedAt: '2025-01-01T10:00:00.000Z',
    };
    expect(draftFromClient(stored)).toEqual(input);
  });
});

describe('what the JMBG field says while typing', () => {
  const today = new Date(2025, 0, 1);
  const form = { birthDate: null, sex: null };

  it('waits quietly until the 13th digit', () => {
    expect(assessJmbg('', form, today)).toEqual({ kind: 'empty' });
    expect(assessJmbg('0101 900', form, today)).toEqual({ kind: 'typing', digits: 7 });
  });

  it('reads the birth date and sex from a valid JMBG', () => {
    const notice = assessJmbg('0101900350008', form, today);
    expect(notice).toMatchObject({ kind: 'valid', birthDate: '1900-01-01', sex: 'M', mismatches: [] });
    expect(jmbgNeedsReason(notice)).toBe(false);
  });

  it('names the right control digit when the last one is wrong', () => {
    const notice = assessJmbg('0101900350009', form, today);
    expect(notice).toEqual({
      kind: 'invalid',
      key: 'jmbg.problem.checksum',
      values: { expected: 8, actual: '9' },
    });
    expect(jmbgNeedsReason(notice)).toBe(true);
  });

  it('points at the first seven digits when they are not a date', () => {
    expect(assessJmbg('3102990710001', form, today)).toEqual({
      kind: 'invalid',
      key: 'jmbg.problem.date',
      values: { date: '31.02.1990' },
    });
  });

  it('asks for a reason when a valid JMBG disagrees with the form', () => {
    const notice = assessJmbg('0101900350008', { birthDate: '1900-01-02', sex: 'F' }, today);
    expect(notice).toMatchObject({
      kind: 'valid',
      mismatches: [
        { field: 'birthDate', fromJmbg: '1900-01-01', inForm: '1900-01-02' },
        { field: 'sex', fromJmbg: 'M', inForm: 'F' },
      ],
    });
    expect(jmbgNeedsReason(notice)).toBe(true);
  });
});

describe('problems from the core', () => {
  it('puts the core field messages where the form keys its fields', () => {
    const error = new AppError('VALIDATION', 'Invalid input', {
      fields: { 'client.address.street': 'At most 150 characters', 'client.surname': 'Required' },
    });
    expect(fieldProblemsFromError(error)).toEqual({
      'address.street': { key: 'errors:field.tooLong', values: { count: 150 } },
      surname: { key: 'errors:field.required' },
    });
  });

  it('keeps the original words of a message it does not know', () => {
    expect(problemFromMessage('Something new')).toEqual({
      key: 'errors:field.invalid',
      raw: 'Something new',
    });
  });
});
