import { z } from 'zod';
import { ClientCategory } from '../client';
import { ImportIssue } from '../import-problems';
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

/**
 * What one import may hold. A spreadsheet is read as a stream and refused, with a message, past
 * any of these, so a small file that unpacks to gigabytes cannot exhaust the PC's memory.
 */
export const IMPORT_LIMITS = {
  rows: 200_000,
  /** XLSX: the sum of the unpacked sizes of the file's parts. */
  unpackedBytes: 400 * 1024 * 1024,
  /** Characters in one cell (the longest field, notes, takes 4,000). */
  cellChars: 10_000,
  columns: 500,
} as const;

/** How a CSV file's bytes are read: detected, or chosen by the person when detection is unsure. */
export const ImportEncoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1250', 'windows-1251']);
export type ImportEncoding = z.infer<typeof ImportEncoding>;

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
    /** CSV only: read the file in this encoding instead of the detected one. */
    encoding: ImportEncoding.optional(),
    /**
     * Commit the accepted rows and skip the rejected ones (listed, and returned as a CSV to fix and
     * import again), still in one transaction; without it a commit is all or nothing.
     */
    skipInvalid: z.boolean().default(false),
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
  /** CSV only: utf-8, utf-16le, utf-16be, windows-1250 (Latin) or windows-1251 (Cyrillic). */
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
  /** `problems` are in English (the CLI prints them); the UI translates `rejectedIssues` instead. */
  rejected: z.array(z.object({ row: z.number().int(), problems: z.array(z.string()) })),
  /** The same rows' problems as codes and values, in the same order, for the UI's languages. */
  rejectedIssues: z.array(z.object({ row: z.number().int(), issues: z.array(ImportIssue) })),
  /**
   * How sure the reading of a CSV's encoding is. Not certain when the bytes fit several 8-bit code
   * pages about equally: a commit is then refused until the person picks one of `choices`, each
   * shown with the names it would give.
   */
  encodingCheck: z.object({
    certain: z.boolean(),
    choices: z.array(z.object({ encoding: ImportEncoding, sample: z.array(z.string()) })),
  }),
  /** The first few names as read, so garbled letters show before anything is written. */
  sample: z.array(z.string()),
  committed: z.boolean(),
  createdCount: z.number().int(),
  /** Rejected rows left out of a `skipInvalid` commit (0 otherwise). */
  skippedCount: z.number().int(),
  /**
   * The rejected rows as a CSV (the file's own header and cells, plus a "Problemi" column), to fix
   * and import again; null when no row was rejected.
   */
  rejectedCsv: z.string().nullable(),
  /**
   * Accepted rows whose place/municipality does not resolve to one row of the municipality codes
   * (packets, issue 12): a city of city municipalities (which one?), a shared name, or an unknown
   * one. They import; their packets ask for the municipality until it is chosen.
   */
  unresolvedMunicipalities: z
    .array(
      z.object({
        row: z.number().int(),
        place: z.string().nullable(),
        municipality: z.string().nullable(),
        status: z.enum(['choose', 'ambiguous', 'unknown']),
        /** The municipalities to choose from (names as in the codes), empty when unknown. */
        options: z.array(z.string()),
      }),
    )
    .default([]),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const importCalls = defineCalls({
  'clients.import': {
    summary:
      'Import clients from CSV or XLSX: a dry run reports each rejected row; a commit is all or nothing, or skips the rejected rows when asked',
    input: ImportInput,
    output: ImportReport,
  },
  'clients.exportCsv': {
    summary: 'All live clients as CSV (UTF-8 with BOM, so Excel shows Cyrillic)',
    input: z.object({}).strict(),
    output: z.object({ fileName: z.string(), csv: z.string(), count: z.number().int() }),
  },
});
