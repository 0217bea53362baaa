import type { z } from 'zod';
import type { ImportColumn, ImportField, ImportInput } from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import { cellText, type Cell } from './cells';
import { nameOrderOf, recogniseHeader, vocabularyKey, type NameOrder } from './headers';

/** What each column of the sheet fills: recognised from its header, or mapped by the person. */
export interface ColumnPlan extends z.infer<typeof ImportColumn> {
  /** How the header reads in messages: its text, or "column C" when it has none. */
  label: string;
  nameOrder: NameOrder;
}

/** A, B, … Z, AA, AB: how Excel names a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Recognised headers in a row, to tell the header row from a title above it. */
export function recognisedCount(cells: Cell[]): number {
  return cells.filter((cell) => {
    const meaning = recogniseHeader(cellText(cell));
    return meaning !== null && meaning.field !== 'ignore';
  }).length;
}

export function planColumns(
  headerCells: Cell[],
  mapping: z.output<typeof ImportInput>['mapping'],
): ColumnPlan[] {
  const headers = headerCells.map((cell) => cellText(cell));
  const mapped = new Map<number, ImportField | 'ignore'>();
  for (const [header, target] of Object.entries(mapping)) {
    // The exact header first; then the same header typed another way ("datum rodjenja").
    let indexes = headers.flatMap((h, i) => (h === header.trim() ? [i] : []));
    if (indexes.length === 0)
      indexes = headers.flatMap((h, i) =>
        h !== '' && vocabularyKey(h) === vocabularyKey(header) ? [i] : [],
      );
    if (indexes.length === 0) {
      throw new AppError(
        'VALIDATION',
        `The mapping names a column "${header}" that is not in the file. Columns found: ${listed(headers)}.`,
        {
          detail: { columns: headers },
        },
      );
    }
    for (const i of indexes) mapped.set(i, target);
  }

  const plan = headers.map((header, index): ColumnPlan => {
    const label = header === '' ? `column ${columnLetter(index)}` : header;
    const byHand = mapped.get(index);
    if (byHand === 'ignore')
      return { index, header, label, field: null, how: 'ignored', nameOrder: 'surnameFirst' };
    if (byHand) return { index, header, label, field: byHand, how: 'mapped', nameOrder: nameOrderOf(header) };
    const meaning = header === '' ? null : recogniseHeader(header);
    if (!meaning) return { index, header, label, field: null, how: 'unknown', nameOrder: 'surnameFirst' };
    if (meaning.field === 'ignore')
      return { index, header, label, field: null, how: 'ignored', nameOrder: 'surnameFirst' };
    return {
      index,
      header,
      label,
      field: meaning.field,
      how: 'recognised',
      nameOrder: meaning.nameOrder ?? 'surnameFirst',
    };
  });

  const has = (field: ImportField) => plan.some((column) => column.field === field);
  if (!has('fullName') && !(has('surname') && has('givenName'))) {
    const missing =
      !has('surname') && !has('givenName')
        ? 'a surname and a given name column'
        : has('surname')
          ? 'a given name column'
          : 'a surname column';
    throw new AppError(
      'VALIDATION',
      `The sheet needs ${missing} (Prezime and Ime, or one "Ime i prezime" column). Columns found: ${listed(headers)}. ` +
        'Map the right columns by hand.',
      { detail: { columns: headers } },
    );
  }
  return plan;
}

function listed(headers: string[]): string {
  const named = headers.map((h, i) => (h === '' ? `(column ${columnLetter(i)})` : `"${h}"`));
  return named.length === 0 ? 'none' : named.join(', ');
}
