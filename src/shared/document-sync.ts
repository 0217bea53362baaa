import { z } from 'zod';

/**
 * Documents' content over the sync link (issue 15): after the records, a PC offers the server
 * the contents it lacks and fetches the ones it lacks itself, by the SHA-256 of the content as
 * kept (`client_files.sha256`, which the record already carries), in parts of `PART_BYTES`.
 * The server says which parts it holds, so a cut link resumes at the next missing part. Each
 * part travels as raw bytes with its own SHA-256 in `PART_HASH_HEADER`; the whole content is
 * checked against its address before either end keeps it.
 *
 * Every request names the file (`client_files.id`) whose content it is: the server lets a device
 * touch a content only through a file of its own office (transferred clients included).
 */

export const DOCUMENTS_PATH = '/documents';
/** One part: a mobile line moves it in about 8 s, a cut costs at most this much again. */
export const PART_BYTES = 256 * 1024;
export const PART_HASH_HEADER = 'x-part-sha256';
/** Contents asked about in one state request. */
export const STATE_BATCH = 200;

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'Not a SHA-256 (64 hex digits)');
const FileId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'Not a file id');

export const ContentStateRequest = z
  .object({
    contents: z
      .array(z.object({ file: FileId, sha256: Sha256 }).strict())
      .min(1)
      .max(STATE_BATCH),
  })
  .strict();
export type ContentStateRequest = z.infer<typeof ContentStateRequest>;

export const ContentState = z.object({
  file: z.string(),
  sha256: z.string(),
  /**
   * complete: the server holds it whole for this office; partial: some parts (`have`); missing:
   * none; refused: this device may not touch it (`reason`) — e.g. the file is not (yet) on the
   * server, or belongs to another office.
   */
  state: z.enum(['complete', 'partial', 'missing', 'refused']),
  size: z.number().int().nonnegative().optional(),
  parts: z.number().int().nonnegative().optional(),
  have: z.array(z.number().int().nonnegative()).optional(),
  /** Why a content was refused, in words. */
  reason: z.string().optional(),
});
export type ContentState = z.infer<typeof ContentState>;

export const ContentStateResponse = z.object({ contents: z.array(ContentState) });
export type ContentStateResponse = z.infer<typeof ContentStateResponse>;

/**
 * What the server holds for the device's office can shrink: a content sealed under a key the
 * server no longer has, or a damaged copy, is dropped. `GET /documents/epoch` names the server's
 * present holding — its key and how many complete contents of this office it has dropped — so a
 * PC that sees it change forgets which contents it saw the server hold, and offers them again
 * (asking first: a content still held is not sent twice). A server without the route answers 404:
 * the PC then keeps its marks, as before.
 */
export const ContentEpoch = z.object({ epoch: z.string().min(1).max(200) });
export type ContentEpoch = z.infer<typeof ContentEpoch>;

export const PartQuery = z.object({ file: FileId }).strict();

export const PartStored = z.object({
  /** Parts the server now holds of this content, and whether that made it whole. */
  have: z.number().int().nonnegative(),
  parts: z.number().int().nonnegative(),
  complete: z.boolean(),
});
export type PartStored = z.infer<typeof PartStored>;

/** Parts of a content of `size` bytes. */
export function partsOf(size: number): number {
  return Math.max(1, Math.ceil(size / PART_BYTES));
}

/** The length part `part` of a content of `size` bytes must have. */
export function partLength(size: number, part: number): number {
  return Math.min(PART_BYTES, size - part * PART_BYTES);
}

/**
 * Documents in a carried sync file (an office with no link): the PC's file carries the contents
 * it has not yet seen the server hold, and names the ones it lacks; the answer carries those
 * the server holds, and says which of the PC's it now holds. Each way at most `CARRIED_MAX_BYTES`
 * of content (a file stays something a stick and the answer call take); what does not fit goes
 * with the next file, and `left` says how many.
 */
export const CARRIED_MAX_BYTES = 100 * 1024 * 1024;

export const CarriedContent = z.object({ file: FileId, sha256: Sha256, base64: z.string() }).strict();

export const CarriedOut = z
  .object({
    contents: z.array(CarriedContent).max(100_000),
    wanted: z.array(z.object({ file: FileId, sha256: Sha256 }).strict()).max(100_000),
    left: z.number().int().nonnegative(),
  })
  .strict();
export type CarriedOut = z.infer<typeof CarriedOut>;

export const CarriedBack = z.object({
  contents: z.array(CarriedContent),
  /** Contents of the PC's file the server now holds whole for its office. */
  held: z.array(Sha256),
  refused: z.array(z.object({ sha256: Sha256, reason: z.string() })),
  /** Wanted contents the server holds that did not fit in this answer. */
  left: z.number().int().nonnegative(),
  /** The server's holding for the office (`ContentEpoch`); older servers leave it out. */
  epoch: z.string().min(1).max(200).optional(),
});
export type CarriedBack = z.infer<typeof CarriedBack>;
