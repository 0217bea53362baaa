import { parse } from 'csv-parse/sync';
import { AppError } from '../../shared/errors';
import type { Sheet } from './sheet';

/**
 * CSV as offices have it: UTF-8 with or without a BOM, UTF-16 ("Unicode text" from Excel), or
 * Windows-1250 from older exports; separated by `;` (Excel in a Serbian locale), `,` or tabs.
 */

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1250';

export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    // `fatal` makes bytes that are not UTF-8 throw instead of turning into U+FFFD; the BOM is dropped.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1250').decode(bytes), encoding: 'windows-1250' };
  }
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

export function readCsv(bytes: Uint8Array): Sheet {
  const { text, encoding } = decodeText(bytes);
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
  // Excel shows one row per record (a quoted line break stays inside its cell), so record n is row n.
  return {
    rows: records.map((cells, i) => ({ number: i + 1, cells })),
    format: 'csv',
    encoding,
    delimiter,
    sheetName: null,
  };
}
