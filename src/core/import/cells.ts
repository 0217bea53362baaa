import { issueText, type ImportIssue } from '../../shared/import-problems';
import { checkJmbg } from '../../shared/jmbg';

/**
 * What one spreadsheet cell can hold once read, and how a cell becomes the value of a field:
 * text, a date, a JMBG or a phone number, undoing what Excel does to them (numbers that lost a
 * leading zero, dates stored as day counts, text wrapped as `="…"` to keep Excel's hands off).
 */

export type Cell = string | number | boolean | Date | null;

/** What is wrong with a cell, as a code and values (shared/import-problems.ts puts it into words). */
export type CellIssue = Pick<ImportIssue, 'code' | 'values'>;

/** A value read from a cell, or what is wrong with it. */
export type IssueReading<T> = { value: T | null } | { issue: CellIssue };

/** The same in English words (the CLI's and the tests' form). */
export type Reading<T> = { value: T | null } | { problem: string };

const issue = (code: CellIssue['code'], values: CellIssue['values'] = {}): { issue: CellIssue } => ({
  issue: { code, values },
});

function inWords<T>(reading: IssueReading<T>): Reading<T> {
  return 'issue' in reading ? { problem: issueText({ ...reading.issue, column: null }) } : reading;
}

/** Marks people put in a cell to say "nothing here". */
const BLANK_MARKS = new Set(['-', '/', '–', '—', '--', 'n/a', 'N/A']);

/** `="0101990…"`: how a CSV keeps Excel from turning digits into a number (our export writes it). */
const EXCEL_TEXT_FORMULA = /^="((?:[^"]|"")*)"$/;

/** Undoes the ways a CSV protects text from Excel: `="…"` and a `'` before = + - @. */
function unwrapExcelText(text: string): string {
  const formula = EXCEL_TEXT_FORMULA.exec(text);
  if (formula) return (formula[1] ?? '').replaceAll('""', '"');
  if (/^'[=+\-@]/.test(text)) return text.slice(1);
  return text;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` : null;
}

/** A date cell from exceljs is midnight UTC; rounding to the second undoes floating-point drift. */
function isoOfDateCell(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  return rounded.toISOString().slice(0, 10);
}

/** The cell as trimmed text; blank marks and empty cells are ''. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return isoOfDateCell(cell);
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  const text = unwrapExcelText(cell.trim()).trim();
  return BLANK_MARKS.has(text) ? '' : text;
}

export function isBlankCell(cell: Cell): boolean {
  return cellText(cell) === '';
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30); // day 0 of Excel's 1900 date system, leap-year bug included
const DAY_MS = 86_400_000;

/**
 * A date as YYYY-MM-DD from a date cell, an Excel day number, or text: 01.05.1990., 1.5.1990,
 * 1990-05-01 (also with a time after it), 1/5/1990 only when day and month cannot be swapped.
 */
export function readDateIssue(cell: Cell): IssueReading<string> {
  if (cell instanceof Date) return { value: isoOfDateCell(cell) };
  if (typeof cell === 'number') {
    // A plain number in a date column: an Excel day count. Small ones are years or typos.
    if (cell < 3000 || cell > 2_958_465) return issue('notADate', { shown: String(cell) });
    return { value: isoOfDateCell(new Date(EXCEL_EPOCH + Math.round(cell) * DAY_MS)) };
  }
  const text = cellText(cell);
  if (text === '') return { value: null };
  const shown = `"${text}"`;

  let parts: [number, number, number] | null = null;
  const dotted = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?$/.exec(text);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  const slashed = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(text);
  if (dotted) parts = [Number(dotted[3]), Number(dotted[2]), Number(dotted[1])];
  else if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (slashed) {
    const [first, second] = [Number(slashed[1]), Number(slashed[2])];
    // 05/06/1990 is 5 June in Serbia and 6 May in an American export: refuse to guess.
    if (first <= 12 && second <= 12 && first !== second)
      return issue('dateTwoWays', { shown, example: `${pad2(first)}.${pad2(second)}.${slashed[3]}.` });
    parts = first > 12 ? [Number(slashed[3]), second, first] : [Number(slashed[3]), first, second];
  }
  if (!parts) return issue('notADate', { shown });
  const value = isoOf(...parts);
  return value ? { value } : issue('notARealDate', { shown });
}

export const readDate = (cell: Cell): Reading<string> => inWords(readDateIssue(cell));

/**
 * A JMBG from text or a number cell. Excel stores a JMBG typed into a number cell as a number,
 * dropping a leading zero (born on the 1st–9th of a month); the zero is put back only when that
 * makes a valid JMBG, so a truly short number is still reported as short.
 */
export function readJmbgIssue(cell: Cell): IssueReading<string> {
  if (typeof cell === 'number' && !Number.isSafeInteger(cell))
    return issue('jmbgNotWhole', { shown: String(cell) });
  const text = cellText(cell).replace(/\s+/g, '');
  if (text === '') return { value: null };
  // "1,01019E+12": Excel showed a long number in short form and that text was saved.
  if (/^\d+([.,]\d+)?e\+?\d+$/i.test(text)) return issue('jmbgShortened', { shown: text });
  if (/^\d{12}$/.test(text) && checkJmbg(`0${text}`).valid) return { value: `0${text}` };
  return { value: text };
}

export const readJmbg = (cell: Cell): Reading<string> => inWords(readJmbgIssue(cell));

/**
 * A phone number as written. Serbian numbers start with 0 (or +381); 8–9 digits without it are
 * a number cell that lost the 0, and 381… without the + came the same way.
 */
export function readPhone(cell: Cell): { value: string | null } {
  const text = cellText(cell);
  if (text === '') return { value: null };
  if (/^[1-9]\d{7,8}$/.test(text)) return { value: `0${text}` };
  if (/^381\d{8,9}$/.test(text)) return { value: `+${text}` };
  return { value: text };
}

/** Text, with a number cell written out in full. */
export function readText(cell: Cell): { value: string | null } {
  const text = cellText(cell);
  return { value: text === '' ? null : text };
}

/** The words a coded column takes: two read "M or Ž", more are listed in quotes. */
export interface Expected {
  words: readonly string[];
  style: 'or' | 'list';
}

/** A word from a small vocabulary (sex, yes/no, category, …); `expected` says what would do. */
export function readWordIssue<T>(
  cell: Cell,
  fromWord: (text: string) => T | null,
  expected: Expected,
): IssueReading<T> {
  const text = cellText(cell);
  if (text === '') return { value: null };
  const value = fromWord(text);
  return value === null
    ? issue('notUnderstood', { shown: text, words: expected.words.join('|'), style: expected.style })
    : { value };
}

export function readWord<T>(
  cell: Cell,
  fromWord: (text: string) => T | null,
  expected: Expected,
): Reading<T> {
  return inWords(readWordIssue(cell, fromWord, expected));
}

/**
 * "Cara Dušana 12" → street "Cara Dušana", number "12"; also "… br. 12", "… 12a", "… 12/3"
 * and "… bb" (bez broja, no number). A value that is only a number stays the street.
 */
export function splitStreetNumber(street: string): { street: string; number: string | null } {
  const match = /^(.*?\S)[\s,]+(?:br\.?\s*)?(\d+\s?\p{L}?(?:\/\d+\p{L}?)?|bb|b\.b\.)$/iu.exec(street);
  if (!match?.[1] || !match[2] || /^\d+$/.test(match[1])) return { street, number: null };
  return { street: match[1].replace(/[\s,]+(?:br\.?)?$/i, ''), number: match[2] };
}

/** "Petrović Ana Marija" (surname first) or "Ana Marija Petrović" (given names first). */
export function splitFullName(
  text: string,
  order: 'surnameFirst' | 'givenFirst',
): { surname: string; givenName: string } | null {
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (words.length < 2) return null;
  return order === 'surnameFirst'
    ? { surname: words[0] ?? '', givenName: words.slice(1).join(' ') }
    : { surname: words.at(-1) ?? '', givenName: words.slice(0, -1).join(' ') };
}
