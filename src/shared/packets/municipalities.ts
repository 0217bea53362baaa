import { z } from 'zod';
import { IsoDate } from '../client';

/**
 * Municipality codes for model 97 references: a versioned table like the fee schedule, seeded
 * from resources/packets/municipalities.json and corrected by admins.
 */

/** A municipality's three-digit code for model 97 references (the Treasury list, ~170 codes). */
export const MunicipalityInput = z
  .object({
    /** Serbian Latin name as on the Treasury list, e.g. `Voždovac`. */
    name: z.string().trim().min(1, 'Required').max(100),
    nameCyrl: z.string().trim().min(1, 'Required').max(100),
    /** The city a city municipality belongs to (Beograd for Voždovac), if any. */
    city: z
      .string()
      .trim()
      .max(100)
      .nullish()
      .transform((value) => (value ? value : null)),
    /** Null while nobody has entered it from the official list: packets then ask for it. */
    code: z
      .string()
      .trim()
      .regex(/^\d{3}$/, 'Three digits, e.g. 019')
      .nullish()
      .transform((value) => value ?? null),
    effectiveFrom: IsoDate,
    source: z.string().trim().min(1, 'Say where this comes from').max(500),
    verify: z.boolean().default(false),
  })
  .strict();
export type MunicipalityInput = z.input<typeof MunicipalityInput>;
export type MunicipalityFields = z.output<typeof MunicipalityInput>;

export const Municipality = z.object({
  id: z.string(),
  name: z.string(),
  nameCyrl: z.string(),
  city: z.string().nullable(),
  code: z.string().nullable(),
  effectiveFrom: z.string(),
  source: z.string(),
  verify: z.boolean(),
  seeded: z.boolean(),
  current: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Municipality = z.infer<typeof Municipality>;
