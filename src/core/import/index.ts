/**
 * src/core/import — the spreadsheets area: client lists into the app from the CSV and XLSX files
 * offices keep, and out of it as a CSV Excel opens. In: reading the file (sheet, read-csv,
 * read-xlsx), knowing the headers and words offices use (headers, vocabulary), turning cells and
 * rows into client records (cells, columns, rows) and the dry run / all-or-nothing commit (run).
 * Out: export-csv, written with the same headers and words so an export reads back without a
 * mapping, and its Excel-proofing (`forExcel`) undone by the import. Imports only `shared` and
 * the client service via the context.
 */
import type { CoreContext, Handlers } from '../context';
import { exportClientsCsv } from './export-csv';
import { importClients } from './run';

/** The calls of `src/shared/contract/imports.ts`: import and its counterpart, export. */
export function importHandlers(ctx: CoreContext): Handlers<'clients.import' | 'clients.exportCsv'> {
  return {
    'clients.import': (input) => importClients(ctx, input),
    'clients.exportCsv': () => exportClientsCsv(ctx),
  };
}
