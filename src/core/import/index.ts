/**
 * src/core/import — client lists into the app from the CSV and XLSX files offices keep: reading
 * the file (sheet, read-csv, read-xlsx), knowing the headers and words offices use (headers,
 * vocabulary), turning cells and rows into client records (cells, columns, rows) and the dry
 * run / all-or-nothing commit (run). Imports only `shared` and the client service via the context.
 */
import type { CoreContext, Handlers } from '../context';
import { exportClientsCsv } from '../export';
import { importClients } from './run';

/** The calls of `src/shared/contract/imports.ts`: import and its counterpart, export. */
export function importHandlers(ctx: CoreContext): Handlers<'clients.import' | 'clients.exportCsv'> {
  return {
    'clients.import': (input) => importClients(ctx, input),
    'clients.exportCsv': () => exportClientsCsv(ctx),
  };
}
