import { z } from 'zod';
import { defineCalls } from './define';

const ClientId = z.string().uuid('Not a client id');

/** Everything held about one person, as a file they can be given (data subject access). */
export const ClientExport = z.object({
  /** Suggested file name without extension: `<surname>-<id>-<date>`; add `.json` and `.pdf`. */
  fileName: z.string(),
  /** The machine-readable export (pretty-printed JSON). */
  json: z.string(),
  /** A readable A4 summary of the same, in the client's preferred script. */
  pdfBase64: z.string(),
});
export type ClientExport = z.infer<typeof ClientExport>;

export const privacyCalls = defineCalls({
  'clients.exportAll': {
    summary:
      'Everything held about a client (record, casework, packets, consents, audit trail) as JSON and PDF',
    input: z.object({ id: ClientId }).strict(),
    output: ClientExport,
  },
  'clients.erase': {
    summary: 'Erase a client: purge every personal field, keep a tombstone so the erasure syncs (admin)',
    input: z
      .object({
        id: ClientId,
        /** Why the person is erased (their request, a legal ground); checked but not stored as text. */
        reason: z.string().trim().min(3, 'Give the reason for the erasure').max(500),
      })
      .strict(),
    output: z.object({ id: z.string(), erasedAt: z.string() }),
  },
});
