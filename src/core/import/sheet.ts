import type { ImportEncoding } from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import type { Cell } from './cells';
import { readCsv } from './read-csv';
import { readXlsx } from './read-xlsx';

/** A spreadsheet as rows of cells, whatever file it came from. */
export interface SheetRow {
  /** The row number a person sees in the spreadsheet (1 = the first row). */
  number: number;
  cells: Cell[];
}

export interface Sheet {
  /** In order; an XLSX hands its rows on as it reads them (read-xlsx.ts), read them once. */
  rows: Iterable<SheetRow> | AsyncIterable<SheetRow>;
  format: 'csv' | 'xlsx';
  encoding: ImportEncoding | null;
  /** CSV: false when the detected encoding is a guess between 8-bit code pages. */
  encodingCertain: boolean;
  /** CSV, when unsure: the other encodings the bytes could be in. */
  otherEncodings: ImportEncoding[];
  delimiter: string | null;
  /** XLSX: the worksheet read, known once its first data row is read. */
  sheetName: string | null;
}

export async function readSheet(
  fileName: string,
  bytes: Uint8Array,
  encoding?: ImportEncoding,
): Promise<Sheet> {
  if (/\.xlsx$/i.test(fileName)) return readXlsx(bytes);
  if (/\.csv$/i.test(fileName)) return readCsv(bytes, encoding);
  throw new AppError('VALIDATION', `"${fileName}" is neither a .csv nor an .xlsx file.`);
}
