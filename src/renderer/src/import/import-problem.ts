import { AppError } from '../../../shared/errors';
import type { ImportReport } from '../../../shared/contract/imports';

/**
 * Why a spreadsheet could not even be checked, in the terms the import screen can act on: a
 * category to choose, name columns to map by hand (the core lists the columns it found), or a
 * file-specific reason in the core's words.
 */
export type ImportBlock =
  | { kind: 'needsCategory' }
  | { kind: 'needsNames'; columns: ImportReport['columns'] }
  | { kind: 'other'; error: unknown };

export function importBlockOf(error: unknown, mapping: Record<string, string>): ImportBlock {
  if (error instanceof AppError && error.code === 'VALIDATION') {
    if (error.fields?.defaultCategory) return { kind: 'needsCategory' };
    const columns = error.detail?.columns;
    if (Array.isArray(columns) && columns.every((header) => typeof header === 'string')) {
      return {
        kind: 'needsNames',
        columns: columns.map((header: string, index) => {
          const chosen = mapping[header];
          return {
            index,
            header,
            field:
              chosen && chosen !== 'ignore' ? (chosen as ImportReport['columns'][number]['field']) : null,
            how: chosen === 'ignore' ? 'ignored' : chosen ? 'mapped' : 'unknown',
          };
        }),
      };
    }
  }
  return { kind: 'other', error };
}
