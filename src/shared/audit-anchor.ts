import { z } from 'zod';

/**
 * Anchoring a PC's audit-trail head on the sync server (issue 13, point 8). At every sync the
 * device sends its head and, for the entry the server last acknowledged, the hash that entry has
 * on the PC *now*. The server keeps the head it saw; if the PC's chain no longer passes through
 * it (entries edited, cut or recomputed), the server refuses to move the anchor, records the
 * break and says so — to the device, whose `audit verify` reports it, and in its own log.
 */
export const AUDIT_ANCHOR_PATH = '/audit-anchor';

const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 / HMAC in hex');
export const AuditPoint = z
  .object({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), hash: Hash })
  .strict();
export type AuditPoint = z.infer<typeof AuditPoint>;

export const AuditAnchorRequest = z
  .object({
    head: AuditPoint,
    /** The PC's current hash at the seq the server acknowledged last time; null on the first anchoring. */
    known: AuditPoint.nullable(),
    /**
     * Heads this PC sent whose answer never came back (the PC was killed or the link cut after the
     * server stored one), each with the hash that entry has on the PC now: the server's copy may
     * be any of them, and a chain that still passes through it still extends what it saw.
     */
    pending: z.array(AuditPoint).max(8).optional(),
  })
  .strict();
export type AuditAnchorRequest = z.infer<typeof AuditAnchorRequest>;

export const AuditAnchorResponse = z.object({
  /** False once the PC's chain stopped passing through what the server saw. */
  extends: z.boolean(),
  /** What the server holds now (unchanged when `extends` is false). */
  anchored: z.object({ seq: z.number().int(), hash: z.string(), at: z.string() }).nullable(),
  brokenAt: z.string().nullable(),
});
export type AuditAnchorResponse = z.infer<typeof AuditAnchorResponse>;
