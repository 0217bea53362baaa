import type { ClientFields } from '../../shared/client';
import type { ParsedInput } from '../../shared/contract';
import type { ImportReport } from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../context';
import { cellText, isBlankCell } from './cells';
import { planColumns, recognisedCount } from './columns';
import { headerOf } from './headers';
import { rowToClient } from './rows';
import { readSheet, type SheetRow } from './sheet';

/** How many rejected rows an IMPORT_REJECTED error carries; a dry run reports them all. */
const REJECTED_IN_ERROR = 500;

/** Rows looked at for the header: a title or a blank line above it is common in office sheets. */
const HEADER_SEARCH_ROWS = 10;

/**
 * The header row: the first non-blank row naming at least two columns we know (recognised or
 * mapped by hand), so a title row above the table is skipped; else simply the first non-blank row.
 */
function findHeaderRow(rows: SheetRow[], mappedHeaders: string[]): SheetRow | undefined {
  const candidates: SheetRow[] = [];
  for (const row of rows) {
    if (candidates.length === HEADER_SEARCH_ROWS) break;
    if (!row.cells.every(isBlankCell)) candidates.push(row);
  }
  const mapped = new Set(mappedHeaders.map((h) => h.trim()));
  const known = (row: SheetRow) =>
    recognisedCount(row.cells) + row.cells.filter((cell) => mapped.has(cellText(cell))).length;
  return candidates.find((row) => known(row) >= 2) ?? candidates[0];
}

/** Problems an AppError from the client rules stands for, in the words a person acts on. */
function problemsOf(error: AppError): string[] {
  const listed = error.detail?.problems;
  if (error.code === 'JMBG_INVALID' && Array.isArray(listed) && listed.every((p) => typeof p === 'string'))
    return listed;
  return [error.message];
}

/**
 * `clients.import`: read the sheet, turn every row into a client, and check each one with the same
 * rules as the client form plus duplicate JMBGs inside the file. A dry run only reports; a commit
 * writes every row in one transaction, or nothing if any row was rejected.
 */
export async function importClients(
  ctx: CoreContext,
  input: ParsedInput<'clients.import'>,
): Promise<ImportReport> {
  const sheet = await readSheet(input.fileName, Buffer.from(input.contentBase64, 'base64'));
  const headerRow = findHeaderRow(sheet.rows, Object.keys(input.mapping));
  if (!headerRow) throw new AppError('VALIDATION', `"${input.fileName}" has no rows to import.`);

  const plan = planColumns(headerRow.cells, input.mapping);
  if (!plan.some((column) => column.field === 'category') && !input.defaultCategory) {
    throw new AppError(
      'VALIDATION',
      `The sheet has no category column ("${headerOf('category')}"); choose the category for these clients.`,
      { fields: { defaultCategory: 'Choose a category' } },
    );
  }

  const accepted: ClientFields[] = [];
  const rejected: ImportReport['rejected'] = [];
  const rowOfJmbg = new Map<string, number>();
  let rowCount = 0;

  for (const row of sheet.rows) {
    if (row.number <= headerRow.number || row.cells.every(isBlankCell)) continue;
    rowCount += 1;
    const result = rowToClient(row.cells, plan, input.defaultCategory);
    if ('problems' in result) {
      rejected.push({ row: row.number, problems: result.problems });
      continue;
    }
    const problems: string[] = [];
    const { jmbg } = result.fields;
    if (jmbg) {
      const first = rowOfJmbg.get(jmbg);
      if (first === undefined) rowOfJmbg.set(jmbg, row.number);
      else problems.push(`JMBG ${jmbg} is also on row ${first}`);
    }
    try {
      ctx.clients.check(result.fields);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(...problemsOf(error));
    }
    if (problems.length > 0) rejected.push({ row: row.number, problems });
    else accepted.push(result.fields);
  }

  const columns = plan.map(({ index, header, field, how }) => ({ index, header, field, how }));
  const report: ImportReport = {
    fileName: input.fileName,
    source: {
      format: sheet.format,
      encoding: sheet.encoding,
      delimiter: sheet.delimiter,
      sheet: sheet.sheetName,
      headerRow: headerRow.number,
    },
    columns,
    rowCount,
    acceptedCount: accepted.length,
    rejected,
    committed: false,
    createdCount: 0,
  };
  if (input.dryRun) return report;

  if (rejected.length > 0) {
    throw new AppError(
      'IMPORT_REJECTED',
      `${rejected.length} of ${rowCount} rows were rejected, so nothing was imported. Correct them (or remove them from the file) and import again.`,
      {
        detail: { rejectedCount: rejected.length, rowCount, rejected: rejected.slice(0, REJECTED_IN_ERROR) },
      },
    );
  }
  const ids = ctx.clients.createMany(accepted);
  return { ...report, committed: true, createdCount: ids.length };
}
