import { describe, expect, it } from 'vitest';
import { importBlockOf } from '../../src/renderer/src/import/import-problem';
import { AppError } from '../../src/shared/errors';

describe('why a spreadsheet could not be checked', () => {
  it('asks for a category when the sheet has no category column', () => {
    const error = new AppError('VALIDATION', 'The sheet has no category column', {
      fields: { defaultCategory: 'Choose a category' },
    });
    expect(importBlockOf(error, {})).toEqual({ kind: 'needsCategory' });
  });

  it('offers the columns the core found when no name column was recognised, with the hand mapping so far', () => {
    const error = new AppError('VALIDATION', 'The sheet needs a surname and a given name column', {
      detail: { columns: ['Familija', 'Ime osobe', 'Napomena'] },
    });
    expect(importBlockOf(error, { Familija: 'surname', Napomena: 'ignore' })).toEqual({
      kind: 'needsNames',
      columns: [
        { index: 0, header: 'Familija', field: 'surname', how: 'mapped' },
        { index: 1, header: 'Ime osobe', field: null, how: 'unknown' },
        { index: 2, header: 'Napomena', field: null, how: 'ignored' },
      ],
    });
  });

  it('keeps any other failure as it came', () => {
    const error = new AppError('VALIDATION', 'This .xlsx file could not be read.');
    expect(importBlockOf(error, {})).toEqual({ kind: 'other', error });
  });
});
