import { z } from 'zod';
import { DocumentKind, IsoDate, optionalText } from '../client';
import { defineCalls } from './define';

/**
 * Client documents: scans and photos (PDF, JPEG, PNG) kept on a client, optionally on one of
 * their procedures or referrals. The content lives encrypted inside the office database (see
 * src/core/documents); these schemas carry only what a call needs.
 */

/** What a kept document is: the kinds a client record already knows, a signed form, or other. */
export const AttachmentKind = z.enum([...DocumentKind.options, 'signed_form', 'other']);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

export const DocumentMime = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type DocumentMime = z.infer<typeof DocumentMime>;

/** The largest file kept: a multi-page scan at 300 dpi stays well under it. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** Base64 is 4/3 of the bytes; a little room for padding. */
const MAX_BASE64_CHARS = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 8;

const Id = z.string().uuid('Not a valid id');

export const ClientDocument = z.object({
  id: z.string(),
  clientId: z.string(),
  procedureId: z.string().nullable(),
  referralId: z.string().nullable(),
  /** The printed packet a scanned page came back from (scan-in), when there is one. */
  packetId: z.string().nullable(),
  kind: AttachmentKind,
  /** The document's date (when it was issued or signed; today unless given). */
  date: z.string(),
  note: z.string().nullable(),
  fileName: z.string(),
  mime: DocumentMime,
  /** Bytes as kept (after metadata was stripped). */
  size: z.number().int(),
  /** SHA-256 of the content as kept: the same file attached twice is recognised by it. */
  sha256: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** PDF pages, counted from the file; null for images. */
  pages: z.number().int().nullable(),
  /** What was taken out of the file before keeping it, e.g. ["exif", "gps"]. */
  removedMetadata: z.array(z.string()),
  hasThumbnail: z.boolean(),
  /** Its record came with sync and its content has not yet (issue 15): shown "not yet on this PC". */
  notOnThisPc: z.boolean().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  deletedAt: z.string().nullable(),
});
export type ClientDocument = z.infer<typeof ClientDocument>;

export const AttachDocumentInput = z
  .object({
    clientId: Id,
    procedureId: Id.nullish().transform((v) => v ?? null),
    referralId: Id.nullish().transform((v) => v ?? null),
    kind: AttachmentKind.default('other'),
    date: IsoDate.nullish().transform((v) => v ?? null),
    note: optionalText(500),
    fileName: z.string().trim().min(1, 'Give the file name').max(255, 'At most 255 characters'),
    contentBase64: z
      .string()
      .min(1, 'The file is empty')
      .max(MAX_BASE64_CHARS, `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`),
  })
  .strict();
export type AttachDocumentInput = z.input<typeof AttachDocumentInput>;

/** What scan-in made of one page of a scanned file. */
export const ScanPageResult = z.object({
  file: z.string(),
  /** The page of the scanned file, from 1. */
  page: z.number().int(),
  /** matched: kept on the packet's client; duplicate: that page was already kept; unmatched: not filed. */
  status: z.enum(['matched', 'duplicate', 'unmatched']),
  /**
   * Why a page was not filed: no_code (no QR code found), foreign_code (a QR code that is not a
   * page code, e.g. a payment slip's), forged (a page code whose tag does not fit), unknown_key
   * (made by a PC whose key this one does not hold), unknown_packet (a packet this PC does not
   * know), not_kept (the client can no longer take documents), unreadable, not_a_scan, no_pages.
   */
  reason: z
    .enum([
      'no_code',
      'foreign_code',
      'forged',
      'unknown_key',
      'unknown_packet',
      'not_kept',
      'unreadable',
      'not_a_scan',
      'no_pages',
    ])
    .nullable(),
  message: z.string().optional(),
  clientId: z.string().nullable(),
  packetId: z.string().nullable(),
  documentTitle: z.string().nullable(),
  /** The page of the packet the code names. */
  packetPage: z.number().int().nullable(),
  /** The kept document (matched, or the earlier copy of a duplicate). */
  documentId: z.string().nullable(),
  /** An unmatched page kept in the "Scanned papers" inbox, to be assigned by hand or discarded. */
  inboxId: z.string().nullable().optional(),
});
export type ScanPageResult = z.infer<typeof ScanPageResult>;

/** Why a page waits in the inbox: the reasons of an unmatched page that still has a picture. */
export const InboxReason = z.enum([
  'no_code',
  'foreign_code',
  'forged',
  'unknown_key',
  'unknown_packet',
  'not_kept',
]);
export type InboxReason = z.infer<typeof InboxReason>;

/** A scanned page in the "Scanned papers" inbox: waiting, or assigned to a client, or discarded. */
export const InboxPage = z.object({
  id: z.string(),
  /** The scanned file it came from, and its page there (from 1). */
  fileName: z.string(),
  filePage: z.number().int(),
  reason: InboxReason,
  mime: z.enum(['image/jpeg', 'image/png']),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  status: z.enum(['waiting', 'assigned', 'discarded']),
  /** Assigned: the client and the document the page became. */
  clientId: z.string().nullable(),
  documentId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});
export type InboxPage = z.infer<typeof InboxPage>;

export const documentCalls = defineCalls({
  'documents.attach': {
    summary: 'Keep a scan or photo (PDF, JPEG, PNG) on a client, optionally on a procedure or referral',
    input: AttachDocumentInput,
    output: ClientDocument,
  },
  'documents.list': {
    summary: "A client's documents, newest first (removed ones only when asked), with thumbnails if asked",
    input: z
      .object({
        clientId: Id,
        includeDeleted: z.boolean().default(false),
        /** Small JPEGs of the image documents, by document id (PDFs have none), for the profile. */
        withThumbnails: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      items: z.array(ClientDocument),
      thumbnails: z.record(z.string(), z.string()).optional(),
    }),
  },
  'documents.get': {
    summary: 'One document with its full content, to view or save',
    input: z.object({ id: Id }).strict(),
    // clientId at the top so the audit trail files the view under the person.
    output: z.object({ document: ClientDocument, clientId: z.string(), contentBase64: z.string() }),
  },
  'scans.import': {
    summary:
      'File scanned packet pages (JPEG, PNG, or a scanner PDF) on their clients by the code on each page',
    input: z
      .object({
        fileName: z.string().trim().min(1).max(255),
        contentBase64: z
          .string()
          .min(1, 'The file is empty')
          .max(MAX_BASE64_CHARS, `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`),
      })
      .strict(),
    output: z.object({ pages: z.array(ScanPageResult) }),
  },
  'scans.status': {
    summary: 'Which pages of a printed packet came back signed (scan-in), and which are still missing',
    input: z.object({ packetId: Id }).strict(),
    output: z.object({
      packetId: z.string(),
      clientId: z.string(),
      pageCount: z.number().int(),
      /** Pages of the packet kept from scans, with the document each became. */
      returned: z.array(z.object({ page: z.number().int(), documentId: z.string() })),
      missing: z.array(z.number().int()),
      /**
       * Each document of the packet with its pages and those still missing, for packets that
       * recorded their pages (those with page codes); `missing` above then counts only these
       * pages, as the cover, slips and instructions stay with the client.
       */
      documents: z
        .array(
          z.object({
            document: z.number().int(),
            title: z.string(),
            pages: z.array(z.number().int()),
            missing: z.array(z.number().int()),
          }),
        )
        .optional(),
    }),
  },
  'scans.inbox': {
    summary: 'The "Scanned papers" inbox: pages whose code could not be read, waiting to be assigned by hand',
    input: z
      .object({
        /** Also the pages already assigned or discarded (newest first), for the record. */
        includeResolved: z.boolean().default(false),
        withThumbnails: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      items: z.array(InboxPage),
      thumbnails: z.record(z.string(), z.string()).optional(),
    }),
  },
  'scans.page': {
    summary: 'One waiting inbox page with its picture, to look at before assigning it',
    input: z.object({ id: Id }).strict(),
    output: z.object({ page: InboxPage, contentBase64: z.string() }),
  },
  'scans.assign': {
    summary: 'Keep a waiting inbox page on the client a person chose, as the document kind they chose',
    input: z
      .object({
        id: Id,
        clientId: Id,
        kind: AttachmentKind.default('signed_form'),
        procedureId: Id.nullish().transform((v) => v ?? null),
        note: optionalText(500),
      })
      .strict(),
    output: z.object({ page: InboxPage, document: ClientDocument, clientId: z.string() }),
  },
  'scans.discard': {
    summary: 'Throw a waiting inbox page away (its picture is deleted; the row records who did it)',
    input: z.object({ id: Id }).strict(),
    output: InboxPage,
  },
  'documents.remove': {
    summary: 'Remove a document from the lists (kept until the client is erased)',
    input: z.object({ id: Id }).strict(),
    output: ClientDocument,
  },
});
