import { parse } from 'csv-parse/sync';
import { IMPORT_LIMITS, type ImportEncoding } from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import { columnLetter } from './columns';
import { decodeAs, detectEncoding } from './encoding';
import type { Sheet } from './sheet';

/**
 * CSV as offices have it: UTF-8 with or without a BOM, UTF-16 ("Unicode text" from Excel), or
 * an 8-bit Windows code page from older exports: Windows-1250 (Latin) or Windows-1251 (Cyrillic),
 * told apart in encoding.ts; separated by `;` (Excel in a Serbian locale), `,` or tabs.
 */

export function decodeText(
  bytes: Uint8Array,
  chosen?: ImportEncoding,
): { text: string; encoding: ImportEncoding } {
  const encoding = chosen ?? detectEncoding(bytes).encoding;
  return { text: decodeAs(bytes, encoding), encoding };
}

const DELIMITERS = [';', '\t', ','] as const; // on a tie, the one Serbian Excel writes wins

/** The separator used most in the first non-empty line, counting only outside quotes. */
export function detectDelimiter(text: string): string {
  const firstLine = /^[\s\r\n]*([^\r\n]*)/.exec(text)?.[1] ?? '';
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = counts.get(d) ?? 0;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

export function readCsv(bytes: Uint8Array, chosen?: ImportEncoding): Sheet {
  const guess = chosen ? { encoding: chosen, certain: true, candidates: [] } : detectEncoding(bytes);
  const { text, encoding } = decodeText(bytes, guess.encoding);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('VALIDATION', `The CSV file could not be read: ${reason}`);
  }
  if (records.length > IMPORT_LIMITS.rows + 1)
    throw new AppError(
      'VALIDATION',
      `This file has more than ${IMPORT_LIMITS.rows.toLocaleString('en')} rows, more than one import takes. Split it into smaller files.`,
      { detail: { limit: 'rows', rows: IMPORT_LIMITS.rows } },
    );
  records.forEach((cells, i) => {
    if (cells.length > IMPORT_LIMITS.columns)
      throw new AppError(
        'VALIDATION',
        `Row ${i + 1} has ${cells.length} columns; an import reads at most ${IMPORT_LIMITS.columns}.`,
        { detail: { limit: 'columns' } },
      );
    const long = cells.findIndex((cell) => cell.length > IMPORT_LIMITS.cellChars);
    if (long >= 0)
      throw new AppError(
        'VALIDATION',
        `Cell ${columnLetter(long)}${i + 1} holds ${cells[long]!.length.toLocaleString('en')} characters; a cell may hold at most ${IMPORT_LIMITS.cellChars.toLocaleString('en')}.`,
        { detail: { limit: 'cellChars', row: i + 1, column: columnLetter(long) } },
      );
  });
  // Excel shows one row per record (a quoted line break stays inside its cell), so record n is row n.
  return {
    rows: records.map((cells, i) => ({ number: i + 1, cells })),
    format: 'csv',
    encoding,
    encodingCertain: guess.certain,
    otherEncodings: guess.certain ? [] : guess.candidates.filter((other) => other !== encoding),
    delimiter,
    sheetName: null,
  };
}
