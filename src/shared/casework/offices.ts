import { z } from 'zod';
import { text } from './fields';

/** Offices: the places this installation works for, and their hotspot day. */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const Weekday = z.number().int().min(1).max(7);

export const OfficeInput = z.object({
  name: z.string().trim().min(1, 'Required').max(100),
  city: text(100),
  /** The fixed day of the week a hotspot counsellor sits at this office; null when there is none. */
  hotspotWeekday: Weekday.nullish().transform((value) => value ?? null),
});
export type OfficeInput = z.input<typeof OfficeInput>;
export type OfficeFields = z.output<typeof OfficeInput>;

export const Office = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string().nullable(),
  hotspotWeekday: Weekday.nullable(),
  /** The office this installation works for; the migration creates it as "This office". */
  isDefault: z.boolean(),
});
export type Office = z.infer<typeof Office>;
