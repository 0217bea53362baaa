import { z } from 'zod';
import { PacketProcedure } from './procedures';

/**
 * Preflight: what would stop a packet or should be checked before it prints (missing values, text
 * that does not fit, fees and codes still to verify), and the documents and fees it would hold.
 */

export const ProblemCode = z.enum([
  'missing', // a required value is empty
  'too_long', // the value does not fit its box
  'glyph', // the embedded font cannot draw some characters
  'foreign_letters', // letters outside the Serbian alphabet in a Cyrillic document
  'citizenship_expired', // the certificate held has expired
  'citizenship_old', // the certificate held is older than six months
  'no_municipality', // the municipality is not in the code table
  'no_municipality_code', // it is, but its code has not been entered
  'unverified', // a fee or code still marked "verify"
  'jmbg_invalid', // the record keeps an invalid JMBG with a reason
  'municipality_choose', // the place is a city of city municipalities, or the name is shared: which one?
  'no_police_account', // the fee goes to the police administration's account, which the office has not entered
  'name_diacritics', // a Latin name without diacritics that looks like it should have them (Djordjevic)
]);
export type ProblemCode = z.infer<typeof ProblemCode>;

export const PreflightProblem = z.object({
  code: ProblemCode,
  /** Errors stop the packet unless they are missing values confirmed blank; warnings only inform. */
  severity: z.enum(['error', 'warning']),
  /** The field, as a path the UI can offer an inline fix for (`client.address.street`, `fees.residence-registration`). */
  field: z.string(),
  /** The document the field appears in (template id), or null for the packet as a whole. */
  document: z.string().nullable(),
  /** The field's caption as printed, in the document's script. */
  label: z.string(),
  message: z.string(),
  /** Where the fix is made: the client record, this packet's options, or Settings (fees and codes). */
  fix: z.enum(['client', 'options', 'settings', 'none']),
  /** Printed as a blank line to fill by hand (allowed for missing values only). */
  blank: z.boolean(),
  /** Values the message refers to (the longest fitting length, the characters that cannot be drawn, dates). */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type PreflightProblem = z.infer<typeof PreflightProblem>;

export const PacketDocumentRef = z.object({ id: z.string(), version: z.number().int(), title: z.string() });

export const PacketFeeLine = z.object({
  key: z.string(),
  /** The fee schedule row (version) used. */
  entryId: z.string(),
  label: z.string(),
  amountPara: z.number().int(),
  effectiveFrom: z.string(),
  waived: z.boolean(),
  legalBasis: z.string().nullable(),
});
export type PacketFeeLine = z.infer<typeof PacketFeeLine>;

export const Preflight = z.object({
  procedure: PacketProcedure,
  procedureVersion: z.number().int(),
  problems: z.array(PreflightProblem),
  /** Problems that stop the packet: errors not confirmed blank. */
  blocking: z.number().int(),
  documents: z.array(PacketDocumentRef),
  fees: z.array(PacketFeeLine),
});
export type Preflight = z.infer<typeof Preflight>;
