import { z } from 'zod';
import { ErrorCode } from '../errors';
import { FieldValue, Office } from '../sync';
import { defineCalls } from './define';

/** Sync on demand (DESIGN.md §3): enrol this PC with the central server, sync, settle conflicts, transfer a client. */

export const SyncProgress = z.object({
  phase: z.enum(['push', 'pull']),
  pushed: z.number().int(),
  pulled: z.number().int(),
  /** Changes this run set out to send. */
  toPush: z.number().int().optional(),
  /** Records received so far, of `total` the pull is bringing (when the server said). */
  records: z.number().int().optional(),
  total: z.number().int().nullable().optional(),
  /** Bytes this run has sent and received on the wire so far (compressed, headers included). */
  bytesSent: z.number().int().optional(),
  bytesReceived: z.number().int().optional(),
  /** A person asked to cancel: the run stops at the next step, keeping what it completed. */
  cancelling: z.boolean().optional(),
});

/** The kinds of records sync carries, as the Sync panel names them (one per synced table). */
export const SyncKind = z.string();

/** One record about to be sent, in the person's words: whose it is and what happened to it. */
export const OutgoingRecord = z.object({
  kind: SyncKind,
  rowId: z.string(),
  /** The client it belongs to (for a link to the record), when it is about a client. */
  clientId: z.string().nullable(),
  /** Whose record: the client's name, or the record's own name (a partner, an office). */
  label: z.string(),
  /** `new` recorded here, `edited`, or `removed` (a tombstone). */
  action: z.enum(['new', 'edited', 'removed']),
  /** The fields changed (table columns), for an edit. */
  fields: z.array(z.string()),
});
export type OutgoingRecord = z.infer<typeof OutgoingRecord>;

/** One office PC whose changes arrived at the last sync. */
export const ReceivedFrom = z.object({
  /** The PC's clock id (16 hex digits); `name` when the server gave one. */
  node: z.string(),
  name: z.string().nullable(),
  /** Whether it is this PC (a snapshot after a restore brings its own rows back). */
  thisPc: z.boolean(),
  /** The people named on the records (counsellor, who printed or recorded), as written there. */
  who: z.array(z.string()),
  records: z.number().int(),
  changes: z.number().int(),
  /** Records per kind. */
  kinds: z.record(z.string(), z.number().int()),
  /** When its latest change was made (its clock), ISO. */
  latestAt: z.string().nullable(),
});

export const SyncPreview = z.object({
  outgoing: z.object({
    /** Changes waiting to go out, and the records they touch. */
    changes: z.number().int(),
    records: z.number().int(),
    kinds: z.array(z.object({ kind: SyncKind, records: z.number().int(), changes: z.number().int() })),
    /** The first records, oldest change first. */
    items: z.array(OutgoingRecord),
    /** Records not in `items`. */
    more: z.number().int(),
  }),
  /** What the last sync's pull brought from elsewhere; null before any. */
  lastReceived: z
    .object({
      /** When that pull ran. */
      at: z.string(),
      changes: z.number().int(),
      records: z.number().int(),
      /** It stopped before the end (cut or cancelled); the rest comes next time. */
      complete: z.boolean(),
      from: z.array(ReceivedFrom),
      /** The first records received, in the order they came, in the person's words. */
      items: z.array(
        z.object({
          kind: SyncKind,
          rowId: z.string(),
          clientId: z.string().nullable(),
          label: z.string(),
          node: z.string(),
        }),
      ),
      more: z.number().int(),
    })
    .nullable(),
});
export type SyncPreview = z.infer<typeof SyncPreview>;

/** A PC whose last pull did not reach the end of the log: it is behind the centre since `since`. */
export const SyncBehind = z.object({
  since: z.string(),
  have: z.number().int(),
  total: z.number().int().nullable(),
});
export type SyncBehind = z.infer<typeof SyncBehind>;

export const MassDeleteQuestion = z.object({
  /** Records the pull would remove from this PC. */
  deletions: z.number().int(),
  /** Records this PC holds now. */
  liveRecords: z.number().int(),
});

/**
 * A change this PC holds because the server cannot store it (a NUL character in a name, a field
 * the server does not know): it blocks nothing else, and goes out again once the record is edited.
 */
export const UnsentChange = z.object({
  table: z.string(),
  rowId: z.string(),
  /** The client the row belongs to, for a link to the record. */
  clientId: z.string().nullable(),
  /** Whose record: a client's name (a NUL shown as ␀), or the table and id. */
  label: z.string(),
  reason: z.enum(['invalid', 'unknown']),
  field: z.string().nullable(),
  /** "This record could not be sent: the surname contains a NUL character …. Fix it in the record; …" */
  message: z.string(),
});
export type UnsentChange = z.infer<typeof UnsentChange>;

export const SyncStatus = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  deviceId: z.string().nullable(),
  officeId: z.string().nullable(),
  officeName: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastError: z.object({ code: ErrorCode, message: z.string() }).nullable(),
  /** Edits made here not yet sent. */
  pendingCount: z.number().int(),
  /** Conflicts waiting for a person to settle. */
  conflictsCount: z.number().int(),
  /** Changes held here because the server cannot store them (fix the record to send them). */
  unsentCount: z.number().int(),
  /** The first of them, with what to fix. */
  unsent: z.array(UnsentChange),
  /** This clock minus the server's at the last sync (ms); beyond five minutes pushing is refused. */
  clockSkewMs: z.number().int().nullable(),
  /** The last pull stopped to ask before removing many records. */
  awaitingConfirmation: MassDeleteQuestion.nullable(),
  /** A sync in progress. */
  running: SyncProgress.nullable(),
  /** Set while this PC has not pulled everything the centre has for it (an interrupted pull, a new PC). */
  behind: SyncBehind.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** Documents' content moved after the records (issue 15, src/core/sync/documents.ts). */
export const DocumentSyncSummary = z.object({
  /** Contents sent whole, and ones the server already held for this office (not sent again). */
  sent: z.number().int(),
  alreadyThere: z.number().int(),
  /** Contents received and kept; ones the server does not hold yet (their files wait). */
  received: z.number().int(),
  waiting: z.number().int(),
  /** Contents the server would not take or give (e.g. a record not yet on the server). */
  refused: z.number().int(),
  /** Parts that did not match their hash (not kept; asked for again). */
  refusedParts: z.number().int(),
  bytesSent: z.number().int(),
  bytesReceived: z.number().int(),
  /** Files whose record is on this PC and whose content is not yet. */
  notOnThisPc: z.number().int(),
  /** The run's time for documents ran out; the rest goes next time, from where it stopped. */
  stoppedEarly: z.boolean(),
  durationMs: z.number().int(),
  /** Why documents stopped moving this time (the records' sync is not affected). */
  error: z.string().optional(),
});
export type DocumentSyncSummary = z.infer<typeof DocumentSyncSummary>;

export const SyncRunResult = z.object({
  pushed: z.number().int(),
  pulled: z.number().int(),
  /** Changes the server already had (sent again after a cut link): not applied twice. */
  duplicates: z.number().int(),
  /** Conflicts found by this sync. */
  newConflicts: z.number().int(),
  conflictsCount: z.number().int(),
  /** Records that left this office (transferred away). */
  removed: z.number().int(),
  /** Fields kept aside because this version cannot store them yet. */
  parked: z.number().int(),
  /** Changes held on this PC because the server cannot store them (see `sync.status` → `unsent`). */
  unsent: z.number().int(),
  /** Set when the pull stopped before removing many records: run again with `confirmMassDelete`. */
  needsConfirmation: MassDeleteQuestion.nullable(),
  clockSkewMs: z.number().int().nullable(),
  durationMs: z.number().int(),
  /**
   * The pull started again from a snapshot of the office's current rows: `restored` — this PC's
   * database was older than what the server had seen from it (a backup put back); `compacted` —
   * the history it asked for is no longer kept.
   */
  restarted: z.enum(['restored', 'compacted']).optional(),
  /** A person cancelled the run: what it did is kept (whole pages, whole batches); the rest goes next time. */
  cancelled: z.boolean().optional(),
  /** Bytes on the wire both ways (compressed, headers included). */
  bytesSent: z.number().int().optional(),
  bytesReceived: z.number().int().optional(),
  /** Documents' content, moved after the records (issue 15). */
  documents: DocumentSyncSummary.optional(),
});
export type SyncRunResult = z.infer<typeof SyncRunResult>;

export const SyncConflict = z.object({
  id: z.string(),
  table: z.string(),
  rowId: z.string(),
  field: z.string(),
  /** `field`: both changed it; `deleted`: edited on one side, removed on the other; `refused`: the server would not take this change. */
  kind: z.enum(['field', 'deleted', 'refused']),
  /** Whose record: a client's name, or the table and id. */
  label: z.string(),
  /** The client the row belongs to, for a link to the record. */
  clientId: z.string().nullable(),
  localValue: FieldValue,
  remoteValue: FieldValue,
  /** The value in use now, until a person settles it. */
  winner: z.enum(['local', 'remote']),
  detectedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.enum(['local', 'remote']).nullable(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

export const syncCalls = defineCalls({
  'sync.status': {
    summary: 'Sync status: server, last success, pending changes, conflicts, clock, progress',
    input: z.object({}).strict(),
    output: SyncStatus,
  },
  'sync.enroll': {
    summary: 'Enrol this PC with the sync server using a one-time code from the administrator',
    input: z
      .object({
        serverUrl: z.string().trim().min(1, 'Required').max(500),
        code: z.string().trim().min(1, 'Required').max(40),
        deviceName: z.string().trim().max(100).optional(),
        /** The server certificate's SHA-256 fingerprint from the administrator (https servers). */
        certificatePin: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: z.object({
      deviceId: z.string(),
      officeId: z.string(),
      officeName: z.string(),
      /** The certificate fingerprint this PC now trusts (null for a server on this computer). */
      certificatePin: z.string().nullable(),
    }),
  },
  'sync.run': {
    summary: "Send this PC's changes and fetch the office's; stops to ask before removing many records",
    input: z.object({ confirmMassDelete: z.boolean().default(false) }).strict(),
    output: SyncRunResult,
  },
  'sync.preview': {
    summary:
      'What the next sync sends (counts per kind, the records) and what the last one brought from elsewhere',
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: SyncPreview,
  },
  'sync.cancel': {
    summary: 'Cancel the sync in progress; what it completed is kept and the rest goes next time',
    input: z.object({}).strict(),
    output: z.object({ cancelling: z.boolean() }),
  },
  'sync.conflicts': {
    summary: 'Conflicts found by sync, with both values, newest first',
    input: z
      .object({
        includeResolved: z.boolean().default(false),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ items: z.array(SyncConflict), total: z.number().int() }),
  },
  'sync.resolve': {
    summary: 'Settle a conflict by keeping one value; the choice is itself a synced change',
    input: z.object({ id: z.string().min(1), choice: z.enum(['local', 'remote']) }).strict(),
    output: z.object({ settled: z.number().int(), value: FieldValue }),
  },
  'sync.saveChanges': {
    summary: "Seal this PC's unsent changes into a sync file for the centre (an office with no link)",
    input: z.object({}).strict(),
    output: z.object({
      fileName: z.string(),
      contentBase64: z.string(),
      /** Changes the file carries. */
      changes: z.number().int(),
      /** The file's number; its answer must carry the same. */
      sequence: z.number().int(),
      /** Documents' content carried (issue 15), and how many did not fit (they go with the next file). */
      documents: z.object({ carried: z.number().int(), left: z.number().int() }).optional(),
    }),
  },
  'sync.loadAnswer': {
    summary: "Apply the centre's answer file: what it took of this PC's changes and what came from elsewhere",
    input: z.object({ contentBase64: z.string().min(1).max(200_000_000) }).strict(),
    output: z.object({
      pushed: z.number().int(),
      duplicates: z.number().int(),
      refused: z.number().int(),
      pulled: z.number().int(),
      conflicts: z.number().int(),
      /** Documents' content received, and this PC's the server now holds (issue 15). */
      documents: z.object({ received: z.number().int(), held: z.number().int() }).optional(),
    }),
  },
  'sync.offices': {
    summary: 'The offices on the sync server (to choose where a client moves)',
    input: z.object({}).strict(),
    output: z.object({ offices: z.array(Office) }),
  },
  'sync.transfer': {
    summary: 'Move a client and everything recorded about them to another office (the family moved)',
    input: z
      .object({
        clientId: z.string().uuid('Not a client id'),
        toOfficeId: z.string().min(1),
        reason: z.string().trim().min(1, 'Say why the client moves').max(500),
      })
      .strict(),
    output: z.object({ transferId: z.string(), rows: z.number().int(), toOfficeName: z.string() }),
  },
});
