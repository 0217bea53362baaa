import type { ClientFields } from '../../shared/client';
import type { ParsedInput } from '../../shared/contract';
import type { ImportEncoding, ImportReport } from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import { issueText, type ImportIssue } from '../../shared/import-problems';
import type { CoreContext } from '../context';
import { localDate } from '../../shared/dates';
import { createMunicipalityCodes } from '../packets/schedule';
import { holdCallAudit, noteCallAudit } from '../security/audited-calls';
import { cellText, isBlankCell } from './cells';
import { planColumns, recognisedCount } from './columns';
import { headerOf } from './headers';
import { csvLine, forExcel } from './export-csv';
import type { ColumnPlan } from './columns';
import { readCsv } from './read-csv';
import { rowToClient } from './rows';
import { readSheet, type Sheet, type SheetRow } from './sheet';

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

/**
 * The client rules (src/core/clients, src/shared/jmbg.ts) speak English sentences; these are
 * the ones an import meets, as issue codes for the UI to translate. Anything else is passed on
 * as it came (`other`), so nothing is lost if those messages change.
 */
const CLIENT_RULE_ISSUES: readonly [
  RegExp,
  ImportIssue['code'],
  (m: RegExpExecArray) => ImportIssue['values'],
][] = [
  [/^JMBG must have 13 digits, not (\d+)$/, 'jmbgDigits', (m) => ({ count: Number(m[1]) })],
  [/^JMBG must have 13 digits and nothing else/, 'jmbgNotDigits', () => ({})],
  [/^JMBG birth date (\S+) does not exist/, 'jmbgDateMissing', (m) => ({ date: m[1] ?? '' })],
  [/^JMBG birth date (\S+) is in the future/, 'jmbgDateFuture', (m) => ({ date: m[1] ?? '' })],
  [
    /^JMBG control digit should be (\d), not (\d)/,
    'jmbgControlDigit',
    (m) => ({ expected: Number(m[1]), actual: Number(m[2]) }),
  ],
  [
    /^The JMBG gives birth date (\S+), the record says (\S+)$/,
    'jmbgGivesBirthDate',
    (m) => ({ jmbg: m[1] ?? '', record: m[2] ?? '' }),
  ],
  [
    /^The JMBG gives sex (\S+), the record says (\S+)$/,
    'jmbgGivesSex',
    (m) => ({ jmbg: m[1] ?? '', record: m[2] ?? '' }),
  ],
  [
    /^(.+) already has JMBG (\d+); open that record instead\.$/,
    'jmbgTaken',
    (m) => ({ name: m[1] ?? '', jmbg: m[2] ?? '' }),
  ],
];

function issueOfRule(text: string): ImportIssue {
  for (const [pattern, code, values] of CLIENT_RULE_ISSUES) {
    const match = pattern.exec(text);
    if (match) return { code, column: null, values: values(match) };
  }
  return { code: 'other', column: null, values: { text } };
}

/** Issues an AppError from the client rules stands for. */
function issuesOf(error: AppError): ImportIssue[] {
  const listed = error.detail?.problems;
  if (error.code === 'JMBG_INVALID' && Array.isArray(listed) && listed.every((p) => typeof p === 'string'))
    return listed.map(issueOfRule);
  return [issueOfRule(error.message)];
}

/** Rows shown as a sample of how the names read. */
const SAMPLE_ROWS = 5;

/** The columns that hold a name, for the sample of names as read. */
const nameColumnsOf = (plan: ColumnPlan[]) =>
  plan.filter((c) => c.field === 'surname' || c.field === 'givenName' || c.field === 'fullName');

function nameOf(row: SheetRow, nameColumns: ColumnPlan[]): string {
  return nameColumns
    .map((c) => cellText(row.cells[c.index] ?? null))
    .filter((t) => t !== '')
    .join(' ')
    .slice(0, 100);
}

/** The names of the first data rows, as the columns of `plan` read them in these rows. */
function namesOf(rows: Iterable<SheetRow>, headerNumber: number, plan: ColumnPlan[]): string[] {
  const nameColumns = nameColumnsOf(plan);
  const names: string[] = [];
  for (const row of rows) {
    if (names.length === SAMPLE_ROWS) break;
    if (row.number <= headerNumber || row.cells.every(isBlankCell)) continue;
    const name = nameOf(row, nameColumns);
    if (name !== '') names.push(name);
  }
  return names;
}

/**
 * The rows of a sheet read once, in order: the first ones taken ahead to find the header, then
 * the rest as they come (an XLSX is still being read while its rows are checked).
 */
async function headAndRest(sheet: Sheet): Promise<{ head: SheetRow[]; all: AsyncIterable<SheetRow> }> {
  const source = sheet.rows;
  const it: Iterator<SheetRow> | AsyncIterator<SheetRow> =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const head: SheetRow[] = [];
  let candidates = 0;
  while (candidates < HEADER_SEARCH_ROWS) {
    const next = await it.next();
    if (next.done) break;
    head.push(next.value);
    if (!next.value.cells.every(isBlankCell)) candidates += 1;
  }
  async function* all(): AsyncGenerator<SheetRow> {
    yield* head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, all: all() };
}

/** The rejected rows as the person's own file had them, plus what is wrong, to fix and re-import. */
function rejectedAsCsv(
  header: SheetRow,
  rows: Map<number, SheetRow>,
  rejected: ImportReport['rejected'],
): string | null {
  if (rejected.length === 0) return null;
  const width = rejected.reduce(
    (most, r) => Math.max(most, rows.get(r.row)?.cells.length ?? 0),
    header.cells.length,
  );
  const cellsOf = (row: SheetRow) =>
    Array.from({ length: width }, (_, i) => {
      const text = cellText(row.cells[i] ?? null);
      return forExcel(text, /^[\d\s+./-]+$/.test(text)); // a JMBG keeps its leading zero in Excel
    });
  const lines = [csvLine([...cellsOf(header), REJECTED_PROBLEMS_HEADER])];
  for (const { row, problems } of rejected) {
    const cells = rows.get(row);
    if (cells) lines.push(csvLine([...cellsOf(cells), forExcel(problems.join(' | '), false)]));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The extra column of a rejected-rows CSV; the import skips it as an unknown column. */
export const REJECTED_PROBLEMS_HEADER = 'Problemi';

const ENCODING_NAMES: Record<ImportEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1250': 'Windows-1250 (Latin)',
  'windows-1251': 'Windows-1251 (Cyrillic)',
};

/**
 * `clients.import`: read the sheet, turn every row into a client, and check each one with the same
 * rules as the client form plus duplicate JMBGs inside the file. A dry run only reports; a commit
 * writes every row in one transaction, or nothing if any row was rejected — unless the person
 * chose to skip the rejected rows, which are then listed and returned as a CSV.
 */
export async function importClients(
  ctx: CoreContext,
  input: ParsedInput<'clients.import'>,
): Promise<ImportReport> {
  // Reading the municipality codes while checking is no write: the audit entry waits for the commit.
  holdCallAudit();
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const sheet = await readSheet(input.fileName, bytes, input.encoding);
  const { head, all } = await headAndRest(sheet);
  const headerRow = findHeaderRow(head, Object.keys(input.mapping));
  if (!headerRow) throw new AppError('VALIDATION', `"${input.fileName}" has no rows to import.`);

  const plan = planColumns(headerRow.cells, input.mapping);
  if (!plan.some((column) => column.field === 'category') && !input.defaultCategory) {
    throw new AppError(
      'VALIDATION',
      `The sheet has no category column ("${headerOf('category')}"); choose the category for these clients.`,
      { fields: { defaultCategory: 'Choose a category' } },
    );
  }

  /**
   * Accepted rows are kept as the sheet's cells, and only for a commit: 100,000 client objects
   * held at once were most of an import's memory. The commit turns them into clients again, a
   * thousand at a time, inside its one transaction.
   */
  const accepted: SheetRow[] = [];
  let acceptedCount = 0;
  const rejectedRows = new Map<number, SheetRow>();
  // Where each accepted client lives, resolved as packets resolve it (issue 12).
  const unresolvedMunicipalities = unresolvedMunicipalitiesOf(ctx);
  const rejectedIssues: ImportReport['rejectedIssues'] = [];
  /** One rejected row: its issues, and the same in English for the CLI. */
  const reject = (row: SheetRow, issues: ImportIssue[]) => {
    rejectedIssues.push({ row: row.number, issues });
    rejectedRows.set(row.number, row);
  };
  const rowOfJmbg = new Map<string, number>();
  let rowCount = 0;

  const nameColumns = nameColumnsOf(plan);
  const sample: string[] = [];
  for await (const row of all) {
    if (row.number <= headerRow.number || row.cells.every(isBlankCell)) continue;
    rowCount += 1;
    if (sample.length < SAMPLE_ROWS) {
      const name = nameOf(row, nameColumns);
      if (name !== '') sample.push(name);
    }
    const result = rowToClient(row.cells, plan, input.defaultCategory);
    if ('issues' in result) {
      reject(row, result.issues);
      continue;
    }
    const issues: ImportIssue[] = [];
    const { jmbg } = result.fields;
    if (jmbg) {
      const first = rowOfJmbg.get(jmbg);
      if (first === undefined) rowOfJmbg.set(jmbg, row.number);
      else issues.push({ code: 'jmbgAlsoOnRow', column: null, values: { jmbg, row: first } });
    }
    try {
      ctx.clients.check(result.fields);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      issues.push(...issuesOf(error));
    }
    if (issues.length > 0) reject(row, issues);
    else {
      acceptedCount += 1;
      if (!input.dryRun) accepted.push(row);
      unresolvedMunicipalities.check(row.number, result.fields.address);
    }
  }

  const rejected = rejectedIssues.map(({ row, issues }) => ({ row, problems: issues.map(issueText) }));

  // An 8-bit file that reads about as well in another code page: show each reading's names.
  const encodingChoices =
    sheet.encodingCertain || !sheet.encoding
      ? []
      : [sheet.encoding, ...sheet.otherEncodings].map((encoding) => ({
          encoding,
          sample: namesOf(readCsv(bytes, encoding).rows as SheetRow[], headerRow.number, plan),
        }));

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
    acceptedCount,
    rejected,
    rejectedIssues,
    encodingCheck: { certain: sheet.encodingCertain, choices: encodingChoices },
    sample,
    committed: false,
    createdCount: 0,
    skippedCount: 0,
    rejectedCsv: rejectedAsCsv(headerRow, rejectedRows, rejected),
    unresolvedMunicipalities: unresolvedMunicipalities.list,
  };
  if (input.dryRun) return report;

  if (!sheet.encodingCertain && sheet.encoding) {
    const readings = encodingChoices
      .map((choice) => `${ENCODING_NAMES[choice.encoding]}: ${choice.sample.slice(0, 3).join(', ') || '—'}`)
      .join('; ');
    throw new AppError(
      'VALIDATION',
      `The letters of "${input.fileName}" can be read more than one way (${readings}). Choose the encoding whose names are right and import again; nothing was imported.`,
      { fields: { encoding: 'Choose the encoding' }, detail: { encodingChoices } },
    );
  }
  if (rejected.length > 0 && !input.skipInvalid) {
    throw new AppError(
      'IMPORT_REJECTED',
      `${rejected.length} of ${rowCount} rows were rejected, so nothing was imported. Correct them (or remove them from the file) and import again.`,
      {
        detail: {
          rejectedCount: rejected.length,
          acceptedCount,
          rowCount,
          rejected: rejected.slice(0, REJECTED_IN_ERROR),
        },
      },
    );
  }
  // The audit entry goes into the commit's own transaction (security/audited-calls.ts).
  noteCallAudit({ rows: rowCount, created: acceptedCount, skipped: rejected.length, committed: true });
  const createdCount = commitRows(ctx, accepted, plan, input.defaultCategory);
  return { ...report, committed: true, createdCount, skippedCount: rejected.length };
}

/**
 * Rows turned into clients per insert: small enough that a batch's objects die young. With 1,000
 * they lived long enough to be promoted to V8's old space, which grew by about 45 MB during the
 * commit of 100,000 rows; with 100, the heap's peak was 25 MB lower and the commit no slower.
 */
const COMMIT_BATCH = 100;

/**
 * SQLite's page cache while an import commits, in KiB. The connection's usual 32 MiB (db/open.ts)
 * would fill with the new rows' pages, which no one reads again soon; 8 MiB took no longer for
 * 100,000 rows and keeps about 25 MB off the import's peak.
 */
const COMMIT_CACHE_KIB = 8000;

/** The accepted rows as clients, all in one transaction (its audit entry with it). */
function commitRows(
  ctx: CoreContext,
  rows: SheetRow[],
  plan: ColumnPlan[],
  defaultCategory: ClientFields['category'] | undefined,
): number {
  const usual = ctx.db.pragma('cache_size', { simple: true }) as number;
  ctx.db.pragma(`cache_size = -${COMMIT_CACHE_KIB}`);
  try {
    return insertRows(ctx, rows, plan, defaultCategory);
  } finally {
    ctx.db.pragma(`cache_size = ${usual}`);
  }
}

function insertRows(
  ctx: CoreContext,
  rows: SheetRow[],
  plan: ColumnPlan[],
  defaultCategory: ClientFields['category'] | undefined,
): number {
  return ctx.db
    .transaction(() => {
      let created = 0;
      for (let start = 0; start < rows.length; start += COMMIT_BATCH) {
        const batch: ClientFields[] = [];
        for (const row of rows.slice(start, start + COMMIT_BATCH)) {
          const result = rowToClient(row.cells, plan, defaultCategory);
          // The same cells gave these fields a moment ago; anything else is a bug, not a row to skip.
          if (!('fields' in result))
            throw new AppError('INTERNAL', `Row ${row.number} changed while importing.`);
          batch.push(result.fields);
        }
        created += ctx.clients.createMany(batch).length;
      }
      return created;
    })
    .immediate();
}

/** The accepted rows whose municipality the packets could not resolve to one code row. */
function unresolvedMunicipalitiesOf(ctx: CoreContext) {
  const codes = createMunicipalityCodes(ctx.db, ctx.clock);
  const today = localDate(ctx.clock());
  const list: ImportReport['unresolvedMunicipalities'] = [];
  // A list repeats a few hundred places down 100,000 rows: resolve each pair once.
  const seen = new Map<string, ReturnType<typeof codes.resolve>>();
  return {
    list,
    check(row: number, address: ClientFields['address']): void {
      if (!address.place && !address.municipality) return;
      const key = `${address.place ?? ''}\u0000${address.municipality ?? ''}`;
      const resolved = seen.get(key) ?? codes.resolve(address, today);
      seen.set(key, resolved);
      if (resolved.status === 'resolved' || resolved.status === 'empty') return;
      list.push({
        row,
        place: address.place,
        municipality: address.municipality,
        status: resolved.status,
        options: resolved.status === 'unknown' ? [] : resolved.options.map((option) => option.name),
      });
    },
  };
}
