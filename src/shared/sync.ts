import { z } from 'zod';
import { HLC_PATTERN, LOCAL_STAMP_PATTERN, NODE_PATTERN } from './hlc';
import { isStorableText, STORABLE_TEXT } from './sync/text';
import { AuditAnchorRequest } from './audit-anchor';

/**
 * The sync wire protocol between a device and the central server (DESIGN.md §3): JSON over HTTP,
 * gzip both ways, short keys because low bandwidth is the normal case. Both ends validate with
 * these schemas; the server answers anything else with a 4xx and changes nothing.
 *
 * A change is one edit of one row: the columns it changed and their new values, stamped with the
 * device's hybrid logical clock (src/shared/hlc.ts). The stamp is the change's id.
 */

export const SYNC_PATH = '/v1';
/** Where the sync server serves new versions of the desktop app (electron-updater's generic feed). */
export const UPDATES_PATH = '/updates';

// The facts both ends share — which tables sync and how, the tombstone field, "the later stamp
// wins" — live in src/shared/sync/ and are reachable from here too.
export * from './sync/registry';
export * from './sync/merge';

export const LIMITS = {
  /** Changes in one push. */
  pushChanges: 2000,
  /** Entries in one pull page. */
  pullChanges: 2000,
  /** Characters in one value (client notes are at most 4000). */
  valueChars: 20_000,
  /** Fields in one change. */
  fieldsPerChange: 200,
  /** Request body after decompression. */
  bodyBytes: 8 * 1024 * 1024,
  /** Clocks further apart than this are refused for pushing (a wrong clock would win every merge). */
  clockSkewMs: 5 * 60 * 1000,
} as const;

const identifier = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'Not a table or column name');
export const TableName = identifier;
export const FieldName = identifier;
export const RowId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'Not a row id');
export const OfficeId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Not an office id');
export const Node = z.string().regex(NODE_PATTERN, 'A node is 16 hex digits');
export const Hlc = z.string().regex(HLC_PATTERN, 'Not a clock stamp');
export const LocalStamp = z.string().regex(LOCAL_STAMP_PATTERN, 'Not a clock stamp');

/** A column's value as JSON: SQLite holds text, numbers and null (booleans arrive as 0/1). */
export const FieldValue = z.union([
  z.string().max(LIMITS.valueChars),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);
export type FieldValue = z.infer<typeof FieldValue>;

export const Fields = z
  .record(FieldName, FieldValue)
  .refine((fields) => Object.keys(fields).length > 0, 'A change changes at least one field')
  .refine((fields) => Object.keys(fields).length <= LIMITS.fieldsPerChange, 'Too many fields in one change');
export type Fields = z.infer<typeof Fields>;

/**
 * A pushed value. Its length and its characters are checked per change by the server (values.ts
 * in src/shared/sync): one record that cannot be stored is refused alone, never the whole push.
 */
export const PushedValue = z.union([z.string(), z.number().finite(), z.boolean(), z.null()]);

/** One change as a device pushes it; `h` is its clock stamp without the node (the server knows the device's node). */
export const PushedChange = z
  .object({
    h: LocalStamp,
    t: TableName,
    r: RowId,
    f: z
      .record(FieldName, PushedValue)
      .refine((fields) => Object.keys(fields).length > 0, 'A change changes at least one field')
      .refine(
        (fields) => Object.keys(fields).length <= LIMITS.fieldsPerChange,
        'Too many fields in one change',
      ),
  })
  .strict();
export type PushedChange = z.infer<typeof PushedChange>;

export const PushRequest = z
  .object({
    /** The device's wall clock (ms): the server refuses a push from a clock far from its own. */
    now: z.number().int().nonnegative(),
    // Which tables are reference data the server knows from src/shared/sync/registry.ts, not from the device.
    changes: z.array(PushedChange).min(1).max(LIMITS.pushChanges),
    /**
     * What else the answer should carry, so a day's work is one round trip, not three or more:
     * the audit anchor (shared/audit-anchor.ts) and the first page of the feed (sync-feed.ts) from
     * `after`. Sent only to a server that said it `folds` (in an answer of its own): an older
     * server refuses keys it does not know, and an older device never sends it and gets the
     * plain answer.
     */
    with: z
      .object({
        anchor: AuditAnchorRequest.optional(),
        feed: z
          .object({
            after: z.number().int().nonnegative(),
            bytes: z
              .number()
              .int()
              .min(1024)
              .max(8 * 1024 * 1024),
            count: z.array(TableName).max(100).default([]),
            total: z.boolean().default(false),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((push) => new Set(push.changes.map((c) => c.h)).size === push.changes.length, {
    message: 'Two changes in one push have the same stamp',
    path: ['changes'],
  });
export type PushRequest = z.input<typeof PushRequest>;

export const Refusal = z.object({
  h: LocalStamp,
  /**
   * `reference`: only the centre writes reference data; `scope`: the row is another office's (or
   * was transferred away); `invalid`: a value cannot be stored (a NUL character, say); `unknown`:
   * a table or field the server does not keep. The first two put the server's values back on the
   * device; the last two leave the change parked there until the record is edited.
   */
  reason: z.enum(['reference', 'scope', 'invalid', 'unknown']),
  /** The HTTP-style status of this one change (403 not yours to write, 422 cannot be stored). */
  status: z.number().int().min(400).max(499).default(403),
  /** What is wrong, for a person: "the surname contains a NUL character …". */
  message: z.string().default('The server does not take this change from this office.'),
  /** The field at fault, when one is. */
  field: FieldName.optional(),
  /** The server's values of the refused fields, so the device can put them back. */
  current: z.record(FieldName, FieldValue),
});
export type Refusal = z.infer<typeof Refusal>;

export const PushResponse = z.object({
  /** The server's log position after this push: once a device has pulled up to here, it has seen how it ended. */
  head: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  /** Changes the server already had (a replay after a cut link). */
  duplicates: z.number().int().nonnegative(),
  refused: z.array(Refusal),
  time: z.number().int(),
  /** This server takes `with` in a push (and answers it); absent from older servers. */
  folds: z.boolean().optional(),
});
export type PushResponse = z.infer<typeof PushResponse>;

/**
 * One entry of the server log as a device pulls it: the fields that won, with the stamp of the
 * change. `k: 'full'` carries a whole row (a client transferred in: fields absent are null);
 * `k: 'gone'` says the row left this office's scope (transferred away) and has no fields.
 */
export const PulledChange = z
  .object({
    /** Its position in the log. */
    s: z.number().int().nonnegative(),
    t: TableName,
    r: RowId,
    h: Hlc,
    f: z.record(FieldName, FieldValue).optional(),
    k: z.enum(['full', 'gone']).optional(),
  })
  .strict();
export type PulledChange = z.infer<typeof PulledChange>;

export const PullQuery = z
  .object({
    after: z.coerce.number().int().nonnegative(),
    limit: z.coerce.number().int().min(1).max(LIMITS.pullChanges).default(LIMITS.pullChanges),
    /** Comma-separated tables whose tombstones ahead should be counted (the mass-delete fail-safe). */
    count: z
      .string()
      .max(2000)
      .optional()
      .transform((value) => (value ? value.split(',') : []))
      .pipe(z.array(TableName).max(100)),
  })
  .strict();

export const PullResponse = z.object({
  changes: z.array(PulledChange),
  /** The cursor to ask from next time. */
  next: z.number().int().nonnegative(),
  more: z.boolean(),
  /** Rows of the counted tables that the log ahead of the cursor removes (present when asked). */
  deletesAhead: z.number().int().nonnegative().optional(),
  time: z.number().int(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const EnrolmentCode = z
  .string()
  .transform((code) => code.toUpperCase().replace(/[^A-Z0-9]/g, ''))
  .pipe(z.string().regex(/^[A-Z0-9]{12}$/, 'An enrolment code has 12 letters and digits'));

export const EnrollRequest = z
  .object({
    code: EnrolmentCode,
    node: Node,
    name: z.string().trim().max(100).refine(isStorableText, STORABLE_TEXT).optional(),
  })
  .strict();
export type EnrollRequest = z.input<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  deviceId: z.string(),
  token: z.string(),
  officeId: OfficeId,
  officeName: z.string(),
  centre: z.boolean(),
  time: z.number().int(),
  /** The server takes `with` in a push (PushRequest); absent from older servers. */
  folds: z.boolean().optional(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

export const Office = z.object({ id: OfficeId, name: z.string(), centre: z.boolean() });
export type Office = z.infer<typeof Office>;
export const OfficeList = z.object({ offices: z.array(Office), time: z.number().int() });

/**
 * Moving a record to another office: the root row (a client) and every row about it — the rows
 * whose column `c` names it, or names a row of table `of` that moves with it (a procedure's
 * steps). The server finds those rows itself from the registry (src/shared/sync/registry.ts);
 * `links`, where a device still sends them, must be among the registry's. The server moves them
 * all and sends the whole record to the new office.
 */
export const TransferRequest = z
  .object({
    t: TableName,
    r: RowId,
    links: z
      .array(z.object({ t: TableName, c: FieldName, of: TableName.optional() }).strict())
      .max(100)
      .default([]),
    to: OfficeId,
    reason: z
      .string()
      .trim()
      .min(1, 'Say why the record moves')
      .max(500)
      .refine(isStorableText, STORABLE_TEXT),
  })
  .strict();
export type TransferRequest = z.input<typeof TransferRequest>;

export const TransferResponse = z.object({
  transferId: z.string(),
  rows: z.number().int().nonnegative(),
  head: z.number().int().nonnegative(),
  time: z.number().int(),
});
export type TransferResponse = z.infer<typeof TransferResponse>;

export const ServerErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'TOO_LARGE',
  'CLOCK_SKEW',
  'CODE_INVALID',
  'CURSOR_AHEAD', // the device has seen more of the log than the server holds (a server restored from backup?)
  'UNAVAILABLE', // the database went away for a moment (a dropped connection): try again
  'INTERNAL',
]);
export type ServerErrorCode = z.infer<typeof ServerErrorCode>;

export const ServerError = z.object({
  error: z.object({
    code: ServerErrorCode,
    message: z.string(),
    detail: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ServerError = z.infer<typeof ServerError>;
