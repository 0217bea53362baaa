import { IMPORT_LIMITS } from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import { isBlankCell, type Cell } from './cells';
import { columnLetter } from './columns';
import type { Sheet, SheetRow } from './sheet';
import {
  attributesOf,
  CELL,
  cellAttributesOf,
  decodeText,
  elementsOf,
  ElementTooLarge,
  innerOf,
  openingTags,
  rowTagOf,
  textOf,
} from './xlsx-xml';
import { entryBuffer, entryChunks, InflateBudget, zipEntries, ZipTooLarge, type ZipEntry } from './zip';

/**
 * XLSX read as a stream: the zip's parts are inflated as they are read (zip.ts) and the sheet's
 * rows handed on one at a time, each cut from the bytes on its own (xlsx-xml.ts). The file is
 * refused, with a message, past IMPORT_LIMITS — the unpacked size (declared by the zip's
 * directory, checked before anything is inflated, and counted again while inflating), the rows,
 * the columns and the characters in a cell. Loading the whole workbook kept every cell's object
 * model in memory (1.35 GB for a 1 MB file that unpacks to 1 GB); exceljs' streaming reader still
 * made several objects per cell and peaked near 480 MB for 100,000 rows. Only the shared strings
 * (the text Excel keeps once for all cells) are held while a sheet is read.
 */

const unreadable = () =>
  new AppError(
    'VALIDATION',
    'This .xlsx file could not be read. If it is an old .xls file or was made by another program, open it in Excel and save it as .xlsx or .csv.',
  );

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

const tooLarge = (unpacked: number) =>
  new AppError(
    'VALIDATION',
    `This .xlsx file unpacks to ${megabytes(unpacked)}, more than an import takes (${megabytes(IMPORT_LIMITS.unpackedBytes)}). ` +
      'Save only the client list (one sheet, no pictures) or split it into smaller files.',
    { detail: { limit: 'unpackedBytes', unpackedBytes: unpacked } },
  );

/**
 * The unpacked size the zip's central directory declares for all its parts. A ZIP64 size (the
 * 32-bit field saturated) counts as over the limit: no client list needs 4 GB.
 */
export function declaredUnpackedBytes(bytes: Uint8Array): number | null {
  const entries = zipEntries(bytes);
  return entries && entries.reduce((total, entry) => total + entry.size, 0);
}

/** The largest single row (or shared string) the reader cuts out: 500 long cells and their markup. */
const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

/**
 * The first worksheet that has any data, as rows with their real row numbers, handed on one at a
 * time as the file is read (nothing holds the whole sheet). Blank rows before a sheet's first
 * data are kept back until data shows, so a sheet with none is passed over for the next one.
 */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  const entries = zipEntries(bytes);
  if (entries === null) throw unreadable();
  const unpacked = entries.reduce((total, entry) => total + entry.size, 0);
  if (unpacked > IMPORT_LIMITS.unpackedBytes) throw tooLarge(unpacked);
  const sheet: Sheet = {
    rows: [],
    format: 'xlsx',
    ...NO_ENCODING,
    delimiter: null,
    sheetName: null,
  };
  sheet.rows = rowsOf(bytes, entries, (name) => (sheet.sheetName = name));
  return sheet;
}

/** What the parts around the sheets say: which sheets, in which order, and how to read their cells. */
interface Workbook {
  sheets: { name: string | null; entry: ZipEntry }[];
  date1904: boolean;
  /** Per cell style (`s`): whether its number format shows a date. */
  dateStyles: boolean[];
  sharedStrings: ZipEntry | undefined;
}

async function* rowsOf(
  bytes: Uint8Array,
  entries: ZipEntry[],
  onSheet: (name: string | null) => void,
): AsyncGenerator<SheetRow> {
  const budget = new InflateBudget(IMPORT_LIMITS.unpackedBytes);
  try {
    const workbook = workbookOf(bytes, entries, budget);
    const strings = workbook.sharedStrings
      ? await sharedStringsOf(entryChunks(bytes, workbook.sharedStrings, budget))
      : [];
    const cells = { strings, dateStyles: workbook.dateStyles, date1904: workbook.date1904 };
    for (const { name, entry } of workbook.sheets) {
      const blankLead: SheetRow[] = [];
      let hasData = false;
      let count = 0;
      let lastNumber = 0;
      for await (const xml of elementsOf(entryChunks(bytes, entry, budget), 'row', MAX_ELEMENT_BYTES)) {
        count += 1;
        if (count > IMPORT_LIMITS.rows) {
          throw new AppError(
            'VALIDATION',
            `This sheet has more than ${IMPORT_LIMITS.rows.toLocaleString('en')} rows, more than one import takes. Split it into smaller files.`,
            { detail: { limit: 'rows', rows: IMPORT_LIMITS.rows } },
          );
        }
        const sheetRow = rowOf(xml, lastNumber + 1, cells);
        lastNumber = sheetRow.number;
        if (hasData) {
          yield sheetRow;
          continue;
        }
        if (sheetRow.cells.every(isBlankCell)) {
          blankLead.push(sheetRow);
          continue;
        }
        hasData = true;
        onSheet(name);
        yield* blankLead;
        yield sheetRow;
      }
      if (hasData) return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof ZipTooLarge) throw tooLarge(error.bytes);
    if (error instanceof ElementTooLarge)
      throw new AppError(
        'VALIDATION',
        `A row of this .xlsx file holds more than ${megabytes(MAX_ELEMENT_BYTES)}, more than an import takes. Save only the client list or split it into smaller files.`,
        { detail: { limit: 'cellChars' } },
      );
    // NotAZip, a damaged deflate stream, or markup too broken to find rows in.
    throw unreadable();
  }
}

/** The entry a path inside the zip names (Excel writes them as given; case is not trusted). */
function entryNamed(entries: ZipEntry[], name: string): ZipEntry | undefined {
  const wanted = name.toLowerCase();
  return entries.find((entry) => entry.name.replace(/\\/g, '/').toLowerCase() === wanted);
}

/** A relationship's target as a path in the zip: relative to xl/, or absolute from the root. */
function partPath(target: string): string {
  const parts: string[] = [];
  for (const part of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** Number formats Excel has built in that show a date or a time. */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A format code that shows a date or time: a y, m, d, h, s or b outside quotes and brackets. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function workbookOf(bytes: Uint8Array, entries: ZipEntry[], budget: InflateBudget): Workbook {
  const text = (entry: ZipEntry | undefined) =>
    entry ? entryBuffer(bytes, entry, budget).toString('utf8') : '';
  const workbookXml = text(entryNamed(entries, 'xl/workbook.xml'));
  const relsXml = text(entryNamed(entries, 'xl/_rels/workbook.xml.rels'));
  const targets = new Map<string, string>();
  for (const tag of openingTags(relsXml, 'Relationship')) {
    const attributes = attributesOf(tag);
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (id && target) targets.set(id, partPath(target));
  }
  const sheets: Workbook['sheets'] = [];
  for (const tag of openingTags(workbookXml, 'sheet')) {
    const attributes = attributesOf(tag);
    const id = [...attributes].find(([key]) => key === 'id' || key.endsWith(':id'))?.[1];
    const target = id ? targets.get(id) : undefined;
    const entry = target ? entryNamed(entries, target) : undefined;
    if (entry) sheets.push({ name: attributes.get('name') ?? null, entry });
  }
  if (sheets.length === 0) {
    // No usable workbook part: the worksheets in the order of their numbers, unnamed.
    const numbered = entries
      .map((entry) => ({ entry, n: /^xl\/worksheets\/sheet(\d+)\.xml$/i.exec(entry.name)?.[1] }))
      .filter((found): found is { entry: ZipEntry; n: string } => found.n !== undefined)
      .sort((a, b) => Number(a.n) - Number(b.n));
    sheets.push(...numbered.map(({ entry }) => ({ name: null, entry })));
  }
  const properties = openingTags(workbookXml, 'workbookPr')[0];
  const date1904 = /^(1|true)$/.test(properties ? (attributesOf(properties).get('date1904') ?? '') : '');

  const stylesXml = text(entryNamed(entries, 'xl/styles.xml'));
  const customFormats = new Map<number, string>();
  for (const tag of openingTags(stylesXml, 'numFmt')) {
    const attributes = attributesOf(tag);
    customFormats.set(Number(attributes.get('numFmtId')), attributes.get('formatCode') ?? '');
  }
  const dateStyles = openingTags(innerOf(stylesXml, 'cellXfs') ?? '', 'xf').map((tag) => {
    const format = Number(attributesOf(tag).get('numFmtId') ?? 0);
    const custom = customFormats.get(format);
    return custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(format);
  });

  const sharedTarget = [...openingTags(relsXml, 'Relationship')]
    .map(attributesOf)
    .find((attributes) => attributes.get('Type')?.endsWith('/sharedStrings'))
    ?.get('Target');
  const sharedStrings =
    (sharedTarget ? entryNamed(entries, partPath(sharedTarget)) : undefined) ??
    entryNamed(entries, 'xl/sharedStrings.xml');
  return { sheets, date1904, dateStyles, sharedStrings };
}

async function sharedStringsOf(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const strings: string[] = [];
  for await (const item of elementsOf(chunks, 'si', MAX_ELEMENT_BYTES)) strings.push(textOf(item));
  return strings;
}

type CellAttributes = ReturnType<typeof cellAttributesOf>;

interface CellReading {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

/** Column A = 0 from a cell reference like "AB12"; -1 when there is none. */
function columnOf(reference: string | undefined): number {
  if (!reference) return -1;
  let column = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const code = reference.charCodeAt(i) & ~0x20; // upper case
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return i === 0 ? -1 : column - 1;
}

/** An Excel day number as the moment it stands for (UTC), as exceljs and Excel count them. */
function excelDate(days: number, date1904: boolean): Date {
  return new Date(Math.round((days - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/**
 * Text cut from a row's markup as a string of its own: V8 keeps a longer substring as a view
 * into the whole row, and an import keeps its accepted rows until the commit.
 */
const detached = (text: string): string => (text.length < 13 ? text : ` ${text}`.slice(1));

/** One cell's value: the text a person sees, a number, a date, true/false or an error like #N/A. */
function cellValue(attributes: CellAttributes, inner: string, reading: CellReading): Cell {
  const type = attributes.t ?? 'n';
  if (type === 'inlineStr') return detached(textOf(innerOf(inner, 'is') ?? ''));
  // A formula counts as what it last computed (Excel stores the result in <v>).
  const raw = innerOf(inner, 'v');
  if (raw === null) return null;
  const value = decodeText(raw);
  switch (type) {
    case 's': {
      const text = reading.strings[Number(value)];
      return text ?? null;
    }
    case 'str':
    case 'e':
      return detached(value);
    case 'b':
      return value === '1' || value === 'true';
    case 'd': {
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : date;
    }
    default: {
      if (value.trim() === '') return null;
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      const style = Number(attributes.s ?? 0);
      return reading.dateStyles[style] ? excelDate(number, reading.date1904) : number;
    }
  }
}

/** A row without its `r` is the one after the row before it. */
function rowOf(xml: string, following: number, reading: CellReading): SheetRow {
  const number = Number(attributesOf(rowTagOf(xml)).get('r')) || following;
  const cells: Cell[] = [];
  let next = 0;
  for (const match of xml.matchAll(CELL)) {
    const attributes = cellAttributesOf(match[1] ?? '');
    const given = columnOf(attributes.r);
    const index = given >= 0 ? given : next;
    next = index + 1;
    if (index >= IMPORT_LIMITS.columns)
      throw new AppError(
        'VALIDATION',
        `Row ${number} has cells past column ${columnLetter(IMPORT_LIMITS.columns - 1)}; an import reads at most ${IMPORT_LIMITS.columns} columns.`,
        { detail: { limit: 'columns' } },
      );
    const value = cellValue(attributes, match[2] ?? '', reading);
    if (typeof value === 'string' && value.length > IMPORT_LIMITS.cellChars)
      throw new AppError(
        'VALIDATION',
        `Cell ${columnLetter(index)}${number} holds ${value.length.toLocaleString('en')} characters; a cell may hold at most ${IMPORT_LIMITS.cellChars.toLocaleString('en')}.`,
        { detail: { limit: 'cellChars', row: number, column: columnLetter(index) } },
      );
    if (value !== null) cells[index] = value;
  }
  // An array of exactly its length: an import keeps its accepted rows until the commit, and an
  // array grown cell by cell holds room for half as many again.
  const exact = new Array<Cell>(cells.length);
  for (let i = 0; i < cells.length; i++) exact[i] = cells[i] ?? null;
  return { number, cells: exact };
}

/** XLSX stores text as UTF-8 XML: there is no encoding to guess. */
const NO_ENCODING = { encoding: null, encodingCertain: true, otherEncodings: [] };
