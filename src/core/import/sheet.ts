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
  rows: SheetRow[];
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  sheetName: string | null;
}

export async function readSheet(fileName: string, bytes: Uint8Array): Promise<Sheet> {
  if (/\.xlsx$/i.test(fileName)) return readXlsx(bytes);
  if (/\.csv$/i.test(fileName)) return readCsv(bytes);
  throw new AppError('VALIDATION', `"${fileName}" is neither a .csv nor an .xlsx file.`);
}
