import { z } from 'zod';
import { ScriptCode } from '../client';
import { Municipality } from '../packets';
import { defineCalls } from './define';

/**
 * The office profile: what the first-run wizard asks about the office and Settings → Office
 * changes later. Its name and city are this office's row in casework's offices (so the consent
 * form, the referral slip, the dashboard and the reports print them); the municipality and the
 * packet script are office settings.
 */
export const OfficeProfileInput = z
  .object({
    name: z.string().trim().min(1, 'Required').max(100, 'At most 100 characters'),
    city: z.string().trim().min(1, 'Required').max(100, 'At most 100 characters'),
    /** The municipality's name as in the municipality codes (Latin, e.g. `Palilula (Niš)`). */
    municipality: z.string().trim().min(1, 'Choose the municipality').max(100, 'At most 100 characters'),
    /**
     * The model-97 code for a municipality that has none yet (nobody has entered it from the
     * Treasury list); it becomes a new version in the municipality codes. Empty: left for later.
     */
    municipalityCode: z
      .string()
      .trim()
      .regex(/^(\d{3})?$/, 'Three digits, e.g. 019')
      .nullish()
      .transform((value) => (value ? value : null)),
    /** The script new clients' packet pages (cover, instructions) default to. */
    packetScript: ScriptCode,
  })
  .strict();
export type OfficeProfileInput = z.input<typeof OfficeProfileInput>;
export type OfficeProfileFields = z.output<typeof OfficeProfileInput>;

export const OfficeProfile = z.object({
  name: z.string(),
  city: z.string().nullable(),
  /** The municipality's codes in force today; null until the profile names one. */
  municipality: Municipality.nullable(),
  packetScript: ScriptCode,
  /** The admin account exists but the wizard's later steps (server, backups) were not finished. */
  setupPending: z.boolean(),
});
export type OfficeProfile = z.infer<typeof OfficeProfile>;

export const officeCalls = defineCalls({
  'office.profile': {
    summary: "The office's name, city, municipality (with its code) and packet script",
    input: z.object({}).strict(),
    output: OfficeProfile,
  },
  'office.saveProfile': {
    summary: 'Change the office profile, and enter a missing municipality code with it (admin)',
    input: z.object({ office: OfficeProfileInput }).strict(),
    output: OfficeProfile,
  },
  'office.finishSetup': {
    summary: 'The first-run wizard is done: the next admin sign-in no longer resumes it (admin)',
    input: z.object({}).strict(),
    output: OfficeProfile,
  },
});
