import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { columnLetter } from '../../core';
import { ClientCategory } from '../../shared/client';
import type { ImportReport } from '../../shared/contract/imports';
import { ImportEncoding, ImportField } from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import {
  commonOptions,
  dataDirOf,
  parsedOrUsageError,
  UsageError,
  withCore,
  type Command,
  type CommandIo,
} from '../command';

const HOW: Record<ImportReport['columns'][number]['how'], string> = {
  recognised: 'recognised',
  mapped: 'mapped by hand',
  ignored: 'skipped',
  unknown: 'unknown, skipped',
};

/** `--map "Broj predmeta=ignore"` → ["Broj predmeta", "ignore"]; the last = splits, fields have none. */
function mappingOf(pairs: string[]): Record<string, ImportField | 'ignore'> {
  const mapping: Record<string, ImportField | 'ignore'> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const column = pair.slice(0, Math.max(at, 0)).trim();
    const field = pair.slice(at + 1).trim();
    if (at <= 0 || column === '') throw new UsageError(`--map takes COLUMN=FIELD, not "${pair}".`);
    const known = field === 'ignore' ? field : ImportField.safeParse(field).data;
    if (!known)
      throw new UsageError(
        `"${field}" is not a field. Fields: ${ImportField.options.join(', ')}, or ignore.`,
      );
    mapping[column] = known;
  }
  return mapping;
}

const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function printRejected(rejected: ImportReport['rejected'], write: (line: string) => void): void {
  for (const { row, problems } of rejected) write(`Row ${row}: ${problems.join('; ')}`);
}

function printReport(report: ImportReport, io: CommandIo): void {
  const { source } = report;
  const how =
    source.format === 'csv'
      ? `CSV, ${source.encoding}, "${source.delimiter === '\t' ? 'tab' : source.delimiter}"-separated`
      : `XLSX, sheet "${source.sheet}"`;
  io.stdout(`${report.fileName}: ${how}, header on row ${source.headerRow}`);
  io.stdout('Columns:');
  for (const column of report.columns) {
    const header = column.header === '' ? `(column ${columnLetter(column.index)})` : column.header;
    io.stdout(`  ${header} → ${column.field ?? '—'} (${HOW[column.how]})`);
  }
  // An old Windows code page is where letters go wrong: show how the names read before anything is written.
  if (report.sample.length > 0 && /^windows-/.test(source.encoding ?? ''))
    io.stdout(`Names as read (${source.encoding}): ${report.sample.join(', ')}`);
  if (!report.encodingCheck.certain) {
    io.stdout('The encoding is a guess; the letters read differently in:');
    for (const choice of report.encodingCheck.choices)
      io.stdout(`  --encoding ${choice.encoding}: ${choice.sample.join(', ') || '—'}`);
    io.stdout('Choose the one whose names are right with --encoding; nothing is imported until then.');
  }
  io.stdout(
    `${counted(report.rowCount, 'row')}: ${report.acceptedCount} accepted, ${report.rejected.length} rejected`,
  );
  printRejected(report.rejected, io.stdout);
  // Packets (issue 12): where a client's municipality needs choosing before their slips have a code.
  for (const { row, place, municipality, status, options } of report.unresolvedMunicipalities ?? [])
    io.stdout(
      `Row ${row}: municipality ${[place, municipality].filter(Boolean).join(' / ')} ` +
        (status === 'unknown'
          ? 'is not in the municipality codes'
          : `— choose one of: ${options.join(', ')}`),
    );
}

export const importCommand: Command = {
  name: 'import',
  calls: ['clients.import'],
  summary: 'Import clients from a CSV or XLSX file: all rows or none',
  usage:
    'FILE [--map COLUMN=FIELD …] [--dry-run] [--category CATEGORY] [--encoding ENC] [--skip-invalid] [--rejected-csv OUT] [--data DIR]',
  help: [
    'FILE                 a .csv (UTF-8, UTF-16, Windows-1250 or -1251; ; , or tab) or .xlsx file; the header row names',
    '                     the columns (Prezime, Ime, JMBG, Telefon, Adresa, Mesto … in either script or English)',
    '--map COLUMN=FIELD   fill FIELD from the column headed COLUMN (repeatable); FIELD "ignore" skips it.',
    `                     Fields: ${ImportField.options.join(', ')}`,
    '--dry-run            check every row and report, writing nothing; exits 1 if any row would be rejected',
    `--category CATEGORY  the category of rows without one: ${ClientCategory.options.join(', ')}`,
    `--encoding ENC       read a CSV as ${ImportEncoding.options.join(', ')} (when the detected one is unsure or wrong)`,
    '--skip-invalid       import the good rows and skip the rejected ones (still one transaction; they are listed)',
    '--rejected-csv OUT   write the rejected rows (the file\'s own columns plus "Problemi") to OUT, to fix and import again',
    "--data DIR           the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    '',
    'Without --dry-run the file is checked again and imported in one transaction; if any row is',
    'rejected nothing is written and the rejected rows are listed (exit code 1), unless --skip-invalid',
    'is given. A CSV whose encoding is only a guess is imported after --encoding names it.',
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          ...commonOptions,
          map: { type: 'string', multiple: true },
          'dry-run': { type: 'boolean', default: false },
          category: { type: 'string' },
          encoding: { type: 'string' },
          'skip-invalid': { type: 'boolean', default: false },
          'rejected-csv': { type: 'string' },
        },
      }),
    );
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('Which file? Give the CSV or XLSX file to import.');
    if (extra.length > 0)
      throw new UsageError(`One file at a time; also got ${extra.map((e) => `"${e}"`).join(', ')}.`);
    const mapping = mappingOf(values.map ?? []);
    const category =
      values.category === undefined ? undefined : ClientCategory.safeParse(values.category).data;
    if (values.category !== undefined && !category)
      throw new UsageError(
        `--category is one of ${ClientCategory.options.join(', ')}, not "${values.category}".`,
      );

    const encoding =
      values.encoding === undefined ? undefined : ImportEncoding.safeParse(values.encoding).data;
    if (values.encoding !== undefined && !encoding)
      throw new UsageError(
        `--encoding is one of ${ImportEncoding.options.join(', ')}, not "${values.encoding}".`,
      );
    const rejectedCsvPath =
      values['rejected-csv'] === undefined ? undefined : path.resolve(context.cwd, values['rejected-csv']);

    const filePath = path.resolve(context.cwd, file);
    let content: Buffer;
    try {
      content = readFileSync(filePath);
    } catch (error) {
      throw new UsageError(
        `Cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    const dryRun = values['dry-run'];
    const { io } = context;
    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        try {
          const report = await core.call('clients.import', {
            fileName: path.basename(filePath),
            contentBase64: content.toString('base64'),
            mapping,
            defaultCategory: category,
            dryRun,
            encoding,
            skipInvalid: values['skip-invalid'],
          });
          printReport(report, io);
          if (rejectedCsvPath && report.rejectedCsv) {
            writeFileSync(rejectedCsvPath, report.rejectedCsv);
            io.stdout(
              `The ${counted(report.rejected.length, 'rejected row')} were written to ${rejectedCsvPath}.`,
            );
          }
          if (report.committed) {
            io.stdout(`Imported ${counted(report.createdCount, 'client')}.`);
            if (report.skippedCount > 0)
              io.stdout(`Skipped ${counted(report.skippedCount, 'rejected row')}.`);
            return 0;
          }
          io.stdout('Dry run: nothing was written.');
          return report.rejected.length > 0 || !report.encodingCheck.certain ? 1 : 0;
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'IMPORT_REJECTED') throw error;
          io.stderr(error.message);
          const rejected = (error.detail?.rejected ?? []) as ImportReport['rejected'];
          printRejected(rejected, io.stderr);
          const total = Number(error.detail?.rejectedCount ?? rejected.length);
          if (total > rejected.length)
            io.stderr(`… and ${total - rejected.length} more; run with --dry-run to list them all.`);
          return 1;
        }
      },
      { mustExist: false },
    );
  },
};
