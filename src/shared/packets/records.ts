import { z } from 'zod';
import { PacketOptions } from './options';
import { PacketDocumentRef, PacketFeeLine } from './preflight';
import { PacketProcedure } from './procedures';

/** Printed packets as the packet log keeps them: what went in, the PDF's hash, who printed it when. */

export const PrintKind = z.enum(['generated', 'printed', 'saved', 'reprinted']);
export type PrintKind = z.infer<typeof PrintKind>;

export const PacketRecord = z.object({
  id: z.string(),
  clientId: z.string(),
  procedure: PacketProcedure,
  procedureVersion: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  documents: z.array(PacketDocumentRef),
  fees: z.array(PacketFeeLine),
  options: PacketOptions,
  pageCount: z.number().int(),
  sizeBytes: z.number().int(),
  /** Of the PDF bytes; a reprint must match it. */
  sha256: z.string(),
  /** Who printed, saved or reprinted it and when, oldest first. */
  events: z.array(z.object({ kind: PrintKind, by: z.string(), at: z.string() })),
});
export type PacketRecord = z.infer<typeof PacketRecord>;
