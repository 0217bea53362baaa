import { z } from 'zod';
import { ClientCategory } from '../client';
import { defineCalls } from './define';

/** Client fields a spreadsheet column can fill (dotted paths for the address parts). */
export const ImportField = z.enum([
  'surname',
  'givenName',
  /** "Prezime i ime" / "Ime i prezime" in one column, split on import. */
  'fullName',
  'parentName',
  'sex',
  'birthDate',
  'birthPlace',
  'birthCountry',
  'jmbg',
  'jmbgOverrideReason',
  'citizenship',
  'phone',
  'address.place',
  'address.municipality',
  'address.street',
  'address.number',
  'address.entrance',
  'address.floor',
  'address.flat',
  'residenceStatus',
  'category',
  'returnDate',
  'returnCountry',
  'readmission',
  'notes',
  'preferredScript',
]);
export type ImportField = z.infer<typeof ImportField>;

export const ImportInput = z
  .object({
    fileName: z.string().regex(/\.(csv|xlsx)$/i, 'Only .csv and .xlsx files can be imported'),
    contentBase64: z.string().min(1, 'The file is empty').max(40_000_000, 'The file is too large'),
    /** Columns the person mapped by hand, by header text; 'ignore' skips a column. */
    mapping: z.record(z.string(), z.union([ImportField, z.literal('ignore')])).default({}),
    /** The category for rows whose sheet has no category column. */
    defaultCategory: ClientCategory.optional(),
    /** Check every row and report, writing nothing. */
    dryRun: z.boolean().default(true),
  })
  .strict();

export const ImportColumn = z.object({
  index: z.number().int(),
  header: z.string(),
  field: ImportField.nullable(),
  how: z.enum(['recognised', 'mapped', 'ignored', 'unknown']),
});

/** How the file was read, so a wrong guess (garbled letters, everything in one column) shows at once. */
export const ImportSource = z.object({
  format: z.enum(['csv', 'xlsx']),
  /** CSV only: utf-8, utf-16le, utf-16be or windows-1250 (old Excel exports). */
  encoding: z.string().nullable(),
  /** CSV only: the column separator found in the header line. */
  delimiter: z.string().nullable(),
  /** XLSX only: the worksheet read (the first one with data). */
  sheet: z.string().nullable(),
  /** The spreadsheet row taken as the header; 0 when the file has no rows. */
  headerRow: z.number().int(),
});

export const ImportReport = z.object({
  fileName: z.string(),
  source: ImportSource,
  columns: z.array(ImportColumn),
  rowCount: z.number().int(),
  acceptedCount: z.number().int(),
  /** `row` is the row number a person sees in the spreadsheet (header = row 1). */
  rejected: z.array(z.object({ row: z.number().int(), problems: z.array(z.string()) })),
  committed: z.boolean(),
  createdCount: z.number().int(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const importCalls = defineCalls({
  'clients.import': {
    summary:
      'Import clients from CSV or XLSX: a dry run reports each rejected row; a commit is all or nothing',
    input: ImportInput,
    output: ImportReport,
  },
  'clients.exportCsv': {
    summary: 'All live clients as CSV (UTF-8 with BOM, so Excel shows Cyrillic)',
    input: z.object({}).strict(),
    output: z.object({ fileName: z.string(), csv: z.string(), count: z.number().int() }),
  },
});
