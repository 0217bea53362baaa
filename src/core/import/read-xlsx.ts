import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import { isBlankCell, type Cell } from './cells';
import type { Sheet, SheetRow } from './sheet';

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

/** The first worksheet that has any data, as rows with their real row numbers. */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer,
    );
  } catch {
    throw new AppError(
      'VALIDATION',
      'This .xlsx file could not be read. If it is an old .xls file or was made by another program, open it in Excel and save it as .xlsx or .csv.',
    );
  }
  for (const worksheet of workbook.worksheets) {
    const rows: SheetRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        cells[column - 1] = cellOf(cell.value);
      });
      rows.push({ number: rowNumber, cells: Array.from(cells, (cell) => cell ?? null) });
    });
    if (rows.some((row) => !row.cells.every(isBlankCell))) {
      return { rows, format: 'xlsx', encoding: null, delimiter: null, sheetName: worksheet.name };
    }
  }
  return { rows: [], format: 'xlsx', encoding: null, delimiter: null, sheetName: null };
}
