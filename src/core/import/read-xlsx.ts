import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { IMPORT_LIMITS } from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import { isBlankCell, type Cell } from './cells';
import { columnLetter } from './columns';
import type { Sheet, SheetRow } from './sheet';
import { WholeCharacterWorkbookReader } from './xlsx-stream';

/**
 * XLSX read as a stream (exceljs' WorkbookReader): rows arrive one at a time and the file is
 * refused, with a message, past IMPORT_LIMITS — the unpacked size (from the zip's directory,
 * before anything is inflated), the rows, the columns and the characters in a cell. Loading the
 * whole workbook instead kept every cell's object model in memory: 1.35 GB for a 1 MB file that
 * unpacks to 1 GB.
 */

/** What exceljs gives for a cell, reduced to the value a person sees. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  // A formula counts as what it last computed (Excel stores the result in the file).
  if ('formula' in value || 'sharedFormula' in value) return cellOf(value.result ?? null);
  if ('hyperlink' in value) return cellOf(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return null;
}

const unreadable = () =>
  new AppError(
    'VALIDATION',
    'This .xlsx file could not be read. If it is an old .xls file or was made by another program, open it in Excel and save it as .xlsx or .csv.',
  );

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * The unpacked size the zip's central directory declares for all its parts. A ZIP64 size (the
 * 32-bit field saturated) counts as over the limit: no client list needs 4 GB.
 */
export function declaredUnpackedBytes(bytes: Uint8Array): number | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, view.length - 65_557);
  let end = -1;
  for (let i = view.length - 22; i >= lowest; i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.readUInt16LE(end + 10);
  let at = view.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > view.length || view.readUInt32LE(at) !== 0x02014b50) return null;
    const unpacked = view.readUInt32LE(at + 24);
    total += unpacked === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : unpacked;
    at += 46 + view.readUInt16LE(at + 28) + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
  }
  return total;
}

/**
 * The first worksheet that has any data, as rows with their real row numbers, handed on one at a
 * time as the file is read (nothing holds the whole sheet). Blank rows before a sheet's first
 * data are kept back until data shows, so a sheet with none is passed over for the next one.
 */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  const unpacked = declaredUnpackedBytes(bytes);
  if (unpacked === null) throw unreadable();
  if (unpacked > IMPORT_LIMITS.unpackedBytes) {
    throw new AppError(
      'VALIDATION',
      `This .xlsx file unpacks to ${megabytes(unpacked)}, more than an import takes (${megabytes(IMPORT_LIMITS.unpackedBytes)}). ` +
        'Save only the client list (one sheet, no pictures) or split it into smaller files.',
      { detail: { limit: 'unpackedBytes', unpackedBytes: unpacked } },
    );
  }
  const sheet: Sheet = {
    rows: [],
    format: 'xlsx',
    ...NO_ENCODING,
    delimiter: null,
    sheetName: null,
  };
  sheet.rows = rowsOf(bytes, (name) => (sheet.sheetName = name));
  return sheet;
}

async function* rowsOf(bytes: Uint8Array, onSheet: (name: string | null) => void): AsyncGenerator<SheetRow> {
  const reader = new WholeCharacterWorkbookReader(
    Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
    {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    },
  );
  try {
    for await (const worksheet of reader) {
      const blankLead: SheetRow[] = [];
      let hasData = false;
      let count = 0;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        count += 1;
        if (count > IMPORT_LIMITS.rows) {
          throw new AppError(
            'VALIDATION',
            `This sheet has more than ${IMPORT_LIMITS.rows.toLocaleString('en')} rows, more than one import takes. Split it into smaller files.`,
            { detail: { limit: 'rows', rows: IMPORT_LIMITS.rows } },
          );
        }
        const sheetRow = rowOf(row);
        if (hasData) {
          yield sheetRow;
          continue;
        }
        if (sheetRow.cells.every(isBlankCell)) {
          blankLead.push(sheetRow);
          continue;
        }
        hasData = true;
        onSheet((worksheet as unknown as { name?: string }).name ?? null);
        yield* blankLead;
        yield sheetRow;
      }
      if (hasData) return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable();
  }
}

function rowOf(row: ExcelJS.Row): SheetRow {
  const cells: Cell[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    if (column > IMPORT_LIMITS.columns)
      throw new AppError(
        'VALIDATION',
        `Row ${row.number} has cells past column ${columnLetter(IMPORT_LIMITS.columns - 1)}; an import reads at most ${IMPORT_LIMITS.columns} columns.`,
        { detail: { limit: 'columns' } },
      );
    const value = cellOf(cell.value);
    if (typeof value === 'string' && value.length > IMPORT_LIMITS.cellChars)
      throw new AppError(
        'VALIDATION',
        `Cell ${columnLetter(column - 1)}${row.number} holds ${value.length.toLocaleString('en')} characters; a cell may hold at most ${IMPORT_LIMITS.cellChars.toLocaleString('en')}.`,
        { detail: { limit: 'cellChars', row: row.number, column: columnLetter(column - 1) } },
      );
    cells[column - 1] = value;
  });
  return { number: row.number, cells: Array.from(cells, (cell) => cell ?? null) };
}

/** XLSX stores text as UTF-8 XML: there is no encoding to guess. */
const NO_ENCODING = { encoding: null, encodingCertain: true, otherEncodings: [] };
