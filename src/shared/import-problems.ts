import { z } from 'zod';

/**
 * What is wrong with an imported row, as a code and its values: the renderer puts it into words
 * in the UI's language (locales/…/import.json, `issue.*`), the CLI in English with `issueText`.
 * The core never writes the sentence itself, so no English reaches the Serbian screen.
 */
export const ImportIssueCode = z.enum([
  'notADate', // values: shown
  'dateTwoWays', // shown, example
  'notARealDate', // shown
  'jmbgNotWhole', // shown
  'jmbgShortened', // shown
  'notUnderstood', // shown, words ("M|Ž"), style ("or": M or Ž; "list": "…", "…")
  'unsafeCharacter', // codePoint, position
  'unreadableCharacter',
  'needsBothNames', // shown
  'categoryEmpty',
  'empty',
  'tooLong', // max
  'jmbgAlsoOnRow', // jmbg, row
  'jmbgDigits', // count
  'jmbgNotDigits',
  'jmbgDateMissing', // date
  'jmbgDateFuture', // date
  'jmbgControlDigit', // expected, actual
  'jmbgGivesBirthDate', // jmbg, record
  'jmbgGivesSex', // jmbg, record
  'jmbgTaken', // jmbg, name
  'other', // text: a message no code covers yet (shown as it came)
]);
export type ImportIssueCode = z.infer<typeof ImportIssueCode>;

export const ImportIssue = z.object({
  code: ImportIssueCode,
  /** The column it is about: its header, or its letter when the header is empty; null for the row. */
  column: z.object({ header: z.string().nullable(), letter: z.string() }).nullable(),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

type Values = ImportIssue['values'];
const v = (values: Values, key: string): string => String(values[key] ?? '');

/** English, as the CLI prints it (and the only text the core's `problems` list carries). */
const ENGLISH: Record<ImportIssueCode, (values: Values) => string> = {
  notADate: (x) => `${v(x, 'shown')} is not a date; write it as DD.MM.YYYY`,
  dateTwoWays: (x) =>
    `${v(x, 'shown')} could be read two ways; write it as DD.MM.YYYY (e.g. ${v(x, 'example')})`,
  notARealDate: (x) => `${v(x, 'shown')} is not a real date`,
  jmbgNotWhole: (x) =>
    `JMBG ${v(x, 'shown')} is not a whole number; format the column as text and type it again`,
  jmbgShortened: (x) =>
    `JMBG "${v(x, 'shown')}" was shortened by Excel; format the column as text and type the JMBG again`,
  notUnderstood: (x) => `"${v(x, 'shown')}" is not understood; use ${wordsText(x, ' or ')}`,
  unsafeCharacter: (x) =>
    `Contains a character that cannot be stored (${v(x, 'codePoint')} at position ${v(x, 'position')})`,
  unreadableCharacter: () =>
    'has a character the file could not carry (�); save the file again as UTF-8 and import it again',
  needsBothNames: (x) => `"${v(x, 'shown')}" needs both a surname and a given name`,
  categoryEmpty: () => 'empty; fill it in or choose a default category',
  empty: () => 'is empty',
  tooLong: (x) => `At most ${v(x, 'max')} characters`,
  jmbgAlsoOnRow: (x) => `JMBG ${v(x, 'jmbg')} is also on row ${v(x, 'row')}`,
  jmbgDigits: (x) => `JMBG must have 13 digits, not ${v(x, 'count')}`,
  jmbgNotDigits: () => 'JMBG must have 13 digits and nothing else (no letters or punctuation)',
  jmbgDateMissing: (x) => `JMBG birth date ${v(x, 'date')} does not exist; check the first 7 digits`,
  jmbgDateFuture: (x) => `JMBG birth date ${v(x, 'date')} is in the future; check the first 7 digits`,
  jmbgControlDigit: (x) =>
    `JMBG control digit should be ${v(x, 'expected')}, not ${v(x, 'actual')}; check for a mistyped digit`,
  jmbgGivesBirthDate: (x) => `The JMBG gives birth date ${v(x, 'jmbg')}, the record says ${v(x, 'record')}`,
  jmbgGivesSex: (x) => `The JMBG gives sex ${v(x, 'jmbg')}, the record says ${v(x, 'record')}`,
  jmbgTaken: (x) => `${v(x, 'name')} already has JMBG ${v(x, 'jmbg')}; open that record instead.`,
  other: (x) => v(x, 'text'),
};

/** The words a coded column takes, as "M or Ž" or as a quoted list; `or` is the language's word. */
export function wordsText(values: Values, or: string): string {
  const words = v(values, 'words').split('|');
  return v(values, 'style') === 'or' ? words.join(or) : words.map((w) => `"${w}"`).join(', ');
}

/** The column as a person reads it in English: its header, else "column C". */
export function columnLabel(column: NonNullable<ImportIssue['column']>): string {
  return column.header ?? `column ${column.letter}`;
}

/** One issue in English: "Prezime is empty", "Datum rođenja: "31.02.1990" is not a real date". */
export function issueText(issue: ImportIssue): string {
  const text = ENGLISH[issue.code](issue.values);
  if (!issue.column) return text;
  const label = columnLabel(issue.column);
  return issue.code === 'empty' ? `${label} ${text}` : `${label}: ${text}`;
}
