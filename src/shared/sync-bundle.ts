import { z } from 'zod';
import { CarriedBack, CarriedOut } from './document-sync';
import { PulledChange, PushedChange, Refusal } from './sync';

/**
 * Sync by carried file (issue 17), for an office with no link: the PC writes its unsent changes
 * into a bundle, someone carries it to the centre, the server applies it exactly as an online
 * push and writes an answer with everything that PC should pull, which is carried back.
 *
 * A bundle is encrypted and authenticated (AES-256-GCM) with a key only that PC and the server
 * have: derived from the PC's sync token (the PC holds the token, the server its SHA-256 — the
 * same secret that signs in its online syncs), separately for each direction. A lost stick
 * reveals nothing; a changed byte, or a bundle for another PC, is refused.
 *
 * The file format and its sealing are in src/shared/node/bundle-seal.ts (Node only).
 */

export const BundleHeader = z
  .object({
    kind: z.enum(['changes', 'answer']),
    deviceId: z.string().min(1).max(100),
    /** The PC's bundle number; an answer repeats the number of the bundle it answers. */
    sequence: z.number().int().positive(),
    createdAt: z.string(),
  })
  .strict();
export type BundleHeader = z.infer<typeof BundleHeader>;

/** What a PC sends: its unsent changes (in outbox order) and where its pull stands. */
export const ChangesPayload = z.object({
  officeId: z.string(),
  now: z.number().int(),
  /** The last outbox entry the bundle carries: the answer marks everything up to it as sent. */
  lastSeq: z.number().int().nonnegative(),
  changes: z.array(PushedChange).max(500_000),
  /** The PC's pull cursor; 0 for a PC that has pulled nothing yet (it gets a snapshot). */
  cursor: z.number().int().nonnegative(),
  /** Documents' content carried along (issue 15, document-sync.ts). */
  documents: CarriedOut.optional(),
});
export type ChangesPayload = z.infer<typeof ChangesPayload>;

export const AnswerPayload = z.object({
  /** The server's log position after the push: the PC's changes count as sent up to it. */
  head: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  refused: z.array(Refusal),
  /** Rows of a snapshot (a PC that starts from one), then the log after `from` up to `next`. */
  snapshot: z.array(PulledChange).optional(),
  from: z.number().int().nonnegative(),
  changes: z.array(PulledChange),
  next: z.number().int().nonnegative(),
  time: z.number().int(),
  restarted: z.enum(['restored', 'compacted']).optional(),
  /** Documents' content carried back (issue 15, document-sync.ts). */
  documents: CarriedBack.optional(),
});
export type AnswerPayload = z.infer<typeof AnswerPayload>;
